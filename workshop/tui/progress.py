"""Progress of each unit and each stage, computed from the workshop's data (never typed in).

No Textual here: plain functions over the store, so the rail, the board and tests share them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from workshop.model import Sop, SopRecord, Unit

APPROVED_STATUSES = frozenset({"disahkan", "diterapkan"})
RETIRED_STATUS = "dicabut"

Checker = Callable[[Sop], bool]  # True when the SOP has no errors


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


@dataclass(frozen=True)
class StageProgress:
    """One entry of the rail: a stage, how far the workshop is, and a short Indonesian label."""

    stage_id: str
    name: str
    done: int
    total: int
    label: str

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0


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


def approved(record: SopRecord) -> bool:
    return record.status in APPROVED_STATUSES


def implemented(record: SopRecord) -> bool:
    return record.status == "diterapkan" or bool(record.implementation)


def monitored(record: SopRecord) -> bool:
    return bool(record.monitoring or record.evaluations)


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
    live = [r for r in records if r.status != RETIRED_STATUS]
    ticked = sum(1 for item in readiness_ids if item in unit.readiness)
    return UnitProgress(
        slug=unit.slug,
        name=unit.name,
        readiness_done=ticked,
        readiness_total=len(readiness_ids),
        members=members,
        has_ketua=has_ketua,
        needs=needs,
        drafted=len(live),
        checked_ok=sum(1 for r in live if checks.ok(unit.slug, r)),
        approved=sum(1 for r in live if approved(r)),
        implemented=sum(1 for r in live if implemented(r)),
        monitored=sum(1 for r in live if monitored(r)),
        implementable=sum(1 for r in live if approved(r) or implemented(r)),
        monitorable=sum(1 for r in live if implemented(r) or monitored(r)),
        general=adopted_general(live),
    )


def adopted_general(records: Sequence[SopRecord]) -> tuple[tuple[str, str], ...]:
    """(template id, title) of each general SOP among ``records`` (the first record of an id
    gives the title); retired records do not count."""
    found: dict[str, str] = {}
    for record in records:
        if record.template and record.status != RETIRED_STATUS:
            found.setdefault(record.template, record.sop.title)
    return tuple(sorted(found.items()))


@dataclass(frozen=True)
class GeneralAdoption:
    """One general SOP on the board: how many units adopted it."""

    template: str
    title: str
    units: int


def general_adoption(rows: Sequence[UnitProgress], titles: Mapping[str, str]
                     ) -> list[GeneralAdoption]:
    """The general SOPs adopted by at least one unit, most adopted first (then by title).

    ``titles``: template id -> title of the template library; an id not in it (a general SOP
    made in the workshop, or a template since removed) takes the title of the first unit's
    record, as ``needs.general_sops_in_use`` does. The counts equal ``needs.adoption_counts``.
    """
    counts: dict[str, int] = {}
    first: dict[str, str] = {}
    for row in rows:
        for template, title in row.general:
            counts[template] = counts.get(template, 0) + 1
            first.setdefault(template, title)
    found = [GeneralAdoption(t, titles.get(t) or first[t] or t, n) for t, n in counts.items()]
    found.sort(key=lambda a: (-a.units, a.title.casefold(), a.template))
    return found


def stage_progress(
    rows: Sequence[UnitProgress], stages: Sequence[tuple[str, str]]
) -> list[StageProgress]:
    """Progress of each stage ``(id, name)`` from the unit rows."""
    units = len(rows)
    drafted = sum(r.drafted for r in rows)
    approved = sum(r.approved for r in rows)
    implemented = sum(r.implemented for r in rows)
    monitored_ = sum(r.monitored for r in rows)
    implementable = sum(r.implementable for r in rows)
    monitorable = sum(r.monitorable for r in rows)
    ready = sum(1 for r in rows if r.ready)
    with_needs = sum(1 for r in rows if r.needs)
    needs = sum(r.needs for r in rows)
    figures: dict[str, tuple[int, int, str]] = {
        "persiapan": (ready, units, f"{ready}/{units} unit siap"),
        "kebutuhan": (with_needs, units, f"{needs} kebutuhan, {with_needs}/{units} unit"),
        "pengembangan": (approved, drafted, f"{approved}/{drafted} SOP disahkan"),
        "penerapan": (implemented, implementable,
                      f"{implemented}/{implementable} SOP diterapkan"),
        "monev": (monitored_, monitorable, f"{monitored_}/{monitorable} SOP dimonitor"),
    }
    result = []
    for stage_id, name in stages:
        done, total, label = figures.get(stage_id, (0, 0, ""))
        result.append(StageProgress(stage_id, name, done, total, label))
    return result


def bar(fraction: float, width: int) -> str:
    """A text progress bar of ``width`` cells."""
    width = max(width, 1)
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)
