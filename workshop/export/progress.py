"""Figures for the workshop report and the minutes, computed from model values (pure).

Stage progress of a unit, in percent (a reading aid for the facilitator, not a rule of the
guideline), from the one count of its records that the progress board uses too
(``workshop.progress.tally``):

- ``persiapan``: share of the readiness checklist ticked (without a checklist: 100 when the unit
  has team members, else 0);
- ``kebutuhan``: 0 without Tabel 6 rows; otherwise 50 + 50 x the share of rows with a Judul SOP;
- ``pengembangan``: average over the unit's SOPs (and titled needs rows not yet drafted, which
  count 0) of draf 25, reviu 50, uji coba 75, disahkan or later 100;
- ``penerapan``: share of SOPs in force (``status.is_in_force``) that are applied (status
  ``diterapkan`` or with an implementation record);
- ``monev``: share of applied SOPs with a monitoring row or an evaluation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from workshop.export.mdutil import one_line
from workshop.model import LogEntry, Member, NeedRow, Session, SopRecord, Unit
from workshop.progress import tally


@dataclass(frozen=True)
class UnitReport:
    """One unit's row of the workshop report. ``stages`` maps a stage id to a percentage."""

    unit: Unit
    stages: Mapping[str, int] = field(default_factory=dict)
    needs: int = 0
    sops: int = 0
    approved: int = 0  # SOPs in force (``status.is_in_force``)


def _pct(part: float, whole: float) -> int:
    return round(100 * part / whole) if whole else 0


def unit_report(
    unit: Unit,
    *,
    members: Sequence[Member],
    needs: Sequence[NeedRow],
    records: Sequence[SopRecord],
    readiness_total: int,
) -> UnitReport:
    """The report row of one unit (see the module docstring for how each stage is counted)."""
    counts = tally(records)
    if readiness_total:
        persiapan = _pct(min(len(unit.readiness), readiness_total), readiness_total)
    else:
        persiapan = 100 if members else 0
    titled = [n for n in needs if one_line(n.title)]
    kebutuhan = 50 + _pct(len(titled), len(needs)) // 2 if needs else 0
    drafted_ids = {r.id for r in counts.live}
    undrafted = [n for n in titled if not n.sop_id or n.sop_id not in drafted_ids]
    live = len(counts.live)
    pengembangan = round(counts.weight / (live + len(undrafted))) if live else 0
    return UnitReport(
        unit=unit,
        stages={
            "persiapan": persiapan,
            "kebutuhan": kebutuhan,
            "pengembangan": pengembangan,
            "penerapan": _pct(counts.applied, counts.in_force),
            "monev": _pct(counts.applied_monitored, counts.applied),
        },
        needs=len(needs),
        sops=live,
        approved=counts.in_force,
    )


def produced_in_session(
    session: Session,
    log: Sequence[LogEntry],
    records_by_unit: Mapping[str, Sequence[SopRecord]],
    *,
    until: str | None = None,
) -> dict[str, list[str]]:
    """What each unit produced during ``session``, from the activity log.

    Entries between ``session.started_at`` and ``session.ended_at`` (or ``until``, or no end)
    are grouped per unit: the SOPs touched (title and current status) and the number of needs
    rows changed. A session that never started produced nothing.
    """
    start = session.started_at
    if not start:
        return {}
    end = session.ended_at or until
    touched: dict[str, list[str]] = {}
    needs_changes: dict[str, int] = {}
    for entry in log:
        if entry.at < start or (end is not None and entry.at > end) or not entry.unit:
            continue
        if entry.action.startswith("sop."):
            touched.setdefault(entry.unit, [])
            if entry.target and entry.target not in touched[entry.unit]:
                touched[entry.unit].append(entry.target)
        elif entry.action.startswith("need"):
            needs_changes[entry.unit] = needs_changes.get(entry.unit, 0) + 1
    result: dict[str, list[str]] = {}
    for unit in sorted(set(touched) | set(needs_changes)):
        by_id = {r.id: r for r in records_by_unit.get(unit, ())}
        items = [
            f"SOP {one_line(by_id[t].sop.title) or 'tanpa judul'} ({by_id[t].status})"
            for t in touched.get(unit, [])
            if t in by_id
        ]
        if needs_changes.get(unit):
            items.append(f"{needs_changes[unit]} perubahan Tabel 6")
        if items:
            result[unit] = items
    return result


def session_results(
    session: Session,
    log: Sequence[LogEntry],
    records_by_unit: Mapping[str, Sequence[SopRecord]],
    *,
    until: str | None = None,
) -> dict[str, list[str]]:
    """What each unit produced in ``session``: the log's account (:func:`produced_in_session`)
    and what the records themselves date to the session's day.

    The log does not travel in a bundle (an imported workshop's log starts at the import), so
    the dated records speak too: an SOP created or revised that day, review comments, trial
    notes, penerapan, monitoring and evaluation entries of that day. A session without a date
    has only the log.
    """
    result = produced_in_session(session, log, records_by_unit, until=until)
    day = (session.date or "")[:10]
    if not day:
        return result
    for unit, records in records_by_unit.items():
        items = result.setdefault(unit, [])
        for r in records:
            title = one_line(r.sop.title) or "tanpa judul"
            named = f"SOP {title} ({r.status})"
            found = []
            if r.sop.dates.created == day:
                found.append(named)
            elif r.sop.dates.revised == day:
                found.append(f"SOP {title} direvisi ({r.status})")
            comments = sum(1 for c in r.reviews if (c.at or "")[:10] == day)
            if comments:
                found.append(f"{comments} komentar reviu SOP {title}")
            if any(t.date == day for t in r.trials):
                found.append(f"uji coba SOP {title}")
            for rec in r.implementation:
                if rec.date == day:
                    found.append(f"{rec.kind} SOP {title}")
            if any(m.date == day for m in r.monitoring):
                found.append(f"monitoring SOP {title}")
            for ev in r.evaluations:
                if ev.date == day:
                    found.append(f"evaluasi SOP {title}" + (f": {ev.decision}" if ev.decision
                                                             else ""))
            for text in found:
                if text not in items:
                    items.append(text)
        if not items:
            del result[unit]
    return result
