"""What changed in the data during a session, compiled from the store's activity log.

The minutes of a session (notes, decisions, action items, parking lot) are typed by the
facilitator and live in the ``Session``; this module adds the part nobody has to type: per unit,
which SOPs were drafted, edited, checked (sent to review or trial) and approved, and how many
rows of Tabel 6 changed, between the session's start and its end.

Pure functions over ``LogEntry`` and ``SopRecord`` values, plus :func:`session_activity` that
reads them from a ``Store``. No UI.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from workshop.model import LogEntry, Session, SopRecord, Unit
from workshop.status import SopStatus, is_checking

if TYPE_CHECKING:
    from workshop.store import Store

DRAFTED: Final = ("sop.create",)
EDITED: Final = ("sop.edit", "sop.step.update", "sop.update")


@dataclass
class UnitActivity:
    """One unit's changes during a session; SOP lists hold SOP ids in the order they happened."""

    unit: str  # slug
    drafted: list[str] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    approved: list[str] = field(default_factory=list)
    needs_changes: int = 0

    @property
    def empty(self) -> bool:
        return not (self.drafted or self.edited or self.checked or self.approved
                    or self.needs_changes)


def _add(target: list[str], sop_id: str) -> None:
    if sop_id and sop_id not in target:
        target.append(sop_id)


def compile_activity(
    log: Sequence[LogEntry],
    *,
    since: str | None,
    until: str | None = None,
) -> list[UnitActivity]:
    """Per unit (in order of first appearance), what the log says happened in ``(since, until]``.

    ``since`` None (a session never started) gives nothing. Facilitator-only entries without a
    unit (sessions, the event) are not unit activity.
    """
    if not since:
        return []
    by_unit: dict[str, UnitActivity] = {}
    for entry in log:
        if entry.at < since or (until is not None and entry.at > until) or not entry.unit:
            continue
        action = entry.action
        if not (action.startswith("sop.") or action.startswith("need")):
            continue
        activity = by_unit.setdefault(entry.unit, UnitActivity(entry.unit))
        if action in DRAFTED:
            _add(activity.drafted, entry.target)
        elif action == "sop.approve" or (
            action == "sop.status" and entry.detail == SopStatus.DISAHKAN
        ):
            _add(activity.approved, entry.target)
        elif action == "sop.status" and is_checking(entry.detail):
            _add(activity.checked, entry.target)
        elif action in EDITED:
            _add(activity.edited, entry.target)
        elif action.startswith("need"):
            activity.needs_changes += 1
    return [a for a in by_unit.values() if not a.empty]


def _titles(ids: Sequence[str], records: Mapping[str, SopRecord]) -> list[str]:
    return [records[i].sop.title.strip() or "(tanpa judul)" if i in records else
            f"{i} (sudah dihapus)" for i in ids]


def activity_lines(
    activity: UnitActivity, records: Sequence[SopRecord]
) -> list[str]:
    """Plain Indonesian lines for one unit, e.g. ``Disusun: Surat Masuk, Cuti Pegawai``."""
    by_id = {r.id: r for r in records}
    lines: list[str] = []
    for label, ids in (
        ("Disusun", activity.drafted),
        ("Disahkan", activity.approved),
        ("Diperiksa (reviu/uji coba)", activity.checked),
        ("Diubah", [i for i in activity.edited
                    if i not in activity.drafted and i not in activity.approved]),
    ):
        if ids:
            lines.append(f"{label}: " + ", ".join(_titles(ids, by_id)))
    if activity.needs_changes:
        lines.append(f"Tabel 6: {activity.needs_changes} perubahan")
    return lines


def produced(
    activities: Sequence[UnitActivity], records_by_unit: Mapping[str, Sequence[SopRecord]]
) -> dict[str, list[str]]:
    """Unit slug -> lines, the shape ``export.markdown.minutes_markdown`` takes as ``produced``."""
    return {a.unit: activity_lines(a, records_by_unit.get(a.unit, ())) for a in activities}


def session_activity(store: Store, session: Session, *, until: str | None = None
                     ) -> list[UnitActivity]:
    """The activity of a session read from the store's log (``store.log(since=...)``)."""
    if not session.started_at:
        return []
    # The log filter is strict (entries after ``since``); the second of the start belongs in.
    log = store.log(since=_just_before(session.started_at))
    return compile_activity(log, since=session.started_at, until=session.ended_at or until)


def _just_before(stamp: str) -> str:
    return stamp[:-1] + chr(ord(stamp[-1]) - 1) if stamp else stamp


def summary_text(
    activities: Sequence[UnitActivity],
    units: Sequence[Unit],
    records_by_unit: Mapping[str, Sequence[SopRecord]],
) -> list[str]:
    """Lines for the screen: the unit's name, then its indented lines."""
    names = {u.slug: u.name for u in units}
    out: list[str] = []
    for activity in activities:
        out.append(names.get(activity.unit, activity.unit))
        out += [f"  {line}" for line in activity_lines(activity,
                                                        records_by_unit.get(activity.unit, ()))]
    return out
