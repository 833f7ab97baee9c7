"""The many small regexes a run compiles (the modules' patterns, each
check's phrase lists, the rules' own regexes), compiled once per machine.

Python compiles a regex in Python code; a one-file run compiles about two
hundred of them, some tens of milliseconds in all. Their compiled form is
kept in one file of the user cache (`patterns-*.json`, keyed by the Python
build and, for the `regex` module's patterns, that module's build) and
handed back to the C engines:

- `re` patterns go through `_sre.compile`, which validates the code it is
  given (as regexes.compile_cached, which keeps the big ones, one file each);
- `regex` module patterns (rules' regexes, run with a timeout) go through
  `_regex.compile`, what unpickling such a pattern does. That engine does
  not validate its code, so the file is sealed (cache.read_sealed: a
  CRC-32 of its contents) and the module's version and file stamp are part
  of the key: a damaged, cut or foreign file is never given to it.

Anything unexpected compiles from the source as before. The file is
written once, at exit, when the run compiled patterns it did not hold."""
from __future__ import annotations

import re
import sys

# Entries kept (a run of the default rules uses ~210). Past it, only those of the last run: a file that holds more
# (written by a process that compiled many, such as a test run) is cut to the entries of the next run, since every
# entry costs each run its reading and the garbage collector's walks over it.
BUNDLE_MAX = 300
# Bytes kept (the default rules' file: ~570 kB, most of it boilerplate's literal gates of ~1-140 kB each). Past it,
# the same cut: every edit of a rule's patterns (or a new version of the code) keys its gates anew, and the old ones
# would stay, read by every run, until BUNDLE_MAX entries.
BUNDLE_MAX_BYTES = 1_500_000
_state: dict = {"loaded": False, "re": {}, "regex": {}, "data": {}, "used": set(), "new": False, "regex_stamp": None,
                "where": None, "key": None, "current_stamp": False,  # False: not looked at yet
                "cut": False, "added": False}  # cut: the file read was over a limit; added: this run compiled some


def compiled(pattern: str, flags: int = 0, keep: bool = True) -> re.Pattern:
    """re.compile(pattern, flags), from the user cache when it is there
    (keep False: a regex compiled only to check it, not kept)."""
    flags = int(flags)
    from . import regexes

    if not keep:
        return re.compile(pattern, flags)
    if len(pattern) >= regexes.CACHED_MIN_LENGTH:
        return regexes.compile_cached(pattern, flags)
    entries = _entries("re")
    name = f"{flags}:{pattern}"
    state = entries.get(name) if entries is not None else None
    if state is not None:
        found = _from_re_state(pattern, flags, state)
        if found is not None:
            _state["used"].add(("re", name))
            return found
    try:
        found, full = regexes.compile_with_state(pattern, flags)
    except re.error:
        raise
    except Exception:  # noqa: BLE001 - the private compiler API moved: no cache
        return re.compile(pattern, flags)
    if entries is not None:
        entries[name] = [full["flags"], full["code"], full["groups"], full["groupindex"], full["indexgroup"]]
        _remember("re", name)
    return found


def _from_re_state(pattern: str, flags: int, state) -> re.Pattern | None:
    from . import regexes

    try:
        full_flags, code, groups, groupindex, indexgroup = state
        if not (type(full_flags) is int and type(groups) is int and isinstance(groupindex, dict)
                and isinstance(indexgroup, list)):
            return None
        found = regexes.from_state(pattern, {"flags": full_flags, "code": code, "groups": groups,
                                             "groupindex": groupindex, "indexgroup": indexgroup})
    except Exception:  # noqa: BLE001 - refused by the engine, or not what this code wrote
        return None
    return found if found.flags & flags == flags else None


def compiled_user(source: str, flags: int = 0, keep: bool = True):
    """regex.compile(source, flags) (the `regex` module), from the user
    cache when it is there; raises what regex.compile raises. A pattern
    read back goes straight to the module's C engine (regex_engine): a run
    whose rules' regexes are all in the cache does not import the package."""
    flags = int(flags)
    if not keep:
        import regex

        return regex.compile(source, flags)
    entries = _entries("regex")
    name = f"{flags}:{source}"
    if _state["current_stamp"] is False:
        _state["current_stamp"] = regex_stamp()
    current = _state["current_stamp"]
    if current is None:  # the installed module cannot be told: nothing is read or kept
        entries = None
    elif entries is not None and _state["regex_stamp"] != current:
        entries.clear()  # another regex module wrote them (or none did)
        _state["regex_stamp"] = current
    data = entries.get(name) if entries is not None else None
    if data is not None:
        found = _from_regex_data(source, data)
        if found is not None:
            _state["used"].add(("regex", name))
            return found
    import regex

    found = regex.compile(source, flags)
    if entries is not None:
        plain = _regex_data(found)
        if plain is not None:
            entries[name] = plain
            _remember("regex", name)
    return found


def kept(name: str):
    """Plain data a check keeps about its patterns (boilerplate's literal
    tests) under `name`, a key it makes of them and its code; None if none."""
    entries = _entries("data")
    found = entries.get(name) if entries is not None else None
    if found is not None:
        _state["used"].add(("data", name))
    return found


def keep(name: str, data) -> None:
    """Keep plain data under `name` (written with the patterns at exit)."""
    entries = _entries("data")
    if entries is not None:
        entries[name] = data
        _remember("data", name)


def regex_files() -> tuple[str, str] | None:
    """(the regex package's folder, its C engine's file), found without
    importing the package; None when it cannot be found so."""
    import importlib.machinery
    import importlib.util
    import os

    try:
        spec = importlib.util.find_spec("regex")
        folder = list(spec.submodule_search_locations or ())[0]
    except (ImportError, ValueError, AttributeError, TypeError, IndexError):
        return None
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        engine = os.path.join(folder, "_regex" + suffix)
        if os.path.isfile(engine):
            return folder, engine
    return None


def regex_stamp() -> str | None:
    """Which build of the regex module is installed (its C engine and the
    Python code that compiles for it, by path, size and time); None when
    it cannot be told."""
    import os

    files = regex_files()
    if files is None:
        return None
    folder, engine = files
    try:
        parts = [(path, os.stat(path)) for path in (engine, os.path.join(folder, "_regex_core.py"),
                                                     os.path.join(folder, "_main.py"))]
    except OSError:
        return None
    return "|".join(f"{path}:{st.st_size}:{st.st_mtime_ns}" for path, st in parts)


def regex_engine():
    """The regex module's C engine (regex._regex). Unless the package is
    imported already, it is loaded alone, from the file regex_stamp names:
    matching, with its timeout, is all C; what needs the package's Python
    code (a replacement template) imports the package then, as usual."""
    if "regex._regex" in sys.modules:
        return sys.modules["regex._regex"]
    import importlib.machinery
    import importlib.util

    files = regex_files()
    if files is None:
        import regex

        return sys.modules["regex._regex"]
    loader = importlib.machinery.ExtensionFileLoader("regex._regex", files[1])
    spec = importlib.util.spec_from_file_location("regex._regex", files[1], loader=loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    sys.modules["regex._regex"] = module  # what the package's `from regex import _regex` finds
    return module


def _regex_data(found) -> list | None:
    """The compiled pattern's pickled form (what pickle keeps of it) as JSON data."""
    from base64 import b64encode

    try:
        pattern, flags, code, group_index, index_group, named_lists, named_list_indexes, req_offset, \
            req_chars, req_flags, group_count = found._pickled_data
    except (AttributeError, TypeError, ValueError):
        return None
    if named_lists or named_list_indexes or not isinstance(code, bytes):
        return None
    return [flags, b64encode(code).decode("ascii"), dict(group_index), sorted(index_group.items()), req_offset,
            list(req_chars) if req_chars is not None else None, req_flags, group_count]


def _from_regex_data(source: str, data):
    from base64 import b64decode

    try:
        flags, code, group_index, index_group, req_offset, req_chars, req_flags, group_count = data
        ints = [flags, req_offset, req_flags, group_count, *(req_chars or ()), *group_index.values(),
                *(k for k, _ in index_group)]
        if not all(type(i) is int for i in ints) or not all(type(k) is str for k in group_index) or not all(
                type(v) is str for _, v in index_group):
            return None
        args = (source, flags, b64decode(code, validate=True), dict(group_index), dict(map(tuple, index_group)),
                {}, [], req_offset, tuple(req_chars) if req_chars is not None else None, req_flags, group_count)
        return regex_engine().compile(*args)
    except Exception:  # noqa: BLE001 - not what this code wrote
        return None


# ---- the one file --------------------------------------------------------

def _entries(kind: str) -> dict | None:
    """The cached entries of one kind ("re", "regex", "data"); None with caching off."""
    if not _state["loaded"]:
        _load()
    return _state[kind] if _state["where"] is not None else None


def bundle_key() -> str | None:
    from . import regexes
    from .cache import sha256

    try:
        import _sre

        build = (f"{sys.version}|{sys.implementation.cache_tag}|{_sre.MAGIC}|{_sre.CODESIZE}|{sys.byteorder}|"
                 f"{regexes.CODE_FORMAT}|bundle 1")
    except (ImportError, AttributeError):
        return None
    return sha256(build.encode()).hexdigest()


def _load() -> None:
    import json

    from .cache import cache_file, read_sealed_bytes

    _state["loaded"] = True
    key = bundle_key()
    _state["key"] = key
    _state["where"] = cache_file(f"patterns-{key[:24]}.json") if key else None
    body = read_sealed_bytes(_state["where"], key) if _state["where"] is not None else None
    try:
        data = json.loads(body.decode("utf-8")) if body is not None else None
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return
    kept_re, kept_regex, kept_data = data.get("re"), data.get("regex"), data.get("data")
    if isinstance(kept_re, dict):
        _state["re"].update(kept_re)
    if isinstance(kept_data, dict):
        _state["data"].update(kept_data)
    if isinstance(kept_regex, dict) and isinstance(kept_regex.get("entries"), dict):
        _state["regex"].update(kept_regex["entries"])
        _state["regex_stamp"] = kept_regex.get("stamp")
    if sum(len(_state[kind]) for kind in ("re", "regex", "data")) > BUNDLE_MAX or len(body) > BUNDLE_MAX_BYTES:
        _state["new"] = _state["cut"] = True  # too many or too big: written again at exit with this run's entries only
        import atexit

        atexit.register(save)


def _remember(kind: str, name: str) -> None:
    _state["used"].add((kind, name))
    _state["added"] = True
    if not _state["new"]:
        import atexit

        _state["new"] = True
        atexit.register(save)


def save() -> None:
    """Write the file when this run compiled patterns it did not hold (or
    when the file held more than BUNDLE_MAX entries)."""
    from .cache import write_sealed

    if not _state["new"] or _state["where"] is None:
        return
    _state["new"] = False
    kept = {"re": dict(_state["re"]), "regex": dict(_state["regex"]), "data": dict(_state["data"])}
    held = sum(map(len, kept.values()))
    if held > BUNDLE_MAX or _state["cut"]:
        for kind in kept:
            kept[kind] = {name: v for name, v in kept[kind].items() if (kind, name) in _state["used"]}
        if sum(map(len, kept.values())) == held and not _state["added"]:
            return  # this run's own entries are the whole file (over the byte limit alone): nothing to cut
    write_sealed(_state["where"], _state["key"],
                 {"re": kept["re"], "regex": {"stamp": _state["regex_stamp"], "entries": kept["regex"]},
                  "data": kept["data"]})


def reset() -> None:
    """Forget what was loaded (tests: another cache folder)."""
    _state.update(loaded=False, re={}, regex={}, data={}, used=set(), new=False, regex_stamp=None, where=None, key=None,
                  current_stamp=False, cut=False, added=False)
