"""Progress on stderr for the long commands: the current stage and a bar over articles.

Shown only when stderr is a terminal, so pipes, cron mail and logs stay clean; `--quiet` turns it
off too. Everything writes to one stream and redraws a single line with carriage returns.
"""

from __future__ import annotations

import sys
from typing import TextIO

BAR_WIDTH = 24


class Progress:
    """Stage names and an optional bar; a disabled instance does nothing at all."""

    def __init__(self, stream: TextIO | None = None, enabled: bool = True) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled
        self.stage_name = ""
        self.total = 0
        self.done = 0
        self.unit = "articles"
        self._drawn = ""

    def stage(self, name: str, total: int = 0, unit: str = "articles") -> None:
        """Start a stage; with `total`, later `advance` calls fill a bar up to it (in articles or bytes)."""
        self.stage_name, self.total, self.done, self.unit = name, total, 0, unit
        self._draw()

    def advance(self, count: int = 1) -> None:
        """Record `count` more items of the current stage as done."""
        self.done = min(self.total, self.done + count) if self.total else self.done + count
        self._draw()

    def finish(self) -> None:
        """Clear the progress line so the next output starts on a clean line."""
        if self.enabled and self._drawn:
            self.stream.write("\r" + " " * len(self._drawn) + "\r")
            self.stream.flush()
        self._drawn = ""

    def _line(self) -> str:
        if not self.total:
            return f"{self.stage_name}…"
        filled = BAR_WIDTH * self.done // self.total
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        if self.unit == "bytes":
            return f"{self.stage_name} [{bar}] {self.done / 2**20:.1f}/{self.total / 2**20:.1f} MB"
        return f"{self.stage_name} [{bar}] {self.done}/{self.total} {self.unit}"

    def _draw(self) -> None:
        if not self.enabled:
            return
        line = self._line()
        if line == self._drawn:
            return
        padding = " " * max(0, len(self._drawn) - len(line))
        self.stream.write("\r" + line + padding)
        self.stream.flush()
        self._drawn = line


def for_terminal(quiet: bool = False, stream: TextIO | None = None) -> Progress:
    """A Progress that draws only when `stream` (default stderr) is a terminal and not quiet."""
    stream = stream if stream is not None else sys.stderr
    try:
        interactive = stream.isatty()
    except (AttributeError, ValueError):
        interactive = False
    return Progress(stream, enabled=interactive and not quiet)

