"""Errors found in content files, reported as `path:line: field: message`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError(Exception):
    """One problem in one content file, located as precisely as known."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"

    def __reduce__(self) -> tuple[type[ContentError], tuple[str, int, str, str]]:
        # Exception's own pickling sets attributes one by one, which a frozen dataclass
        # refuses: reports with errors could not be kept in the cache nor sent by a worker.
        return (type(self), (self.path, self.line, self.field, self.message))


class InvalidContentError(Exception):
    """Raised when the content has errors: the build must stop."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = sorted(errors)
        count = len(self.errors)
        lines = "\n".join(str(error) for error in self.errors)
        super().__init__(f"{count} erreur(s) dans le contenu :\n{lines}")

    def __reduce__(self) -> tuple[type[InvalidContentError], tuple[list[ContentError]]]:
        # Raised in a forked process, it is pickled to be raised again in the build's.
        return (type(self), (self.errors,))
