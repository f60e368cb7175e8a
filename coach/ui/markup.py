"""Safe text for the page: HTML escaping for the builders, Markdown escaping for the chat.

Everything a trainee types, and everything a persona file or a model says, passes through one of these
before it reaches the browser, so no user or model string is ever read as markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

# CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that start formatting,
# links, images, code or HTML. '<', '>' and '&' are left to html.escape, which turns them into entities.
# ':' too: the chat's Markdown (GFM) turns a bare "https://..." into a link, and would take the escapes
# after it into the link's text; "https\://" is no longer a URL to it and shows as typed.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~=:])")


def esc(text: object) -> str:
    """`text` as HTML-escaped text, quotes included (safe in element bodies and attribute values)."""
    return html.escape(str(text), quote=True)


def md_literal(text: str) -> str:
    """`text` for a Markdown-rendering chat bubble, shown exactly as typed: no formatting, no HTML."""
    return html.escape(_MARKDOWN_SPECIAL.sub(r"\\\1", text), quote=False)


def md_italic(text: str) -> str:
    """`text` shown literally, in italics (a stage direction)."""
    return f"*{md_literal(text)}*"


def bullet_list(items: Iterable[str], css_class: str = "") -> str:
    """An escaped <ul>; empty string when there are no items."""
    rows = "".join(f"<li>{esc(item)}</li>" for item in items)
    if not rows:
        return ""
    klass = f' class="{esc(css_class)}"' if css_class else ""
    return f"<ul{klass}>{rows}</ul>"
