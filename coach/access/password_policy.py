"""What a password must be, after NCSC and NIST SP 800-63B: long enough, not the user name, not one
character (or one short run) over and over, not one of the commonest passwords. No composition rules
(a digit, a capital, a symbol): they make passwords harder to remember, not harder to guess.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from coach.datafiles import DataFileError

MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 1024  # argon2 takes any length; a cap keeps one request from costing much more
DENY_LIST = Path(__file__).with_name("common_passwords.txt")
_LONGEST_REPEATED_UNIT = 3  # "aaaaaaaaaa", "ababababab", "abcabcabca"


class WeakPassword(ValueError):
    """A password the policy refuses; str() is one line saying what to do instead."""


def load_deny_list(path: Path = DENY_LIST) -> frozenset[str]:
    """The deny-list file as a set of lower-case passwords; a bad entry names the file and line."""
    entries: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line or line.startswith("#"):
            continue
        where = f"line {number}"
        if line != line.strip() or line != line.lower():
            raise DataFileError(path, where, f"{line!r} must be lower case without surrounding spaces")
        if len(line) < MIN_PASSWORD_CHARS:
            raise DataFileError(
                path,
                where,
                f"{line!r} is shorter than {MIN_PASSWORD_CHARS} characters, so it can never match",
            )
        if line in entries:
            raise DataFileError(path, where, f"{line!r} is listed twice")
        entries.add(line)
    if not entries:
        raise DataFileError(path, None, "the deny-list is empty")
    return frozenset(entries)


@lru_cache(maxsize=1)
def _deny_list() -> frozenset[str]:
    return load_deny_list()


def _one_unit_repeated(password: str) -> bool:
    for size in range(1, _LONGEST_REPEATED_UNIT + 1):
        unit = password[:size]
        if (unit * (len(password) // size + 1))[: len(password)] == password:
            return True
    return False


def check_password(password: str, username: str) -> str:
    """`password` when the policy allows it for `username`; else WeakPassword saying why."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise WeakPassword(f"the password is too short: use at least {MIN_PASSWORD_CHARS} characters")
    if len(password) > MAX_PASSWORD_CHARS:
        raise WeakPassword(f"the password is too long: use at most {MAX_PASSWORD_CHARS} characters")
    folded = password.casefold()
    name = username.strip().casefold()
    if name and name in folded:
        raise WeakPassword("the password must not contain the user name")
    if _one_unit_repeated(folded):
        raise WeakPassword("the password is one character or a short run repeated: use a few unrelated words")
    if folded.strip() in _deny_list():
        raise WeakPassword("that password is one of the most common: use a few unrelated words")
    return password
