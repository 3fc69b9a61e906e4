"""Writing output files: all or nothing.

Every file is first written to a temporary file in its target folder, and only when
all of them are written are they renamed into place, so a failure leaves no
half-written output.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Mapping


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
