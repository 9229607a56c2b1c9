"""Shared helpers for the app's tests: a frozen clock, a private recent-file, screen text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import DataTable, Input

from workshop.model import Sop, Step
from workshop.store import Store
from workshop.tui.app import WorkshopApp

FROZEN = datetime(2018, 7, 10, 9, 30, 0)


def frozen_now() -> datetime:
    return FROZEN


@pytest.fixture
def recent_file(tmp_path: Path) -> Path:
    return tmp_path / "config" / "recent.json"


@pytest.fixture
def make_app(recent_file: Path) -> Callable[..., WorkshopApp]:
    def make(folder: Path | None = None, **kwargs: object) -> WorkshopApp:
        return WorkshopApp(folder, now=frozen_now, recent_file=recent_file, **kwargs)  # type: ignore[arg-type]

    return make


def screen_text(app: App[object]) -> str:
    """What the terminal shows right now, as plain text lines."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def table_rows(table: DataTable[object]) -> list[list[str]]:
    """The cells of a DataTable as plain strings, in display order."""
    rows = []
    for index in range(table.row_count):
        rows.append([getattr(cell, "plain", str(cell)).strip() for cell in table.get_row_at(index)])
    return rows


def no_blink(app: App[object]) -> None:
    for box in app.screen.query(Input):
        box.cursor_blink = False


def two_unit_workshop(folder: Path, *, activity: str, other: Sop) -> str:
    """A workshop of two units for the participant tests: Dinas Kesehatan with one SOP of one
    step (``activity``), Dinas Pendidikan with ``other``; the Kesehatan PIN is returned."""
    store = Store.create(folder, "Pendampingan SOP")
    store.add_unit("Dinas Kesehatan")
    store.add_unit("Dinas Pendidikan")
    pin = store.generate_pin("dinas-kesehatan")
    store.add_sop("dinas-kesehatan", Sop(
        title="Pengelolaan Surat Masuk", actors=["Petugas TU"],
        steps=[Step(activity, "Petugas TU", kind="start")]))
    store.add_sop("dinas-pendidikan", other)
    return pin
