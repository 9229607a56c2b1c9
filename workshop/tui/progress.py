"""Progress of each stage for the rail and the board, from the unit rows of
:mod:`workshop.progress` (which counts each unit's records once, for the report too).

No Textual here: plain functions, so the rail, the board and tests share them. The unit rows'
names are re-exported for the app's modules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from workshop.progress import (
    CheckCache,
    Checker,
    UnitProgress,
    adopted_general,
    approved,
    default_checker,
    implemented,
    monitored,
    unit_progress,
)

__all__ = [
    "CheckCache",
    "Checker",
    "GeneralAdoption",
    "StageProgress",
    "UnitProgress",
    "adopted_general",
    "approved",
    "bar",
    "default_checker",
    "general_adoption",
    "implemented",
    "monitored",
    "stage_progress",
    "unit_progress",
]

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
