"""Compiled regular expressions kept between runs, so loading extraction's rules costs a file read.

Extraction compiles about 600 regular expressions (its rule files, the actor gazetteer's trie,
module-level patterns) before its first sentence: about a third of a second of CPU, in Python's
own pattern parser, on the critical path of every briefing. `compiling_from(path)` keeps, for
each (pattern, flags) compiled inside it, the compiler's output (the `_sre` code words and group
tables) in a file, and the next run builds the same Pattern objects from that with
`_sre.compile` (C) instead of parsing the pattern again.

The cache is keyed by the pattern text itself, so any change to a rule file (or to the code that
builds a pattern) is a miss that compiles afresh: a stale entry can never be used. The file is written
with `marshal`, as Python's own bytecode caches are (and, like them, trusted as the user's own
file: it sits in the user's cache folder); it names the Python build and `_sre`'s magic number,
and from another interpreter it is ignored. It
holds exactly the patterns the last run compiled (rewritten when that set changes), so it does
not grow as the rules change. `_sre` validates the code it is given, and each cached entry is
compared with the pattern's fresh compile in the tests (Pattern equality compares the code).
"""

from __future__ import annotations

import logging
import marshal
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

try:  # CPython's regular-expression engine; elsewhere (or if its internals moved) no cache
    import _sre
    from re import _compiler, _parser

    _BUILD = f"{sys.implementation.cache_tag} {sys.version} sre {_sre.MAGIC} {_sre.CODESIZE}"
except (ImportError, AttributeError):  # pragma: no cover - other Python implementations
    _compiler = None
    _BUILD = ""


def default_path() -> Path:
    """The cache file in the user's cache folder."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("digest")) / "regex-cache.marshal"


def _compiled(pattern: str | bytes, flags: int) -> tuple[re.Pattern, list[Any]]:
    """`re._compiler.compile(pattern, flags)`, step for step, also giving what `_sre.compile` was
    given (to cache): the parsed pattern's code words and group tables."""
    tree = _parser.parse(pattern, flags)
    code = _compiler._code(tree, flags)
    groupindex = dict(tree.state.groupdict)
    indexgroup: list[str | None] = [None] * tree.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    # plain ints: the compiler's opcodes are an int subclass, which marshal does not write
    made = [int(flags | tree.state.flags), [int(word) for word in code], tree.state.groups - 1, groupindex, indexgroup]
    return _build(pattern, made), made


def _build(pattern: str | bytes, made: list[Any]) -> re.Pattern:
    final_flags, code, groups, groupindex, indexgroup = made
    return _sre.compile(pattern, final_flags, code, groups, groupindex, tuple(indexgroup))


def _load(path: Path) -> dict[tuple[str, int], list[Any]]:
    try:
        data = marshal.loads(path.read_bytes())
        if data.get("build") != _BUILD:
            return {}
        return {(pattern, flags): made for pattern, flags, made in data["patterns"]}
    except (OSError, EOFError, ValueError, KeyError, TypeError, AttributeError):
        return {}  # missing, unreadable or from another version: compile afresh


def _save(path: Path, used: dict[tuple[str, int], list[Any]]) -> None:
    from digest.atomic import write_atomic

    data = {"build": _BUILD, "patterns": [[pattern, flags, made] for (pattern, flags), made in used.items()]}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, marshal.dumps(data))
    except (OSError, ValueError) as exc:  # a read-only cache folder only costs the next run the compile time
        log.debug("regex cache not written to %s: %s", path, exc)


@contextmanager
def compiling_from(path: Path | None = None) -> Iterator[None]:
    """Inside this block, `re.compile` (and the module-level helpers) of a str pattern takes the
    compiled code from the cache file at `path` (default `default_path()`) when it is there, and
    the file is rewritten afterwards if the block compiled anything not in it. Patterns compiled
    earlier in the process are in `re`'s own cache and are not seen here."""
    if _compiler is None:
        yield
        return
    path = path or default_path()
    known = _load(path)
    used: dict[tuple[str, int], list[Any]] = {}
    original = _compiler.compile
    missed = False

    def compile_cached(pattern: Any, flags: int = 0) -> re.Pattern:
        nonlocal missed
        if not isinstance(pattern, str) or flags & re.DEBUG:
            return original(pattern, flags)
        key = (pattern, int(flags))
        made = known.get(key)
        if made is not None:
            try:
                compiled = _build(pattern, made)
            except (RuntimeError, TypeError, ValueError, OverflowError):  # a damaged entry: compile it
                made = None
        if made is None:
            compiled, made = _compiled(pattern, int(flags))
            missed = True
        used[key] = made
        return compiled

    _compiler.compile = compile_cached
    try:
        yield
    finally:
        _compiler.compile = original
    if missed:
        _save(path, used)
