"""Rows of a unit file: insert, update and remove, shared by the needs, existing-SOP and SOP
facades.

A row is a dataclass with an ``id``. Inserting many rows is one transaction; an empty or taken
id gets the next ``<prefix>-NNN`` (never reused after a removal); every row is checked by a
decode round trip before the file is touched; an SOP record's id names its file in bundles, so
it must be a slug. Every change is logged in the unit's file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from workshop import names
from workshop.store.base import (
    StoreBase,
    T,
    check_fields,
    checked_doc,
    next_id,
    q_id,
    replaced,
)
from workshop.store.codec import encode
from workshop.store.errors import (
    StoreError,
    StoreNotFound,
)
from workshop.store.migrations import META


class UnitRows(StoreBase):
    """Insert / update / remove rows of a unit file's tables (unit scope)."""

    def _add_rows(
        self, unit: str, table: str, rows: Sequence[Any], prefix: str, action: str
    ) -> list[Any]:
        """Insert rows in one transaction; an empty or taken id gets a fresh one."""
        self._check_unit(unit)
        if table == "sops":  # a record's id names its file in bundles: a slug, never a path
            for row in rows:
                if row.id and not names.is_safe_name(row.id):
                    raise StoreError(names.unsafe_name_message(row.id, "Id SOP") + ".")
        checked = [(row, checked_doc(type(row), row)) for row in rows]
        added: list[Any] = []
        if not rows:
            return added
        with self._unit_tx(unit) as tx:
            taken = {str(d.get("id")) for d in tx.data.get(table, {}).values()}
            docs = []
            for row, doc in checked:
                if not row.id or row.id in taken:
                    new_id = next_id(tx.data[META]["1"], f"next_{table}", prefix, taken)
                    row = dataclasses.replace(row, id=new_id)
                    doc["id"] = new_id
                taken.add(row.id)
                docs.append(doc)
                added.append(row)
            tx.db.table(table).insert_multiple(docs)
            tx.touch()
            for row in added:
                title = getattr(row, "title", "") or getattr(getattr(row, "sop", None), "title", "")
                self._log_into(tx, action, unit=unit, target=row.id, detail=str(title))
        return added

    def _update_row(self, unit: str, table: str, cls: type[T], row_id: str,
                    fields: dict[str, Any], action: str, what: str) -> T:
        self._check_unit(unit)
        check_fields(cls, fields, what, forbidden=("id",))
        with self._unit_tx(unit) as tx:
            docs = tx.db.table(table).search(q_id(row_id))
            if not docs:
                raise StoreNotFound(f"{what.capitalize()} '{row_id}' tidak ada di unit {unit}.")
            row = replaced(cls, dict(docs[0]), fields)
            tx.db.table(table).update(encode(row), q_id(row_id))
            self._log_into(tx, action, unit=unit, target=row_id, detail=", ".join(sorted(fields)))
        return row

    def _remove_row(self, unit: str, table: str, row_id: str, action: str, what: str) -> None:
        self._check_unit(unit)
        with self._unit_tx(unit) as tx:
            if not tx.db.table(table).remove(q_id(row_id)):
                raise StoreNotFound(f"{what.capitalize()} '{row_id}' tidak ada di unit {unit}.")
            self._log_into(tx, action, unit=unit, target=row_id)
