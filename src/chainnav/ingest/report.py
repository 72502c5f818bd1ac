"""The result of importing one file (or one related set of files): a load report."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass
class LoadReport:
    """One import. Invariant: ``rows_read == rows_loaded + rows_rejected + rows_duplicate``.

    ``rows_loaded`` counts new and updated records; ``rows_updated`` is the part of them that replaced
    an older version of the same publication. ``status`` is ``loaded``, ``skipped`` (same sha256 as
    an earlier successful load: nothing was read) or ``failed`` (nothing was written).
    """

    load_id: int
    file: str
    sha256: str
    format: str
    status: str
    rows_read: int = 0
    rows_loaded: int = 0
    rows_updated: int = 0
    rows_rejected: int = 0
    rows_duplicate: int = 0
    seconds: float = 0.0
    message: str = ""

    @property
    def reconciled(self) -> bool:
        """True when read = loaded + rejected + duplicate."""
        return self.rows_read == self.rows_loaded + self.rows_rejected + self.rows_duplicate

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--json`` and the web API."""
        return asdict(self)
