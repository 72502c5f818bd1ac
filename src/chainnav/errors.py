"""The one error root of chainnav and its few specific kinds.

Every message a user sees names what went wrong, where (file, row, column) and what to do next.
"""

from __future__ import annotations


class ChainnavError(Exception):
    """Root of every error chainnav raises on purpose."""

    hint: str | None = None

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        text = super().__str__()
        return f"{text}\n{self.hint}" if self.hint else text


class InputError(ChainnavError):
    """Input that cannot be read: names the file and, where known, the row and column."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.file, self.row, self.column = file, row, column
        where = ", ".join(
            part
            for part in (
                f"file {file}" if file else "",
                f"row {row}" if row is not None else "",
                f"column {column!r}" if column else "",
            )
            if part
        )
        super().__init__(f"{where}: {message}" if where else message, hint=hint)


class FormatError(InputError):
    """The file's headers match no known export format (or match more than one)."""


class ConfigError(ChainnavError):
    """A configuration or definition file (chain YAML, column mapping, weights) is invalid."""


class NotFoundError(ChainnavError):
    """A named object (chain, node, patent, load, entity) does not exist in the store."""
