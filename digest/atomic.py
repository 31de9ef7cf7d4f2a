"""One way to write a file so that readers see the old content or the new, never half of it.

The briefing (`-o FILE`) and saved email messages both go through `write_atomic`: a temporary file
in the target's folder, then `os.replace`. A pipe or device given as the target (/dev/stdout, a
FIFO) is written in place, since renaming over it would replace it; a symbolic link is kept and
the file it points at replaced.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_atomic(path: str | Path, data: bytes, *, mode: int | None = None) -> Path:
    """Write `data` to `path` atomically; returns the file written. Raises OSError.

    `mode` None gives the file the permissions a plain open() would (an existing file keeps its
    own); 0o600 keeps a private file private from the first byte on.
    """
    target = Path(path)
    try:
        kind = target.stat().st_mode
    except OSError:
        kind = 0
    if kind and not stat.S_ISREG(kind) and not stat.S_ISDIR(kind):
        with target.open("wb") as fh:
            fh.write(data)
        return target
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        if mode is None:  # mkstemp makes the file private (0600)
            umask = os.umask(0)
            os.umask(umask)
            mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
