"""Where the bundled templates and taxonomy package live.

In a wheel they are installed under `finmodel/_data/`; in a source checkout they are the
top-level `templates/` and `taxonomy/` folders. Both layouts are found the same way.
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The bundled folder `name` ("templates" or "taxonomy"); raises FileNotFoundError if absent."""
    for candidate in (_HERE / "_data" / name, _HERE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled folder {name!r} not found next to {_HERE}")


def templates_dir() -> Path:
    """The default Jinja template folder."""
    return data_dir("templates")


def taxonomy_dir() -> Path:
    """The bundled XBRL taxonomy package (the folder holding META-INF/)."""
    return data_dir("taxonomy")
