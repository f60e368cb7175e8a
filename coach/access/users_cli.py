"""`coach users ...`: manage the accounts of the web app (add, list, set-role, set-cohort, set-password,
disable, enable, sign-out) in the database the settings name (COACH_DATABASE_URL, else SQLite in
COACH_DATA_DIR).

Passwords are never taken as arguments (they would land in shell history and process lists): they are
prompted for twice, or read as one line from standard input with --password-stdin (for scripts).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from coach.access.accounts import AccountError, Accounts, Role, UnknownUser, User
from coach.access.sign_in_sessions import SessionPolicy, SignInSessions
from coach.config import get_settings
from coach.store import Store

app = typer.Typer(
    help="Manage user accounts (trainee, trainer, admin) for the web app's sign-in.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

UsernameArg = Annotated[str, typer.Argument(help="the user name people sign in with")]
PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="read the password as one line from standard input")
]


@contextmanager
def _accounts() -> Iterator[Accounts]:
    """The accounts of the configured store; account errors become one line and exit status 1."""
    try:
        with Store.from_settings(get_settings()) as store:
            yield Accounts(store)
    except (AccountError, UnknownUser) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


def _describe(user: User) -> str:
    status = "disabled" if user.disabled else "active"
    return f"{user.username:<24} {user.role.value:<8} {user.cohort or '-':<20} {status}"


@app.command("add")
def add(
    username: UsernameArg,
    role: Annotated[Role, typer.Option("--role", help="trainee, trainer or admin")] = Role.trainee,
    cohort: Annotated[
        str | None, typer.Option("--cohort", help="trainers see the trainees of their own cohort")
    ] = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Add an account."""
    password = _password(password_stdin)
    with _accounts() as accounts:
        user = accounts.add(username, password, role=role, cohort=cohort)
    typer.echo(f"added {_describe(user)}")


@app.command("list")
def list_users() -> None:
    """List every account: name, role, cohort, status, and how many browsers are signed in."""
    with _accounts() as accounts:
        found = accounts.list()
        locked = {u.username for u in found if accounts.locked(u.username)}
        sessions = SignInSessions(accounts.store, SessionPolicy.from_settings(get_settings()))
        signed_in = {u.username: sessions.live(u.username) for u in found}
    if not found:
        typer.echo("no accounts yet: add one with `coach users add NAME --role admin`")
        return
    typer.echo(f"{'user':<24} {'role':<8} {'cohort':<20} status")
    for user in found:
        notes = ["locked after failed sign-ins"] if user.username in locked else []
        if signed_in[user.username]:
            notes.append(f"signed in on {signed_in[user.username]} browser(s)")
        typer.echo(_describe(user) + (f" ({'; '.join(notes)})" if notes else ""))


@app.command("set-role")
def set_role(
    username: UsernameArg, role: Annotated[Role, typer.Argument(help="trainee, trainer or admin")]
) -> None:
    """Change an account's role."""
    with _accounts() as accounts:
        typer.echo(f"updated {_describe(accounts.set_role(username, role))}")


@app.command("set-cohort")
def set_cohort(
    username: UsernameArg,
    cohort: Annotated[str, typer.Argument(help="the cohort name; '' removes it")],
) -> None:
    """Put an account in a cohort (trainers see the trainees of their cohort)."""
    with _accounts() as accounts:
        typer.echo(f"updated {_describe(accounts.set_cohort(username, cohort))}")


@app.command("set-password")
def set_password(username: UsernameArg, password_stdin: PasswordStdin = False) -> None:
    """Set a new password for an account."""
    password = _password(password_stdin)
    with _accounts() as accounts:
        typer.echo(f"password changed for {accounts.set_password(username, password).username}")


@app.command("disable")
def disable(username: UsernameArg) -> None:
    """Stop an account signing in; its sessions are kept."""
    with _accounts() as accounts:
        typer.echo(f"updated {_describe(accounts.disable(username))}")


@app.command("sign-out")
def sign_out(username: UsernameArg) -> None:
    """End every sign-in of an account (say, a browser left signed in on a ward PC)."""
    with _accounts() as accounts:
        ended = accounts.sign_out_everywhere(username)
    typer.echo(f"signed out {ended} browser(s) of {username.strip().lower()}")


@app.command("enable")
def enable(username: UsernameArg) -> None:
    """Let a disabled account sign in again."""
    with _accounts() as accounts:
        typer.echo(f"updated {_describe(accounts.enable(username))}")
