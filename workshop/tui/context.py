"""What every screen of an open workshop shares: the store, the guideline, the clock, caches."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from textual.app import App
from textual.dom import DOMNode

from workshop.model import NeedRow, Sop, Unit
from workshop.status import SopStatus, is_approved
from workshop.store import Store, StoreError
from workshop.tui.guide import Guide
from workshop.tui.progress import (
    CheckCache,
    Checker,
    UnitProgress,
    default_checker,
    unit_progress,
)

if TYPE_CHECKING:
    from workshop.stages.monev.monev import DueItem

R = TypeVar("R")

# Above this many bytes of unit files (~300 SOPs of 15 steps) the first full count (every unit
# file parsed, every SOP decoded and checked: seconds at province scale) runs in a worker
# thread after the first paint (the main screen); the rail shows "menghitung…" for the stages
# that need the unit files meanwhile, and the panes that need every unit wait for it. Below it
# the count is quick and done at once.
BIG_WORKSHOP_BYTES = 1_300_000

SAVED_TOAST_SECONDS = 2.0  # short: saves are frequent, a pile of toasts hides the screen


@dataclass
class Context:
    store: Store
    guide: Guide
    now: Callable[[], datetime]
    checks: CheckCache = field(default_factory=lambda: CheckCache(_check_lazily))
    pins: dict[str, str] = field(default_factory=dict)  # slug -> PIN generated in this run
    current_unit: str | None = None

    # slug -> (unit_token, the unit's row, its monev due items) of the last pass: units whose
    # file did not change since are neither decoded nor checked again (see ``progress_rows``).
    _unit_rows: dict[str, tuple[tuple[int, ...], UnitProgress, list[DueItem]]] = field(
        default_factory=dict, repr=False)
    # (day, rows, the per-unit item lists, the merged items) of the last ``progress_and_due``
    _last_due: tuple[date, list[UnitProgress], list[list[DueItem]], list[DueItem]] | None = (
        field(default=None, repr=False))
    # Whether a pass over every unit (``progress_rows`` and the like) has completed
    _counted: bool = field(default=False, repr=False)
    # slug -> (unit_token, the unit's Tabel 6 rows) of the last ``all_needs``
    _needs: dict[str, tuple[tuple[int, ...], list[NeedRow]]] = field(
        default_factory=dict, repr=False)

    def progress_rows(self) -> list[UnitProgress]:
        """One row per unit. Only units whose file changed since the last call are read and
        checked again; names, readiness and team come from the workshop file every time."""
        return [entry[1] for entry in self._entries()]

    def due_items(self) -> list[DueItem]:
        """The next monitoring and evaluation of every SOP in force, earliest first: the same
        list as ``monev.due_items`` over all units, but only units whose file changed since the
        last call (of this or ``progress_rows``) are read again."""
        return self.progress_and_due()[1]

    def progress_and_due(self) -> tuple[list[UnitProgress], list[DueItem]]:
        """``progress_rows()`` and ``due_items()`` from one pass over the units.

        When no unit changed since the last call (same rows, same per-unit items, same day)
        the same list of items is returned again, not rebuilt and sorted: the rail and the
        board both ask on every refresh. Callers must not change the list."""
        today = self.now().date()
        entries = self._entries()
        rows = [entry[1] for entry in entries]
        dues = [entry[2] for entry in entries]
        last = self._last_due
        if (last is not None and last[0] == today and len(last[2]) == len(dues)
                and all(a is b for a, b in zip(last[2], dues, strict=True))
                and last[1] == rows):
            return rows, last[3]
        items = [
            item if item.today == today and item.unit_name == row.name
            else replace(item, today=today, unit_name=row.name)
            for _token, row, due in entries
            for item in due
        ]
        items.sort(key=_due_order)  # the order of monev.due_items (stable, units in order)
        self._last_due = (today, rows, dues, items)
        return rows, items

    def _entries(self) -> list[tuple[tuple[int, ...], UnitProgress, list[DueItem]]]:
        store = self.store
        counts, ketua = self._teams()
        team = self._team_fields(counts, ketua)
        entries = []
        cache = self._unit_rows
        units = store.units()
        readiness = self.guide.readiness_ids
        for unit in units:
            slug = unit.slug
            token = store.unit_token(slug)  # before reading: a later write changes it
            hit = cache.get(slug)
            # () is a unit without a file yet (nothing to read): cached too, as its first
            # write changes the token.
            if hit is not None and hit[0] == token:
                row = replace(hit[1], **team(unit))
                entry = (token, row, hit[2])
            else:
                from workshop.stages.monev.monev import (
                    due_items,  # not needed before the first screen
                )

                records = store.sops(slug)
                row = unit_progress(
                    unit,
                    readiness_ids=readiness,
                    members=counts[slug],
                    has_ketua=slug in ketua,
                    needs=len(store.needs(slug)),
                    records=records,
                    checks=self.checks,
                )
                entry = (token, row, due_items([(unit, records)], self.now().date()))
                if not token or _settled(token):
                    cache[slug] = entry
                else:  # written within the clock's tick: the same token may hide a change
                    cache.pop(slug, None)
            entries.append(entry)
        if len(cache) > len(units):
            live = {u.slug for u in units}
            for slug in [s for s in cache if s not in live]:
                del cache[slug]
        self._counted = True
        return entries

    def counted(self) -> bool:
        """Whether a pass over every unit (``progress_rows``, ``due_items``) has completed, so
        the next one reads only the units whose file changed. False until the first count of
        the workshop (run in a worker for a big one) is done."""
        return self._counted

    def adoption_counts(self) -> dict[str, int]:
        """How many units adopted each general SOP (template id -> units): the same as
        ``needs.adoption_counts`` over every unit, from the per-unit cache of
        ``progress_rows`` (only changed unit files are read)."""
        counts: dict[str, int] = {}
        for row in self.progress_rows():
            for template, _title in row.general:
                counts[template] = counts.get(template, 0) + 1
        return counts

    def adopted_units(self, template_id: str) -> list[str]:
        """The slugs of the units holding a live SOP adopted from ``template_id`` (as
        ``needs.adopted_units``), from the per-unit cache."""
        return [row.slug for row in self.progress_rows()
                if any(template == template_id for template, _title in row.general)]

    def all_needs(self) -> dict[str, list[NeedRow]]:
        """Every unit's Tabel 6 rows (slug -> rows, units in the workshop's order), as
        ``store.needs`` gives them; only units whose file changed since the last call are read
        again. An unchanged unit gives the very same list as before (panels compare lists by
        identity to skip work): callers must not change the lists."""
        store = self.store
        cache = self._needs
        out: dict[str, list[NeedRow]] = {}
        units = store.units()
        for unit in units:
            slug = unit.slug
            token = store.unit_token(slug)  # before reading: a later write changes it
            hit = cache.get(slug)
            if hit is not None and hit[0] == token:
                out[slug] = hit[1]
                continue
            rows = store.needs(slug)
            if not token or _settled(token):
                cache[slug] = (token, rows)
            else:  # written within the clock's tick: the same token may hide a change
                cache.pop(slug, None)
            out[slug] = rows
        if len(cache) > len(units):
            for slug in [s for s in cache if s not in out]:
                del cache[slug]
        return out

    def _teams(self) -> tuple[Counter[str], set[str]]:
        """Members per unit, and the units whose team has a ketua."""
        members = self.store.members()
        return (Counter(m.unit for m in members),
                {m.unit for m in members if m.role == "ketua"})

    def _team_fields(self, counts: Counter[str],
                     ketua: set[str]) -> Callable[[Unit], dict[str, Any]]:
        """The fields of a progress row that come from the workshop file (name, readiness,
        team), for ``replace`` or the ``UnitProgress`` constructor."""
        readiness = self.guide.readiness_ids

        def fields(unit: Unit) -> dict[str, Any]:
            return {
                "name": unit.name,
                "readiness_done": sum(1 for item in readiness if item in unit.readiness),
                "readiness_total": len(readiness),
                "members": counts[unit.slug],
                "has_ketua": unit.slug in ketua,
            }

        return fields

    def quick_rows(self) -> list[UnitProgress]:
        """Rows from the workshop file alone: no unit file is read (the first screen of a big
        workshop). Exact for name, readiness and team (what the Persiapan stage shows); every
        count of the unit files is 0 until ``progress_rows``."""
        team = self._team_fields(*self._teams())
        return [
            UnitProgress(
                slug=unit.slug,
                **team(unit),
                needs=0, drafted=0, checked_ok=0, approved=0, implemented=0, monitored=0,
            )
            for unit in self.store.units()
        ]

    def summary_rows(self) -> list[UnitProgress]:
        """Rows from the store's cheap per-unit counts: no SOP is decoded or checked (but every
        unit file is read).

        Exact for name, readiness, team, needs, drafted and approved (what the Persiapan,
        Kebutuhan and Pengembangan stages show); ``checked_ok``, ``implemented``,
        ``monitored`` and their bases are left at 0 and ``general`` empty (they need every
        record: see ``progress_rows``).
        """
        store = self.store
        team = self._team_fields(*self._teams())
        rows = []
        for unit in store.units():
            summary = store.unit_summary(unit.slug)
            by_status = summary.by_status
            rows.append(UnitProgress(
                slug=unit.slug,
                **team(unit),
                needs=summary.needs,
                drafted=summary.sops - by_status.get(SopStatus.DICABUT, 0),
                checked_ok=0,
                approved=sum(n for s, n in by_status.items() if is_approved(s)),
                implemented=0,
                monitored=0,
            ))
        return rows

    def sop_count(self) -> int:
        """How many SOP records the workshop holds (cheap)."""
        return sum(self.store.unit_summary(u.slug).sops for u in self.store.units())


_checker: Checker | None = None


def _check_lazily(sop: Sop) -> bool:
    """The default checker, built (``rules`` imported) on the first check, not at open."""
    global _checker
    if _checker is None:
        _checker = default_checker()
    return _checker(sop)


# A unit file's token is trusted only when its mtime is this old (as the store's cache does):
# two writes within one timestamp tick can give the same (inode, mtime, size).
_SETTLED_NS = 2_000_000_000


def _settled(token: tuple[int, ...]) -> bool:
    return bool(token) and time.time_ns() - token[1] > _SETTLED_NS


def settled(token: tuple[int, ...]) -> bool:
    """Whether a unit file's token (``Store.unit_token``) can be trusted to say "unchanged":
    the file exists and was last written long enough ago that no write hides in its tick."""
    return _settled(token)


def _due_order(item: DueItem) -> tuple[date, str, str, str]:
    return (item.due, item.unit_name.casefold(), item.title.casefold(), item.kind)


def context_of(node: DOMNode) -> Context:
    """The open workshop's context, from any widget or screen."""
    ctx: Any = getattr(node.app, "ctx", None)
    if not isinstance(ctx, Context):
        raise RuntimeError("no workshop is open")
    return ctx


def open_context(app: App[Any]) -> Context | None:
    """The open workshop's context, or None when no workshop is open (the welcome screen)."""
    ctx: Any = getattr(app, "ctx", None)
    return ctx if isinstance(ctx, Context) else None


def attempt(app: App[Any], action: Callable[[], R], done: str | None = None) -> R | None:
    """Run a store write; on failure show the store's Indonesian message instead of a traceback."""
    try:
        result = action()
    except StoreError as exc:
        app.notify(str(exc), title="Gagal menyimpan", severity="error", markup=False,
                   timeout=8)
        return None
    except OSError as exc:
        app.notify(f"Gagal menyimpan: {exc.strerror or exc}", title="Gagal menyimpan",
                   severity="error", markup=False, timeout=8)
        return None
    if done:
        app.notify(done, markup=False, timeout=SAVED_TOAST_SECONDS)
    return result


def try_write(app: App[Any], action: Callable[[], object], done: str | None = None) -> bool:
    """Like ``attempt`` for writes that return nothing: True when the write landed."""
    landed = False

    def run() -> bool:
        nonlocal landed
        action()
        landed = True
        return True

    attempt(app, run, done)
    return landed
