"""The needs inventory (Tabel 6) and the unit's existing SOPs, in ``units/<slug>.json``.

Kebutuhan's records: rows with ids ``k-NNN`` (needs) and ``ada-NNN`` (existing SOPs), written
through ``UnitRows`` in the unit's scope.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from workshop.model import (
    ExistingSop,
    NeedRow,
)
from workshop.store.base import (
    table_docs,
)
from workshop.store.codec import decode
from workshop.store.rows import UnitRows


class Needs(UnitRows):
    """Needs rows (Tabel 6) and existing SOPs of a unit."""

    # -- needs (Tabel 6) -----------------------------------------------------------------------

    def needs(self, unit: str) -> list[NeedRow]:
        self._require_unit(unit)
        return [decode(NeedRow, d) for d in table_docs(self._ud(unit), "needs")]

    def add_need(self, unit: str, row: NeedRow) -> NeedRow:
        """Add a Tabel 6 row; an empty or taken id gets a fresh one (returned)."""
        result: NeedRow = self._add_rows(unit, "needs", [row], "k", "need.create")[0]
        return result

    def add_needs(self, unit: str, rows: Sequence[NeedRow]) -> list[NeedRow]:
        """Add many Tabel 6 rows in one transaction (ids kept when free)."""
        return self._add_rows(unit, "needs", rows, "k", "need.create")

    def update_need(self, unit: str, need_id: str, **fields: Any) -> NeedRow:
        return self._update_row(unit, "needs", NeedRow, need_id, fields, "need.update",
                                "baris kebutuhan")

    def remove_need(self, unit: str, need_id: str) -> None:
        self._remove_row(unit, "needs", need_id, "need.remove", "baris kebutuhan")

    # -- existing SOPs -------------------------------------------------------------------------

    def existing_sops(self, unit: str) -> list[ExistingSop]:
        self._require_unit(unit)
        return [decode(ExistingSop, d) for d in table_docs(self._ud(unit), "existing")]

    def add_existing_sop(self, unit: str, row: ExistingSop) -> ExistingSop:
        result: ExistingSop = self._add_rows(unit, "existing", [row], "ada", "existing.create")[0]
        return result

    def add_existing_sops(self, unit: str, rows: Sequence[ExistingSop]) -> list[ExistingSop]:
        return self._add_rows(unit, "existing", rows, "ada", "existing.create")

    def update_existing_sop(self, unit: str, existing_id: str, **fields: Any) -> ExistingSop:
        return self._update_row(unit, "existing", ExistingSop, existing_id, fields,
                                "existing.update", "SOP yang ada")

    def remove_existing_sop(self, unit: str, existing_id: str) -> None:
        self._remove_row(unit, "existing", existing_id, "existing.remove", "SOP yang ada")
