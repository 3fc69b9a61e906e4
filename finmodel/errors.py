"""The one exception the pipeline raises: input that cannot be read at all."""

from __future__ import annotations


class InputError(Exception):
    """Unreadable input. `str()` is a one-line message naming the file and the place."""

    def __init__(self, path: str, message: str, place: str | None = None) -> None:
        self.path = str(path)
        self.place = place
        self.message = " ".join(str(message).split())
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.place}" if self.place else self.path
        return f"{where}: {self.message}"
