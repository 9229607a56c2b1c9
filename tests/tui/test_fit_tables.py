"""Every table fits its columns to its data and its width, after every refresh and resize
(widgets/fit_table.FitTable): Persiapan's unit and team tables, the editor's step table while
typing, Penerapan after switching unit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import DataTable, Input, Select

from tests.tui.conftest import screen_text
from tests.tui.fast_keys import type_keys, wait_until
from workshop.model import ImplementationRecord, Sop, SopRecord, Step
from workshop.store import Store
from workshop.tui.app import WorkshopApp
from workshop.tui.stages.pengembangan.editor import EditorScreen

LONG_ACTIVITY = "Menerima berkas permohonan Kartu Keluarga dari pemohon"


def units_workshop(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    store = Store.create(folder, "Pendampingan SOP AP")
    store.add_unit("Dinas Kependudukan dan Pencatatan Sipil", short_name="Disdukcapil",
                   head_position="Kepala Dinas Kependudukan dan Pencatatan Sipil")
    store.add_unit("Sekretariat Daerah", short_name="Setda")
    return folder


def fits(table: DataTable[object]) -> bool:
    """No column runs past the table's right edge."""
    return table.virtual_size.width <= table.size.width


async def test_units_table_fits_its_panel_and_shows_short_values_whole(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    app = make_app(units_workshop(tmp_path))
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#units", DataTable)
        await wait_until(pilot, lambda: table.row_count == 2)
        await pilot.pause()
        text = screen_text(app)
        assert "Disdukcapil" in text and "Singkatan" in text
        assert fits(table)
        members = app.screen.query_one("#members", DataTable)
        assert fits(members)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        await pilot.pause()
        assert fits(table)
        assert "Disdukcapil" in screen_text(app)


async def test_step_table_column_grows_while_typing_and_on_resize(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    folder = tmp_path / "ws"
    store = Store.create(folder, "Pendampingan SOP AP")
    store.add_unit("Sekretariat Daerah", short_name="Setda")
    store.add_sop("sekretariat-daerah", Sop(
        title="Surat", actors=["Petugas TU"],
        steps=[Step(activity="Terima", actor="Petugas TU", kind="start"),
               Step(activity="Arsip", actor="Petugas TU", kind="end")]))
    app = make_app(folder)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+3")
        await wait_until(pilot, lambda: app.screen.query("#sop-list").first().display)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, EditorScreen))
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        await wait_until(pilot, lambda: screen.record is not None)
        box = screen.query_one("#sf-activity", Input)
        box.focus()
        box.value = ""
        await type_keys(pilot, *LONG_ACTIVITY)
        await pilot.pause()
        table = screen.query_one("#steps", DataTable)
        assert LONG_ACTIVITY in screen_text(app)
        assert fits(table)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert fits(table)  # every column on screen: "Cabang" and "Waktu" too
        assert "Waktu" in screen_text(app)


async def test_penerapan_columns_follow_the_unit_chosen(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    folder = tmp_path / "ws"
    store = Store.create(folder, "Pendampingan SOP AP")
    store.add_unit("Sekretariat Daerah", short_name="Setda")
    store.add_unit("Dinas Kesehatan", short_name="Dinkes")
    for unit, title in (("sekretariat-daerah", "Surat"),
                        ("dinas-kesehatan", "Pengelolaan Pengaduan Pelayanan Kesehatan")):
        store.add_sop_record(unit, SopRecord(
            id="", status="disahkan",
            sop=Sop(title=title, actors=["Petugas"], steps=[
                Step(activity="Terima", actor="Petugas", kind="start"),
                Step(activity="Selesai", actor="Petugas", kind="end")]),
            implementation=[ImplementationRecord(kind="sosialisasi", date="2018-08-21",
                                                 reached=67)]))
    app = make_app(folder)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+4")
        await wait_until(pilot, lambda: bool(app.screen.query("#impl-unit")))
        picker = app.screen.query_one("#impl-unit", Select)
        await wait_until(pilot, lambda: picker.value == "sekretariat-daerah")
        await pilot.pause()
        picker.value = "dinas-kesehatan"
        await pilot.pause()
        await pilot.pause()
        text = screen_text(app)
        assert "Pengelolaan Pengaduan Pelayanan Kesehatan" in text
        assert "1× 2018-08-21" in text
        assert fits(app.screen.query_one("#impl-list", DataTable))
