"""Finding 1: parallel sign-in attempts must not get past the lockout. 100 simultaneous wrong passwords
for one account, from two app processes' stores, with the right password sent while they are in flight:
exactly 5 passwords are checked against the account's hash and the right one is refused. On SQLite and
on PostgreSQL."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher
from review_fixtures import FAST_HASHER, PASSWORD
from sqlalchemy import func, select

from coach.access.accounts import Accounts, LoginPolicy, login_attempts
from coach.store import Store

WRONG = 100
DEADLINE_S = 60  # the whole race; a stuck attempt fails the test instead of hanging it


class GatedHasher(PasswordHasher):
    """A fast hasher that records every check and holds each one until the test opens the gate, so every
    attempt is in flight at once: the worst case for a lockout read apart from its attempt record."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.checked: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self.gate = threading.Event()

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        with self._lock:
            self.checked.append((str(hash), str(password)))
        self.gate.wait(DEADLINE_S)
        return super().verify(hash, password)

    def checks_of(self, stored_hash: str) -> list[str]:
        with self._lock:
            return [password for hash_, password in self.checked if hash_ == stored_hash]


def _wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + DEADLINE_S
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


def test_100_parallel_wrong_passwords_check_exactly_5_and_the_right_one_is_refused(store: Store) -> None:
    Accounts(store, hasher=FAST_HASHER).add("amy", PASSWORD)
    with store.reading() as conn:
        stored = conn.exec_driver_sql("SELECT password_hash FROM users").scalar_one()
    hasher = GatedHasher()
    policy = LoginPolicy(failure_delay=0)
    with Store(store.url) as other_process:
        # Two stores on one database stand for two app processes behind a load balancer.
        sides = [Accounts(s, hasher=hasher, policy=policy) for s in (store, other_process)]
        for side in sides:
            _ = side._dummy_hash  # hashed now, outside the race
        with ThreadPoolExecutor(max_workers=WRONG + 1) as pool:
            wrong = [
                pool.submit(sides[n % 2].authenticate, "AMY" if n % 3 else "amy", f"wrong guess {n:03d}")
                for n in range(WRONG)
            ]
            # Every wrong attempt has reached its hash check (the account's or the dummy): the first five
            # hold their slots, none has been recorded as a success or failure by a finished check.
            _wait_for(lambda: len(hasher.checked) == WRONG, "every wrong attempt to reach its check")
            right = pool.submit(sides[1].authenticate, "Amy", PASSWORD)
            _wait_for(lambda: len(hasher.checked) == WRONG + 1, "the right password to reach its check")
            hasher.gate.set()
            results = [f.result(timeout=DEADLINE_S) for f in wrong]
            accepted = right.result(timeout=DEADLINE_S)

    assert results == [None] * WRONG
    checked = hasher.checks_of(stored)
    assert len(checked) == policy.max_failures, f"{len(checked)} passwords checked against amy's hash"
    assert PASSWORD not in checked
    assert accepted is None, "the right password got in while the name was locked"
    with store.reading() as conn:
        recorded = conn.execute(select(func.count()).select_from(login_attempts)).scalar_one()
    assert recorded == policy.max_failures, "attempts during the lockout are not recorded"
    assert Accounts(store, hasher=FAST_HASHER).locked("amy")


def test_a_right_password_among_the_first_five_gets_in_and_clears_the_count(store: Store) -> None:
    accounts = Accounts(store, hasher=FAST_HASHER, policy=LoginPolicy(failure_delay=0))
    accounts.add("amy", PASSWORD)
    with ThreadPoolExecutor(max_workers=4) as pool:
        wrong = list(pool.map(lambda n: accounts.authenticate("amy", f"wrong {n}"), range(4)))
    assert wrong == [None] * 4
    assert accounts.authenticate("amy", PASSWORD) is not None
    assert not accounts.locked("amy"), "a success in the last five ends the run of failures"


def test_unknown_disabled_and_locked_names_cost_one_password_check_like_a_known_one(store: Store) -> None:
    hasher = GatedHasher()
    hasher.gate.set()
    accounts = Accounts(store, hasher=hasher, policy=LoginPolicy(failure_delay=0))
    accounts.add("amy", PASSWORD)
    accounts.add("ben", PASSWORD)
    accounts.disable("ben")
    for _ in range(accounts.policy.max_failures):
        accounts.authenticate("cat", "wrong guess")  # an unknown name locks like a real one
    for name, password in (
        ("amy", "wrong guess"),
        ("nobody", PASSWORD),
        ("ben", PASSWORD),
        ("cat", PASSWORD),
    ):
        before = len(hasher.checked)
        assert accounts.authenticate(name, password) is None
        assert len(hasher.checked) - before == 1, name
