"""The HTML of the sign-in page, the signed-out page and the sign-out control, in the app's look.

Plain HTML served by coach.ui.server (no Gradio on these pages: they must work before anyone is signed in,
and the signed-out page must clear the browser's storage before anything else runs).
"""

from __future__ import annotations

from coach.access.accounts import SIGN_IN_MESSAGE
from coach.ui.markup import esc
from coach.ui.theme import FONT

_STYLE = f"""
body {{ font-family: {", ".join(repr(f) if " " in f else f for f in FONT)}; background: #f8fafc;
  color: #1e293b; margin: 0; }}
main {{ max-width: 26rem; margin: 10vh auto; padding: 24px 28px; background: #fff;
  border: 1px solid #e2e8f0; border-radius: 10px; }}
h1 {{ font-size: 1.45rem; margin: 0 0 4px; letter-spacing: -0.01em; }}
p {{ color: #475569; line-height: 1.45; }}
label {{ display: block; font-weight: 600; margin: 14px 0 4px; }}
input {{ width: 100%; box-sizing: border-box; padding: 8px 10px; font-size: 1rem;
  border: 1px solid #cbd5e1; border-radius: 6px; }}
input:focus {{ outline: 2px solid #0d9488; outline-offset: 1px; }}
button {{ margin-top: 18px; width: 100%; padding: 10px; font-size: 1rem; font-weight: 600; color: #fff;
  background: #0f766e; border: 0; border-radius: 6px; cursor: pointer; }}
button:hover {{ background: #115e59; }}
.error {{ color: #9f1239; background: #fff1f2; border: 1px solid #fecdd3; border-radius: 6px;
  padding: 8px 10px; }}
.hint {{ font-size: 0.9rem; }}
"""

SIGN_OUT_CONTROL = (
    '<form method="post" action="/logout" class="sign-out" id="sign-out">'
    '<span class="signed-in-as">Signed in as {name}</span> '
    '<button type="submit" class="sign-out-btn">Sign out</button></form>'
)
"""The sign-out control on the trainee and trainer pages; format with name=the escaped user name."""


def sign_out_control(username: str) -> str:
    return SIGN_OUT_CONTROL.format(name=esc(username))


def _page(title: str, body: str, head: str = "") -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title>{head}<style>{_STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>"
    )


def sign_in_page(*, next_path: str = "/", error: str | None = None, username: str = "") -> str:
    """The sign-in form; `error` is shown above it, `username` refilled (never the password)."""
    problem = f'<p class="error" role="alert">{esc(error)}</p>' if error else ""
    return _page(
        "Sign in - De-escalation practice",
        "<h1>De-escalation practice</h1>"
        f"<p>{esc(SIGN_IN_MESSAGE)}</p>{problem}"
        '<form method="post" action="/login">'
        f'<input type="hidden" name="next" value="{esc(next_path)}">'
        '<label for="username">User name</label>'
        f'<input id="username" name="username" autocomplete="username" maxlength="64" required autofocus '
        f'value="{esc(username)}">'
        '<label for="password">Password</label>'
        '<input id="password" name="password" type="password" autocomplete="current-password" '
        'maxlength="1024" required>'
        '<button type="submit">Sign in</button></form>'
        '<p class="hint">On a shared computer, sign out when you finish: it clears what this browser '
        "kept of your sessions.</p>",
    )


def signed_out_page() -> str:
    """After sign-out: clear this site's browser storage (transcripts, reviewed reports), then go to the
    sign-in page. The script runs in <head>, before anything could read the storage again."""
    script = (
        "<script>try { localStorage.clear(); sessionStorage.clear(); } catch (e) {}"
        "window.location.replace('/login');</script>"
    )
    return _page(
        "Signed out - De-escalation practice",
        "<h1>Signed out</h1><p>This browser no longer keeps anything of your sessions.</p>"
        '<p><a href="/login">Sign in again</a></p>',
        head=script,
    )
