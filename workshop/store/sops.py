"""SOP records of a unit (``units/<slug>.json``): add, edit field by field, update, remove.

``edit_sop`` applies ``FieldChange``s: each change's ``old`` (what the editor read) is compared
with the stored value under the lock; equal -> ``new`` is set, already ``new`` -> nothing,
otherwise ``StoreConflict`` and nothing of the call is stored. So two people editing different
fields (even of the same step) both land, and a structural edit (the whole ``steps`` list)
conflicts with any concurrent one instead of moving someone's edit to another step. Paths are
dotted, list positions 1-based like step numbers (``steps.4.time``). ``update_record`` and
``update_record_in_unit`` are read-modify-writes of a whole record under the lock (reviews,
versions, monitoring, approvals). See ``docs/store.md`` ("Field changes and conflicts").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from workshop.model import (
    SOP_STATUSES,
    Sop,
    SopRecord,
)
from workshop.store.base import (
    q_id,
    table_docs,
)
from workshop.store.codec import decode, encode, field_names
from workshop.store.errors import (
    StoreConflict,
    StoreError,
    StoreNotFound,
)
from workshop.store.files import Tx
from workshop.store.rows import UnitRows


@dataclass(frozen=True)
class FieldChange:
    """One field of an SOP changed by an editor.

    ``path``: "title", "actors", "steps" (whole list), "steps.4" (whole step 4),
    "steps.4.time", "dates.effective", "approval.name", "legal_basis.2" ... Numbers index lists
    and are 1-based, like step numbers. ``old`` is the value the editor read; ``new`` the value
    to store. Values are model values (``Step`` objects, lists of str, ...).
    """

    path: str
    old: Any
    new: Any


class Sops(UnitRows):
    """SOP records of a unit."""

    # -- SOPs ----------------------------------------------------------------------------------

    def sops(self, unit: str) -> list[SopRecord]:
        self._require_unit(unit)
        return [decode(SopRecord, d) for d in table_docs(self._ud(unit), "sops")]

    def sop(self, unit: str, sop_id: str) -> SopRecord:
        self._require_unit(unit)
        for d in self._ud(unit).get("sops", {}).values():
            if d.get("id") == sop_id:
                return decode(SopRecord, d)
        raise StoreNotFound(f"SOP '{sop_id}' tidak ada di unit {unit}.")

    def add_sop(
        self,
        unit: str,
        sop: Sop,
        *,
        status: str = "draf",
        template: str = "",
        need: str = "",
    ) -> SopRecord:
        _check_status(status)
        record = SopRecord(id="", sop=sop, status=status, template=template, need=need)
        return self.add_sop_record(unit, record)

    def add_sop_record(self, unit: str, record: SopRecord) -> SopRecord:
        """Store a whole record (imports); an empty or taken id gets a fresh one (returned)."""
        return self.add_sop_records(unit, [record])[0]

    def add_sop_records(self, unit: str, records: Sequence[SopRecord]) -> list[SopRecord]:
        """Store many records in one transaction (ids kept when free)."""
        for record in records:
            _check_status(record.status)
        return self._add_rows(unit, "sops", records, "sop", "sop.create")

    def _sop_tx_record(self, tx: Tx, unit: str, sop_id: str) -> SopRecord:
        docs = tx.db.table("sops").search(q_id(sop_id))
        if not docs:
            raise StoreNotFound(f"SOP '{sop_id}' tidak ada di unit {unit}.")
        return decode(SopRecord, dict(docs[0]))

    def edit_sop(self, unit: str, sop_id: str, changes: Sequence[FieldChange]) -> SopRecord:
        """Apply field changes to an SOP in one transaction.

        A change is refused with StoreConflict (and nothing of the batch is stored) when the
        stored value differs from ``old`` (what the editor read) and from ``new``.
        """
        self._check_unit(unit)
        with self._unit_tx(unit) as tx:
            record = self._sop_tx_record(tx, unit, sop_id)
            for ch in changes:
                apply_field_change(record.sop, ch)
            record = _write_record(tx, record)
            self._log_into(tx, "sop.edit", unit=unit, target=sop_id,
                           detail=", ".join(c.path for c in changes))
        return record

    def set_sop_status(self, unit: str, sop_id: str, status: str) -> SopRecord:
        self._check_unit(unit)
        _check_status(status)
        with self._unit_tx(unit) as tx:
            record = self._sop_tx_record(tx, unit, sop_id)
            if record.status == status:
                return record
            record.status = status
            tx.db.table("sops").update({"status": status}, q_id(sop_id))
            self._log_into(tx, "sop.status", unit=unit, target=sop_id, detail=status)
        return record

    def update_record(
        self, unit: str, sop_id: str, fn: Callable[[SopRecord], None], action: str = "sop.update"
    ) -> SopRecord:
        """Transactional read-modify-write of one SOP record (reviews, versions, ...)."""
        return self._update_record(unit, sop_id, lambda record, _tx: fn(record), action)

    def update_record_in_unit(
        self,
        unit: str,
        sop_id: str,
        fn: Callable[[SopRecord, list[SopRecord]], None],
        action: str = "sop.update",
    ) -> SopRecord:
        """Like ``update_record``; ``fn`` also gets every SOP record of the unit as stored
        inside the same transaction (under the lock).

        For what depends on the other SOPs of the unit, such as the approval's sequence number:
        counted from records read before the lock, two approvals at the same moment could take
        the same number.
        """

        def run(record: SopRecord, tx: Tx) -> None:
            others = [decode(SopRecord, dict(d)) for d in tx.db.table("sops").all()]
            fn(record, others)

        return self._update_record(unit, sop_id, run, action)

    def _update_record(
        self, unit: str, sop_id: str, fn: Callable[[SopRecord, Tx], None], action: str
    ) -> SopRecord:
        self._check_unit(unit)
        with self._unit_tx(unit) as tx:
            record = self._sop_tx_record(tx, unit, sop_id)
            fn(record, tx)
            if record.id != sop_id:
                raise StoreError("Id SOP tidak boleh diubah.")
            _check_status(record.status)
            record = _write_record(tx, record)
            self._log_into(tx, action, unit=unit, target=sop_id)
        return record

    def remove_sop(self, unit: str, sop_id: str) -> None:
        self._remove_row(unit, "sops", sop_id, "sop.remove", "SOP")


def apply_field_change(root: Any, change: FieldChange) -> None:
    """Apply one ``FieldChange`` to ``root`` (an SOP, or any record dataclass) in place: the
    store's field-level conflict rule, shared by ``edit_sop`` and the sync's three-way merge.

    The value at ``change.path`` equal to ``change.old`` -> set to ``change.new``; already
    ``change.new`` -> nothing; otherwise (or the field is gone) ``StoreConflict(path, current,
    new)``. An unknown path is a ``StoreError``.
    """
    try:
        container, key = _resolve(root, change.path.split("."), change.path)
    except _Gone:
        raise StoreConflict(change.path, None, change.new) from None
    current = _get(container, key)
    if current is _MISSING:
        raise StoreConflict(change.path, None, change.new)
    if current == change.new:
        return
    if current != change.old:
        raise StoreConflict(change.path, current, change.new)
    _set(container, key, change.new)


def _write_record(tx: Tx, record: SopRecord) -> SopRecord:
    """Store ``record`` in place of the SOP with its id; the record as stored (encoded and
    decoded again, so a value of the wrong type is a StoreError, not a damaged file)."""
    try:
        doc = encode(record)
        stored = decode(SopRecord, doc)
    except (ValueError, TypeError) as e:
        raise StoreError(f"Nilai tidak sah untuk SOP {record.id}: {e}.") from None
    tx.db.table("sops").update(doc, q_id(record.id))
    return stored


def _resolve(root: Any, parts: list[str], path: str) -> tuple[Any, str | int]:
    """The container and key of a field path inside an SOP (1-based list numbers)."""
    obj = root
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        key: str | int
        if isinstance(obj, list):
            if not part.isdigit() or int(part) < 1:
                raise StoreError(f"Bidang tidak dikenal: {path}")
            key = int(part) - 1
        elif dataclasses.is_dataclass(obj) and part in field_names(type(obj)):
            key = part
        else:
            raise StoreError(f"Bidang tidak dikenal: {path}")
        if last:
            return obj, key
        if isinstance(key, int) and key >= len(obj):
            raise _Gone(path)
        obj = obj[key] if isinstance(key, int) else getattr(obj, key)
    raise StoreError(f"Bidang tidak dikenal: {path}")


class _Gone(Exception):
    """The field's container no longer exists (e.g. the step was removed)."""


_MISSING: Final = object()


def _get(container: Any, key: str | int) -> Any:
    if isinstance(key, int):
        return container[key] if 0 <= key < len(container) else _MISSING
    return getattr(container, key)


def _set(container: Any, key: str | int, value: Any) -> None:
    if isinstance(key, int):
        container[key] = value
    else:
        setattr(container, key, value)


def _check_status(status: str) -> None:
    if status not in SOP_STATUSES:
        raise StoreError(
            f"Status SOP '{status}' tidak dikenal. Pilihan: {', '.join(SOP_STATUSES)}."
        )
