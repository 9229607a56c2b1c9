"""Progress of each unit through the five stages, computed from the workshop's data (never typed
in), once for the progress board and the workshop report.

:func:`tally` walks a unit's SOP records once and counts what every figure needs; the status
questions are the predicates of :mod:`workshop.status`. Two views are built from it:

- :class:`UnitProgress` (:func:`unit_progress`): counts for the progress board and the stage
  rail of the app (``tui/progress.py`` adds the rail's stage figures; ``tui/context.py`` caches
  the rows per unit file);
- ``export.progress.UnitReport`` (``unit_report``): percentages per stage for the workshop
  report.

No Textual and no store here: plain functions over model values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from workshop.model import Sop, SopRecord, Unit
from workshop.status import SopStatus, is_approved, is_in_force, is_retired

__all__ = [
    "STATUS_WEIGHT",
    "CheckCache",
    "Checker",
    "SopTally",
    "UnitProgress",
    "adopted_general",
    "approved",
    "default_checker",
    "implemented",
    "monitored",
    "tally",
    "unit_progress",
]

Checker = Callable[[Sop], bool]  # True when the SOP has no errors

# Weight of a status in the report's pengembangan figure; any later status weighs 100.
STATUS_WEIGHT: Mapping[str, int] = {
    SopStatus.DRAF: 25, SopStatus.REVIU: 50, SopStatus.UJI_COBA: 75,
}


def approved(record: SopRecord) -> bool:
    return is_approved(record.status)


def implemented(record: SopRecord) -> bool:
    return record.status == SopStatus.DITERAPKAN or bool(record.implementation)


def monitored(record: SopRecord) -> bool:
    return bool(record.monitoring or record.evaluations)


@dataclass(frozen=True)
class SopTally:
    """What a unit's SOP records say, counted in one pass; retired records are left out."""

    live: tuple[SopRecord, ...] = ()  # the records that are not retired
    approved: int = 0  # is_approved (the board's "SOP disahkan")
    implemented: int = 0
    monitored: int = 0
    implementable: int = 0  # approved or implemented: the base of penerapan on the board
    monitorable: int = 0  # implemented or monitored: the base of monev on the board
    in_force: int = 0  # is_in_force (the report's "Disahkan")
    applied: int = 0  # in force and implemented (the report's penerapan)
    applied_monitored: int = 0  # applied and monitored (the report's monev)
    weight: int = 0  # sum of STATUS_WEIGHT over the live records


def tally(records: Sequence[SopRecord]) -> SopTally:
    """Count ``records`` for every progress figure (see :class:`SopTally`)."""
    live: list[SopRecord] = []
    n_approved = n_implemented = n_monitored = implementable = monitorable = 0
    in_force = applied = applied_monitored = weight = 0
    for record in records:
        status = record.status
        if is_retired(status):
            continue
        live.append(record)
        a, i, m = is_approved(status), implemented(record), monitored(record)
        n_approved += a
        n_implemented += i
        n_monitored += m
        implementable += a or i
        monitorable += i or m
        if is_in_force(status):
            in_force += 1
            if i:
                applied += 1
                applied_monitored += m
        weight += STATUS_WEIGHT.get(status, 100)
    return SopTally(tuple(live), n_approved, n_implemented, n_monitored, implementable,
                    monitorable, in_force, applied, applied_monitored, weight)


# ---------------------------------------------------------------------------------------------
# The progress board
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitProgress:
    """One row of the progress board."""

    slug: str
    name: str
    readiness_done: int
    readiness_total: int
    members: int
    has_ketua: bool
    needs: int
    drafted: int  # SOPs in the unit, retired ones excluded
    checked_ok: int  # drafted SOPs whose checks give no error
    approved: int
    implemented: int
    monitored: int
    # Bases of the penerapan and monev fractions: SOPs that reached that stage by any route
    # (e.g. implemented, then sent back for revision, is still counted as implemented).
    implementable: int = 0
    monitorable: int = 0
    # The general SOPs the unit adopted: (template id, title of the unit's record) of its live
    # records made from a template, sorted by id, one per id (``needs.adoption_counts``).
    general: tuple[tuple[str, str], ...] = ()

    @property
    def ready(self) -> bool:
        return self.readiness_total > 0 and self.readiness_done >= self.readiness_total


def default_checker() -> Checker:
    """A checker built on ``rules.check_sop``; everything passes when rules are not available."""
    try:
        from workshop.rules import check_sop
    except ImportError:  # pragma: no cover - rules land in parallel
        return lambda sop: True

    def has_no_errors(sop: Sop) -> bool:
        try:
            return not any(f.severity == "error" for f in check_sop(sop))
        except Exception:  # a broken SOP must not break the board
            return False

    return has_no_errors


class CheckCache:
    """Remembers check results per SOP record while the SOP is unchanged.

    Keeps a fingerprint of each SOP (the hash of its ``repr``: ~3% of a check), not the SOP
    itself: at province scale the SOPs would be tens of MB held only for this comparison.
    """

    def __init__(self, checker: Checker | None = None) -> None:
        self._checker = checker or default_checker()
        self._seen: dict[tuple[str, str], tuple[int, bool]] = {}

    def ok(self, unit: str, record: SopRecord) -> bool:
        key = (unit, record.id)
        fingerprint = hash(repr(record.sop))
        hit = self._seen.get(key)
        if hit is not None and hit[0] == fingerprint:
            return hit[1]
        result = self._checker(record.sop)
        self._seen[key] = (fingerprint, result)
        return result


def unit_progress(
    unit: Unit,
    *,
    readiness_ids: Sequence[str],
    members: int,
    has_ketua: bool,
    needs: int,
    records: Sequence[SopRecord],
    checks: CheckCache,
) -> UnitProgress:
    """The board row of one unit."""
    counts = tally(records)
    ticked = sum(1 for item in readiness_ids if item in unit.readiness)
    return UnitProgress(
        slug=unit.slug,
        name=unit.name,
        readiness_done=ticked,
        readiness_total=len(readiness_ids),
        members=members,
        has_ketua=has_ketua,
        needs=needs,
        drafted=len(counts.live),
        checked_ok=sum(1 for r in counts.live if checks.ok(unit.slug, r)),
        approved=counts.approved,
        implemented=counts.implemented,
        monitored=counts.monitored,
        implementable=counts.implementable,
        monitorable=counts.monitorable,
        general=adopted_general(counts.live),
    )


def adopted_general(records: Sequence[SopRecord]) -> tuple[tuple[str, str], ...]:
    """(template id, title) of each general SOP among ``records`` (the first record of an id
    gives the title); retired records do not count."""
    found: dict[str, str] = {}
    for record in records:
        if record.template and not is_retired(record.status):
            found.setdefault(record.template, record.sop.title)
    return tuple(sorted(found.items()))
