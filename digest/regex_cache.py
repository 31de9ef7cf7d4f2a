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
not grow as the rules change.

What the rules read off their patterns' parse (the literals an entry needs for the pre-scan, where
its matches can begin, that it parses at all) costs as much again; `remembered` keeps those values
in the same file, keyed by the pattern and a hash of the source file of the code that reads them
(`digest/extract/rules.py`), so editing that code, like editing a pattern, computes them afresh. `_sre` validates the code it is given, and each cached entry is
compared with the pattern's fresh compile in the tests (Pattern equality compares the code).
"""

from __future__ import annotations

import logging
import marshal
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

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


def _load(path: Path) -> tuple[dict[tuple[str, int], list[Any]], dict[tuple, Any]]:
    """The file's compiled patterns and derived values; both empty when it is missing, unreadable
    or from another Python build."""
    try:
        data = marshal.loads(path.read_bytes())
        if data.get("build") != _BUILD:
            return {}, {}
        patterns = {(pattern, flags): made for pattern, flags, made in data["patterns"]}
        return patterns, {tuple(key): value for key, value in data.get("derived", [])}
    except (OSError, EOFError, ValueError, KeyError, TypeError, AttributeError):
        return {}, {}  # compile afresh


def _save(path: Path, used: dict[tuple[str, int], list[Any]], derived: dict[tuple, Any]) -> None:
    from digest.atomic import write_atomic

    data = {"build": _BUILD, "patterns": [[pattern, flags, made] for (pattern, flags), made in used.items()],
            "derived": [[list(key), value] for key, value in derived.items()]}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, marshal.dumps(data))
    except (OSError, ValueError) as exc:  # a read-only cache folder only costs the next run the compile time
        log.debug("regex cache not written to %s: %s", path, exc)


class _Derived:
    """The values `remembered` read from the cache file and those this run asked for."""

    def __init__(self, known: dict[tuple, Any]) -> None:
        self.known = known
        self.used: dict[tuple, Any] = {}
        self.missed = False


_ACTIVE: list[_Derived] = []  # the innermost compiling_from block's derived values


def remembered(key: tuple, compute: Callable[[], T]) -> T:
    """`compute()`, or inside `compiling_from` the value the cache file kept for `key` from an
    earlier run: for what is read off a pattern's parse (the literals a rule needs, whether it
    parses at all), which costs as much as compiling it. `key` (str, int and bool values) must
    name the computation, its inputs and the version of the code that computes it; the value
    must be one `marshal` writes (str, int, None, tuples, frozensets). A raised error is not kept."""
    if not _ACTIVE:
        return compute()
    derived = _ACTIVE[-1]
    if key in derived.known:
        value = derived.known[key]
    else:
        value = compute()
        derived.missed = True
    derived.used[key] = value
    return value


@contextmanager
def compiling_from(path: Path | None = None) -> Iterator[None]:
    """Inside this block, `re.compile` (and the module-level helpers) of a str pattern takes the
    compiled code from the cache file at `path` (default `default_path()`) when it is there, and
    `remembered` values too; the file is rewritten afterwards if the block compiled or computed
    anything not in it. Patterns compiled earlier in the process are in `re`'s own cache and are
    not seen here."""
    if _compiler is None:
        yield
        return
    path = path or default_path()
    known, derived_known = _load(path)
    derived = _Derived(derived_known)
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
    _ACTIVE.append(derived)
    try:
        yield
    finally:
        _compiler.compile = original
        _ACTIVE.remove(derived)
    if missed or derived.missed:
        _save(path, used, derived.used)
