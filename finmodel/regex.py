"""Regular expressions compiled once per machine instead of once per process.

finmodel's readers, extractors and label rules use several hundred regular expressions.
CPython compiles each one with a parser written in Python, which costs about 0.15 s at
every start of the command line: more than some whole pipeline stages. `compile` gives
exactly what `re.compile` gives, but keeps the compiled program (the list of opcodes that
`re` hands to its C engine `_sre`) in finmodel's user cache folder, so a later process
skips the parsing. This is what Python's own `.pyc` files do for modules.

Guarantees:
- `compile(p, f)` returns a `re.Pattern` equal in behaviour to `re.compile(p, f)`: the
  cached program is the one `re`'s own compiler produced for that exact pattern text and
  flags, on this exact Python (the cache file is named for the interpreter's cache tag
  and the engine's `MAGIC` and code size), and `_sre` validates a program before use.
- Anything unusual (no cache folder, `FINMODEL_NO_CACHE` set, an unreadable or damaged
  cache file, a Python whose `re` internals differ, bytes patterns, `re.DEBUG`) falls back
  to plain `re.compile`: the cache can make a start faster, never a result different.
- The cache file is written at most once per process, at exit, atomically (temporary file,
  then rename), and only when the process compiled a pattern the file did not hold.
"""

from __future__ import annotations

import array
import atexit
import marshal
import os
import re
import sys

from .usercache import cache_dir

try:  # CPython's engine and compiler internals; any other Python uses plain re.compile
    import _sre
    from re import _compiler as _re_compiler
    from re import _parser as _re_parser

    _ENGINE = f"{sys.implementation.cache_tag}-{_sre.MAGIC}-{_sre.CODESIZE}"
except (ImportError, AttributeError):  # pragma: no cover - not CPython 3.11+
    _sre = None
    _ENGINE = None

_FILE_FORMAT = 2
Program = tuple  # (flags, code, groups, groupindex, indexgroup): the arguments of _sre.compile
_MAX_PROGRAMS = 20_000  # finmodel compiles about a thousand; a bound keeps a stray caller from growing the file
_CODE_TYPECODE = "I"  # the program's opcodes are stored as the bytes of an unsigned-int array

_programs: dict[tuple[str, int], Program] | None = None
_dirty = False
_disabled = _sre is None or array.array("I").itemsize != _sre.CODESIZE


def compile(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern:
    """`re.compile(pattern, flags)`, with the compiled program reused across processes
    through the user cache (see the module docstring for the guarantees)."""
    global _dirty
    if _disabled or not isinstance(pattern, str) or int(flags) & re.DEBUG:
        return re.compile(pattern, flags)
    key = (pattern, int(flags))
    programs = _load() if _programs is None else _programs
    program = programs.get(key)
    if program is not None:
        try:
            flags_, code, *rest = program
            return _sre.compile(pattern, flags_, array.array(_CODE_TYPECODE, code).tolist(), *rest)
        except Exception:  # a damaged entry: compile afresh and replace it
            programs.pop(key, None)
    try:
        flags_, code, *rest = _program(pattern, key[1])
        compiled = _sre.compile(pattern, flags_, code, *rest)
        program = (flags_, array.array(_CODE_TYPECODE, code).tobytes(), *rest)
    except Exception:  # re's internals differ from what this module knows
        return re.compile(pattern, flags)
    if len(programs) < _MAX_PROGRAMS:
        programs[key] = program
        _dirty = True
    return compiled


def _program(pattern: str, flags: int) -> Program:
    """The arguments `re._compiler.compile` passes to `_sre.compile` for this pattern."""
    parsed = _re_parser.parse(pattern, flags)
    code = [int(op) for op in _re_compiler._code(parsed, flags)]  # opcodes are int subclasses
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))


def _cache_file():
    folder = cache_dir("regex")
    return None if folder is None else folder / f"programs-{_ENGINE}.marshal"


def _load() -> dict[tuple[str, int], Program]:
    """The programs cached by earlier processes (empty when there is no usable cache)."""
    global _programs
    _programs = {}
    path = _cache_file()
    if path is None:
        return _programs
    atexit.register(_save, path)
    try:
        data = marshal.loads(path.read_bytes())
        if isinstance(data, tuple) and len(data) == 3 and data[:2] == (_FILE_FORMAT, _ENGINE) and isinstance(data[2], dict):
            # Entries are not checked one by one here (a thousand checks cost 3 ms a start):
            # a key of the wrong shape never equals a (str, int) lookup key, and a damaged
            # program fails in `compile`'s try block and is compiled afresh.
            _programs = data[2]
    except Exception:  # missing, unreadable or damaged: start empty
        pass
    return _programs


def _save(path) -> None:
    """Write the programs back when this process added any (atomic; errors ignored)."""
    if not _dirty or _programs is None:
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(marshal.dumps((_FILE_FORMAT, _ENGINE, dict(sorted(_programs.items())))))
        os.replace(tmp, path)
    except Exception:  # the cache is an optimisation only
        try:
            tmp.unlink()
        except OSError:
            pass
