"""Bahasa Indonesia where Textual brings English (an open menu's footer, ctrl+c) and one term
for error and warning in the app: "kesalahan" and "peringatan" (issue 22)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Select

from tests.tui.conftest import screen_text
from tests.tui.fast_keys import wait_until
from workshop.model import Sop, Step
from workshop.store import Store
from workshop.tui.app import WorkshopApp


def workshop(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    store = Store.create(folder, "Pendampingan SOP AP")
    store.add_unit("Sekretariat Daerah", short_name="Setda")
    store.add_unit("Dinas Kesehatan", short_name="Dinkes")
    store.add_sop("sekretariat-daerah", Sop(title="Surat", actors=["Petugas"], steps=[
        Step(activity="Terima", actor="Petugas", kind="start"),
        Step(activity="Selesai", actor="Petugas", kind="end")]))
    return folder


async def test_open_menu_footer_and_ctrl_c_speak_bahasa(
    tmp_path: Path, make_app: Callable[..., WorkshopApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(workshop(tmp_path))
    shown: list[str] = []
    notify = app.notify

    def recording(message: str, **options: Any) -> None:
        shown.append(f"{options.get('title', '')}|{message}")
        notify(message, **options)

    monkeypatch.setattr(app, "notify", recording)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+4")
        await wait_until(pilot, lambda: bool(app.screen.query("#impl-unit")))
        picker = app.screen.query_one("#impl-unit", Select)
        picker.focus()
        await pilot.press("enter")  # open the menu
        await wait_until(pilot, lambda: picker.expanded)
        await pilot.pause()
        text = screen_text(app)
        assert "Tutup menu" in text
        assert "Dismiss" not in text
        await pilot.press("escape")
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert "Ingin keluar?|Tekan ctrl+q untuk keluar dari aplikasi." in shown


async def test_one_term_for_errors_and_warnings(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    app = make_app(workshop(tmp_path))
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+3")
        await wait_until(pilot, lambda: "kesalahan" in screen_text(app))
        text = screen_text(app)
        assert "peringatan" in text and "saran" not in text
        await pilot.press("ctrl+b")
        await wait_until(pilot, lambda: "Lolos periksa" in screen_text(app))
        assert "galat" not in screen_text(app).casefold()
