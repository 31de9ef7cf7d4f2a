"""The compiled-pattern cache: what it builds from the file is the pattern a fresh compile gives,
a changed pattern is compiled afresh, and a damaged or foreign file costs only the compile."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

from digest.regex_cache import _build, compiling_from

ROOT = Path(__file__).resolve().parent.parent


def _fresh(pattern: str, flags: int = 0) -> re.Pattern:
    re.purge()
    return re.compile(pattern, flags)


def _unique(body: str) -> str:
    """A pattern no earlier test compiled: `re`'s own cache would answer it before ours."""
    return f"(?:{body})|(?:x{uuid.uuid4().hex})"


def test_a_pattern_read_back_from_the_file_matches_as_a_fresh_compile(tmp_path):
    path = tmp_path / "regex.cache"
    pattern = _unique(r"(?P<count>\d+)\s+(?:people|civilians)\s+(were\s+)?(?P<verb>killed|hurt)")
    with compiling_from(path):
        first = re.compile(pattern, re.IGNORECASE)
    assert path.is_file()
    written = path.stat().st_mtime_ns
    re.purge()
    with compiling_from(path):
        again = re.compile(pattern, re.IGNORECASE)
    assert again == _fresh(pattern, re.IGNORECASE) == first  # equal patterns have the same code
    assert again.groupindex == {"count": 1, "verb": 3} and again.groups == 3
    found = again.search("Police said 12 Civilians were killed.")
    assert found and found.group("count", "verb") == ("12", "killed") and found.span() == (12, 36)
    assert path.stat().st_mtime_ns == written  # nothing new compiled: the file is not rewritten


def test_a_changed_pattern_is_compiled_afresh_and_replaces_the_old_entry(tmp_path):
    path = tmp_path / "regex.cache"
    old, new = _unique(r"\bwounded\b"), _unique(r"\binjured\b")
    with compiling_from(path):
        re.compile(old)
    with compiling_from(path):
        changed = re.compile(new)
    assert changed.search("two were injured") and not changed.search("two were wounded")
    kept = [entry[0] for entry in marshal.loads(path.read_bytes())["patterns"]]
    assert kept == [new]


def test_a_damaged_or_foreign_cache_file_only_costs_the_compile(tmp_path):
    path = tmp_path / "regex.cache"
    pattern = _unique(r"(\d+) dead")
    path.write_bytes(b"\x00not marshal at all")
    with compiling_from(path):
        assert re.compile(pattern).match("40 dead").group(1) == "40"
    data = marshal.loads(path.read_bytes())
    data["patterns"][0][2][1] = [0, 1, 2]  # code words _sre refuses
    path.write_bytes(marshal.dumps(data))
    re.purge()
    with compiling_from(path):
        assert re.compile(pattern) == _fresh(pattern)
    other = tmp_path / "other.cache"
    with compiling_from(other):
        re.compile(_unique("elsewhere"))
    data["build"] = "another Python"
    data["patterns"][0][2] = marshal.loads(other.read_bytes())["patterns"][0][2]  # valid code, not this pattern's
    path.write_bytes(marshal.dumps(data))
    re.purge()
    with compiling_from(path):
        assert re.compile(pattern).match("40 dead")


def test_an_unwritable_cache_folder_leaves_compiling_as_it_was(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    pattern = _unique(r"abducted")
    with compiling_from(blocker / "regex.cache"):
        assert re.compile(pattern).search("were abducted")


def test_every_pattern_extraction_caches_is_the_pattern_a_fresh_compile_gives(tmp_path):
    """The extraction warm-up writes its ~600 patterns (rule files, gazetteer, module patterns);
    a second run reads them back. Each cached entry must build exactly the fresh pattern."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    warm = "from digest.brief import _warm_up_extraction; _warm_up_extraction()"
    for _ in range(2):
        subprocess.run([sys.executable, "-c", warm], env=env, check=True, timeout=120)
    cache = next(tmp_path.rglob("regex-cache.marshal"))
    entries = marshal.loads(cache.read_bytes())["patterns"]
    assert len(entries) > 300
    for pattern, flags, made in entries:
        assert _build(pattern, made) == _fresh(pattern, flags), pattern[:80]


def test_a_remembered_value_comes_back_from_the_file_and_a_new_key_is_computed(tmp_path):
    from digest.regex_cache import remembered

    path = tmp_path / "regex.cache"
    calls = []

    def compute(value):
        calls.append(value)
        return value

    with compiling_from(path):
        first = remembered(("factors", "v1", r"\bkilled\b", 2), lambda: compute((frozenset({"killed"}),)))
    assert first == (frozenset({"killed"}),) and calls == [first]

    def refused():
        raise AssertionError("computed again")

    with compiling_from(path):
        assert remembered(("factors", "v1", r"\bkilled\b", 2), refused) == first  # from the file
        assert remembered(("factors", "v2", r"\bkilled\b", 2), lambda: compute(None)) is None  # other code: computed
    assert calls == [first, None]
    assert remembered(("factors", "v1", r"\bkilled\b", 2), lambda: compute("outside")) == "outside"  # no block: computed


def test_an_error_is_not_remembered(tmp_path):
    from digest.regex_cache import remembered

    path = tmp_path / "regex.cache"

    def broken():
        raise re.error("unbalanced parenthesis")

    for _ in range(2):
        with compiling_from(path):
            try:
                remembered(("parses", "v1", "(", 0), broken)
            except re.error:
                pass
            else:
                raise AssertionError("a pattern that does not parse was remembered as parsing")


def test_what_the_rules_read_off_their_patterns_is_what_a_fresh_reading_gives(tmp_path):
    """The warm-up keeps each rule's literals, beginnings and its parse check in the cache file; a
    second run reads them back. Each must equal what the rules' code computes afresh, and a second
    run must find every one of them (the same keys whatever the hash seed)."""
    from digest.extract.rules import _code_version, _needed_factors, _needed_prefixes, _parsed

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    warm = "from digest.brief import _warm_up_extraction; _warm_up_extraction()"
    keys = []
    for seed in ("1", "2", "3"):  # the rules' patterns and keys must not depend on the hash seed
        subprocess.run([sys.executable, "-c", warm], env={**env, "PYTHONHASHSEED": seed}, check=True, timeout=120)
        cache = next(tmp_path.rglob("regex-cache.marshal"))
        derived = marshal.loads(cache.read_bytes())["derived"]
        keys.append(sorted(tuple(key) for key, _ in derived))
    assert keys[1] == keys[2] == keys[0]
    kinds = {key[0] for key, _ in derived}
    assert kinds == {"needed_factors", "needed_prefixes", "parses"} and len(derived) > 500
    for (kind, version, pattern, flags, *rest), value in derived:
        assert version == _code_version()
        if kind == "needed_factors":
            fresh = _needed_factors(pattern, flags, *rest)
        elif kind == "needed_prefixes":
            fresh = _needed_prefixes(pattern, flags)
        else:
            fresh = _parsed(pattern, flags) is not None
        assert value == fresh, (kind, pattern[:80])
