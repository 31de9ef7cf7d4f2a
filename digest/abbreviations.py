"""Abbreviations a sentence never ends on (digest/data/abbreviations.txt), and rejoining the
sentence splits made after one: "Lt." + "Gen. Mark ...", "Former U.S." + "Sen. ...".

Used wherever a whole sentence is shown as a title or headline (ingest's fallback title, story
headlines), so none ends at "Rep" or "Former U.S".
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

_LAST_WORD = re.compile(r"([\w.]+)\.$")


@lru_cache(maxsize=1)
def abbreviations() -> tuple[frozenset[str], frozenset[str]]:
    """(abbreviations always followed by a name, abbreviations that may also end a sentence)."""
    before, may_end, section = set(), set(), None
    # A plain path, not importlib.resources: this runs on the pasted-article path, kept light.
    text = (Path(__file__).parent / "data" / "abbreviations.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line
        elif section == "[before-names]":
            before.add(line)
        else:
            may_end.add(line)
    return frozenset(before), frozenset(may_end)


def ends_in_abbreviation(text: str, next_part: str = "") -> bool:
    """Does `text` end on an abbreviation's full stop (so a sentence split there is wrong)?"""
    match = _LAST_WORD.search(text.rstrip())
    if not match:
        return False
    word = match.group(1).rsplit(".", 1)[0] if match.group(1).count(".") > 1 else match.group(1)
    word = word.rstrip(".")
    before, may_end = abbreviations()
    if word in before:
        return True
    head = next_part.lstrip("\"'\u201c\u2018( ")[:1]
    return word in may_end and (not next_part or head.islower() or head.isdigit())


def rejoin(sentences: list[str]) -> list[str]:
    """Sentences with every split after an abbreviation undone ("Lt." + "Gen. Mark ...")."""
    out: list[str] = []
    for sentence in sentences:
        if out and ends_in_abbreviation(out[-1], sentence):
            out[-1] = f"{out[-1]} {sentence}"
        else:
            out.append(sentence)
    return out
