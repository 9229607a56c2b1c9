"""Pilot test of Pengaturan dokumen in the Kegiatan panel: what the facilitator types lands in
the store; the logo goes through the store (checked and copied), a wrong file is a message."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from test_document_settings import png
from textual.widgets import Input, Select

from tests.tui.conftest import screen_text
from tests.tui.fast_keys import press_button, type_keys, wait_for_widget, wait_until
from workshop.docsettings import DocumentSettings
from workshop.store import Store
from workshop.tui.app import WorkshopApp


async def test_document_settings_are_saved_from_the_persiapan_screen(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    store = Store.create(tmp_path / "ws", "Pendampingan SOP Wonosobo")
    store.add_units(["Dinas Alfa"])
    logo = tmp_path / "lambang.png"
    logo.write_bytes(png(40, 48))
    fake = tmp_path / "bukan.png"
    fake.write_text("bukan gambar", encoding="utf-8")
    app = make_app(store.path)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for_widget(pilot, "#doc-government")
        main = app.screen
        main.query_one("#doc-government", Input).focus()
        await type_keys(pilot, *"PEMERINTAH KABUPATEN WONOSOBO; SETDA")
        await pilot.press("enter")
        await wait_until(pilot, lambda: store.document_settings().government != ())
        assert store.document_settings().government == ("PEMERINTAH KABUPATEN WONOSOBO",
                                                        "SETDA")
        main.query_one("#doc-paper", Select).value = "f4"
        await wait_until(pilot, lambda: store.document_settings().paper == "f4")
        box = main.query_one("#doc-logo", Input)
        box.focus()
        box.value = str(fake)
        await pilot.press("enter")
        await wait_until(pilot, lambda: any("bukan gambar PNG atau JPEG" in str(n.message)
                                            for n in app._notifications))
        assert store.document_settings().logo == ""
        box.value = str(logo)
        await pilot.press("enter")
        await wait_until(pilot, lambda: store.document_settings().logo == "logo-kop.png")
        assert (store.path / "logo-kop.png").read_bytes() == logo.read_bytes()
        await wait_until(pilot, lambda: "Logo terpasang: logo-kop.png" in screen_text(app))
        await press_button(pilot, "#doc-logo-remove")
        await wait_until(pilot, lambda: store.document_settings().logo == "")
        assert store.document_settings() == DocumentSettings(
            government=("PEMERINTAH KABUPATEN WONOSOBO", "SETDA"), paper="f4")
