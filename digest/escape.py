"""Untrusted text made safe for each output format, shared by the briefing (`digest.render`) and
the small commands' outputs (`digest.output`), and cheap to import: the pasted-article path uses
it without loading the template machinery.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlsplit

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|])")


def clean(text: Any) -> str:
    """One line of untrusted text: no control or bidi-override characters, whitespace collapsed."""
    if text is None:
        return ""
    return " ".join(_CONTROL.sub(" ", str(text)).split())


def markdown_escape(text: str) -> str:
    """Untrusted text as literal Markdown: no emphasis, links, tables or raw HTML from it."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("<", "&lt;")


def safe_url(url: Any) -> str:
    """Only absolute http(s) links survive (no `javascript:`, `data:` or relative paths)."""
    url = clean(url).replace(" ", "%20")
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


def markdown_url(url: str) -> str:
    """A safe URL (`safe_url`) as a Markdown link target: nothing in it can close the link."""
    return quote(url, safe=":/?#[]@!$&'*+,;=%~.-_") if url else ""
