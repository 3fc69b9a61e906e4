"""Writing output files: all or nothing.

Every file is first written to a temporary file in its target folder, and only when
all of them are written are they renamed into place, so a failure leaves no
half-written output. `indented_json` gives the indented JSON text of the JSON outputs
(the same text as `json.dumps(..., indent=2, ensure_ascii=False)`, written faster).
"""

from __future__ import annotations

import json
import os
import tempfile
from functools import lru_cache
from itertools import chain, repeat
from pathlib import Path
from typing import Callable, Iterable, Mapping


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(files: Mapping[Path, bytes]) -> list[Path]:
    """Write `files` (path -> bytes). Either every file is written completely, or (on an
    error while writing the temporaries) none is touched. Returns the paths written."""
    temps: list[tuple[str, Path]] = []
    try:
        for path, content in files.items():
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temps.append((tmp, path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
    except BaseException:
        for tmp, _ in temps:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        raise
    for tmp, path in temps:
        os.replace(tmp, path)
    return [path for _, path in temps]


# --------------------------------------------------------------------------- JSON text

_encode_str = json.encoder.encode_basestring  # the C string encoder json uses with ensure_ascii=False
_INFINITY = float("inf")


def _float_text(value: float) -> str:
    """A float as json writes it (allow_nan: NaN, Infinity, -Infinity)."""
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)


def _leaf_text(value: object) -> str:
    """A non-container value as json writes it, testing types in json's own order."""
    if isinstance(value, str):
        return _encode_str(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float_text(value)
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


def _key_text(key: object) -> str:
    """A dict key as json writes it (keys that are not strings become their JSON text)."""
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return _float_text(key)
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return int.__repr__(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


def indented_json(value: object, *, sort_keys: bool = False) -> str:
    """Exactly `json.dumps(value, indent=2, ensure_ascii=False, sort_keys=sort_keys)`, faster.

    With `indent`, json falls back to its pure-Python encoder, which spends most of its time
    in generators. This writes the same text: containers are laid out here the way json lays
    them out (`[]`/`{}` when empty, else one item a line, `","` after every item but the last,
    the closing bracket on its own line at the outer indent, `": "` after keys), and every
    other value is written by the same functions json uses (its C string encoder,
    `int.__repr__`, `float.__repr__` with NaN/Infinity). Types are tested in json's order, so
    str/int/float/list/tuple/dict subclasses and non-string keys come out as json writes them;
    values json cannot write raise TypeError and cycles raise ValueError, as in json.
    """
    chunks: list[str] = []
    _write_json(value, chunks, "\n", sort_keys, set())
    return "".join(chunks)


# Scalars of exactly these types are written by the C encoder or the functions below; json
# writes exactly these types the same way (bool is tested before int in json, as here).
_SCALAR_TEXT = {
    str: _encode_str,
    int: int.__repr__,
    float: _float_text,
    bool: lambda value: "true" if value else "false",
    type(None): lambda value: "null",
}


_SCALAR_TYPES = frozenset(_SCALAR_TEXT)


@lru_cache(maxsize=64)
def _flat_encoder(newline: str, sort_keys: bool) -> Callable[[object], str]:
    """json's one-shot C encoder (what `json.dumps` uses without `indent`) with `","` plus
    `newline` between items, for containers one level deeper than `newline`. Made once per
    depth and reused; `JSONEncoder.encode` (the same encoder, built per call) when the C
    accelerator is missing."""
    encoder = json.JSONEncoder(ensure_ascii=False, sort_keys=sort_keys, separators=("," + newline, ": "))
    make = json.encoder.c_make_encoder
    if make is None:
        return encoder.encode
    # the arguments JSONEncoder.iterencode(_one_shot=True) passes; no cycle markers: the
    # containers given to it hold only scalars (or are lists of dicts of scalars), so they
    # cannot hold themselves
    c_encode = make(None, encoder.default, _encode_str, None, encoder.key_separator, encoder.item_separator,
                    sort_keys, False, True)
    return lambda value: "".join(c_encode(value, 0))


def _are_records(items: list | tuple) -> bool:
    """Whether every item is a non-empty dict of scalars (a record); three passes that run
    in C rather than a Python call per item."""
    return (all(map(isinstance, items, repeat(dict))) and all(items)
            and _SCALAR_TYPES.issuperset(map(type, chain.from_iterable(map(dict.values, items)))))


def _records_text(records: list | tuple, newline: str, sort_keys: bool) -> str:
    """The indented JSON text of a non-empty list of non-empty dicts of scalars (records),
    from one call of json's C encoder instead of one per record.

    The encoder is asked for "," plus the line break and indent of the records' items
    between items, of the list and of each record alike: `[{K: V,<br>K: V},<br>{K: V}]`. A
    separator inside a record follows a scalar (never "}") and precedes a key (never "{"),
    and JSON strings never hold a raw line break, so "},<br>{" is always a separator between
    two records. Only those are rewritten (to the records' own indent, with the line breaks
    after "{" and before "}" that `_write_json` gives each record), and the same line breaks
    are added after the first "{" and before the last "}"."""
    inner = newline + "  "
    innermost = inner + "  "
    text = _flat_encoder(innermost, sort_keys)(records).replace(f"}},{innermost}{{", f"{inner}}},{inner}{{{innermost}")
    return f"[{inner}{{{innermost}{text[2:-2]}{inner}}}{newline}]"  # one copy of the long text


def _write_json(value: object, out: list[str], newline: str, sort_keys: bool, open_ids: set[int]) -> None:
    """Append the JSON text of `value` to `out`; `newline` is "\\n" plus the current indent."""
    if isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        flat = _SCALAR_TYPES.issuperset(map(type, value))
        if not flat and _are_records(value):
            out.append(_records_text(value, newline, sort_keys))
            return
        opening, closing = "[", "]"
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        flat = _SCALAR_TYPES.issuperset(map(type, value.values()))
        opening, closing = "{", "}"
    else:
        out.append(_leaf_text(value))
        return
    inner = newline + "  "
    if flat:
        # A non-empty container of scalars: json's C encoder, with "," + newline + indent
        # between items, writes "[" or "{", the items exactly as the indenting encoder writes
        # them (same key conversion and sorting of (key, value) pairs, same scalar functions)
        # with the same separators, then "]" or "}". Only the line break after the opening
        # and before the closing bracket is missing; strings never hold a raw line break.
        text = _flat_encoder(inner, sort_keys)(value)
        out.append(opening + inner + text[1:-1] + newline + closing)
        return
    marker = id(value)
    if marker in open_ids:
        raise ValueError("Circular reference detected")
    open_ids.add(marker)
    separator = "," + inner
    out.append(opening + inner)
    if closing == "}":
        pairs = sorted(value.items()) if sort_keys else value.items()  # type: ignore[union-attr]
        entries: Iterable = ((_encode_str(key if type(key) is str else _key_text(key)) + ": ", item)
                             for key, item in pairs)
    else:
        entries = (("", item) for item in value)  # type: ignore[union-attr]
    first = True
    for key_text, item in entries:
        if first:
            first = False
        else:
            out.append(separator)
        scalar = _SCALAR_TEXT.get(type(item))
        if scalar is not None:
            out.append(key_text + scalar(item))
        else:
            if key_text:
                out.append(key_text)
            _write_json(item, out, inner, sort_keys, open_ids)
    out.append(newline + closing)
    open_ids.discard(marker)
