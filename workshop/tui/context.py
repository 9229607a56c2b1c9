"""What every screen of an open workshop shares: the store, the guideline, the clock, caches."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from textual.app import App
from textual.dom import DOMNode

from workshop.store import Store, StoreError
from workshop.tui.guide import Guide
from workshop.tui.progress import CheckCache, UnitProgress, unit_progress

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

    def progress_rows(self) -> list[UnitProgress]:
        store = self.store
        members = store.members()
        counts = Counter(m.unit for m in members)
        ketua = {m.unit for m in members if m.role == "ketua"}
        rows = []
        for unit in store.units():
            rows.append(
                unit_progress(
                    unit,
                    readiness_ids=self.guide.readiness_ids,
                    members=counts[unit.slug],
                    has_ketua=unit.slug in ketua,
                    needs=len(store.needs(unit.slug)),
                    records=store.sops(unit.slug),
                    checks=self.checks,
                )
            )
        return rows


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
