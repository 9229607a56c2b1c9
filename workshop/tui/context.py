"""What every screen of an open workshop shares: the store, the guideline, the clock, caches."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, TypeVar

from textual.app import App
from textual.dom import DOMNode

from workshop.store import Store, StoreError
from workshop.tui.guide import Guide
from workshop.tui.progress import (
    APPROVED_STATUSES,
    RETIRED_STATUS,
    CheckCache,
    UnitProgress,
    unit_progress,
)

R = TypeVar("R")

SAVED_TOAST_SECONDS = 2.0  # short: saves are frequent, a pile of toasts hides the screen


@dataclass
class Context:
    store: Store
    guide: Guide
    now: Callable[[], datetime]
    checks: CheckCache = field(default_factory=CheckCache)
    pins: dict[str, str] = field(default_factory=dict)  # slug -> PIN generated in this run
    current_unit: str | None = None

    # slug -> (unit_token, the unit's row) of the last pass: units whose file did not change
    # since are neither decoded nor checked again (see ``progress_rows``).
    _unit_rows: dict[str, tuple[tuple[int, ...], UnitProgress]] = field(
        default_factory=dict, repr=False)

    def progress_rows(self) -> list[UnitProgress]:
        """One row per unit. Only units whose file changed since the last call are read and
        checked again; names, readiness and team come from the workshop file every time."""
        store = self.store
        members = store.members()
        counts = Counter(m.unit for m in members)
        ketua = {m.unit for m in members if m.role == "ketua"}
        rows = []
        cache = self._unit_rows
        units = store.units()
        for unit in units:
            slug = unit.slug
            token = store.unit_token(slug)  # before reading: a later write changes it
            hit = cache.get(slug)
            readiness = self.guide.readiness_ids
            if hit is not None and hit[0] == token and token:
                row = replace(
                    hit[1],
                    name=unit.name,
                    readiness_done=sum(1 for item in readiness if item in unit.readiness),
                    readiness_total=len(readiness),
                    members=counts[slug],
                    has_ketua=slug in ketua,
                )
            else:
                row = unit_progress(
                    unit,
                    readiness_ids=readiness,
                    members=counts[slug],
                    has_ketua=slug in ketua,
                    needs=len(store.needs(slug)),
                    records=store.sops(slug),
                    checks=self.checks,
                )
                if _settled(token):
                    cache[slug] = (token, row)
                else:  # written within the clock's tick: the same token may hide a change
                    cache.pop(slug, None)
            rows.append(row)
        if len(cache) > len(units):
            live = {u.slug for u in units}
            for slug in [s for s in cache if s not in live]:
                del cache[slug]
        return rows


    def summary_rows(self) -> list[UnitProgress]:
        """Rows from the store's cheap per-unit counts: no SOP is decoded or checked.

        Exact for name, readiness, team, needs, drafted and approved (what the Persiapan,
        Kebutuhan and Pengembangan stages show); ``checked_ok``, ``implemented``,
        ``monitored`` and their bases are left at 0 (they need every record: see
        ``progress_rows``).
        """
        store = self.store
        members = store.members()
        counts = Counter(m.unit for m in members)
        ketua = {m.unit for m in members if m.role == "ketua"}
        readiness = self.guide.readiness_ids
        rows = []
        for unit in store.units():
            summary = store.unit_summary(unit.slug)
            by_status = summary.by_status
            rows.append(UnitProgress(
                slug=unit.slug,
                name=unit.name,
                readiness_done=sum(1 for item in readiness if item in unit.readiness),
                readiness_total=len(readiness),
                members=counts[unit.slug],
                has_ketua=unit.slug in ketua,
                needs=summary.needs,
                drafted=summary.sops - by_status.get(RETIRED_STATUS, 0),
                checked_ok=0,
                approved=sum(by_status.get(s, 0) for s in APPROVED_STATUSES),
                implemented=0,
                monitored=0,
            ))
        return rows

    def sop_count(self) -> int:
        """How many SOP records the workshop holds (cheap)."""
        return sum(self.store.unit_summary(u.slug).sops for u in self.store.units())


# A unit file's token is trusted only when its mtime is this old (as the store's cache does):
# two writes within one timestamp tick can give the same (inode, mtime, size).
_SETTLED_NS = 2_000_000_000


def _settled(token: tuple[int, ...]) -> bool:
    return bool(token) and time.time_ns() - token[1] > _SETTLED_NS


def context_of(node: DOMNode) -> Context:
    """The open workshop's context, from any widget or screen."""
    ctx: Any = getattr(node.app, "ctx", None)
    if not isinstance(ctx, Context):
        raise RuntimeError("no workshop is open")
    return ctx


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
