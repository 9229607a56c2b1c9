"""The Kebutuhan stage at province scale: a refresh of the "SOP umum", "Tumpang tindih" and
"Daftar kebutuhan" tabs reads only the units whose file changed (the context's per-unit
caches), while what the user sees is the same as a full read."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast

import pytest
from textual.app import App
from textual.widgets import Checkbox, DataTable

from tests.tui.conftest import frozen_now, screen_text, table_rows
from tests.tui.fast_keys import wait_until
from workshop.model import NeedRow, Sop, SopRecord
from workshop.stages.monev.monev import DueItem
from workshop.store import Store
from workshop.tui.app import WorkshopApp
from workshop.tui.context import Context, context_of
from workshop.tui.guide import load_guide
from workshop.tui.stages.kebutuhan.adoption import made_general_titles
from workshop.tui.stages.kebutuhan.common import templates
from workshop.tui.stages.kebutuhan.dialogs import AdoptScreen
from workshop.tui.stages.kebutuhan.pane import KebutuhanPane

SIZE = (120, 36)


def age_files(where: Path) -> None:
    """Date the files an hour back: a file written within the clock's tick is never trusted."""
    old = time.time() - 3600
    for path in [where] if where.is_file() else where.rglob("*.json"):
        os.utime(path, (old, old))


def unit_file(store: Store, slug: str) -> Path:
    return store.path / "units" / f"{slug}.json"


def seeded(folder: Path) -> tuple[Store, list[str]]:
    """Four units: three adopted "Pengelolaan Surat Masuk", the second made a general SOP of
    its own ("Rapat Koordinasi Bersama"), every unit has needs rows, two of them alike."""
    store = Store.create(folder, "Pendampingan SOP", now=frozen_now)
    units = store.add_units(["Dinas Kesehatan", "Dinas PU", "Kecamatan Garung", "Badan Keuangan"])
    slugs = [u.slug for u in units]
    surat = templates()[0]["surat-masuk"]
    for slug in slugs[:3]:
        store.add_sop(slug, surat, template="surat-masuk")
    store.add_sop(slugs[1], Sop(title="Rapat Koordinasi Bersama", actors=["Sekretaris"]),
                  template="umum:rapat-koordinasi-bersama")
    rows = [("Pengelolaan Surat Masuk", "surat"), ("Penatausahaan surat masuk", "surat"),
            ("Cuti Pegawai", "keputusan cuti"), ("Perjalanan Dinas", "laporan perjalanan")]
    for slug, (title, output) in zip(slugs, rows, strict=True):
        store.add_need(slug, NeedRow(id="", output=output, title=title))
    age_files(folder)
    return store, slugs


@contextmanager
def counting(store: Store, method: str) -> Iterator[list[str]]:
    """Every unit ``store.<method>`` reads while the block runs, in order."""
    read: list[str] = []
    real = getattr(store, method)

    def spy(unit: str, *args: object) -> object:
        read.append(unit)
        return real(unit, *args)

    setattr(store, method, spy)
    try:
        yield read
    finally:
        delattr(store, method)


def shown(app: WorkshopApp) -> str:
    return screen_text(cast("App[object]", app))


def general_rows(app: WorkshopApp) -> dict[str, list[str]]:
    data = app.screen.query_one("#general-table", DataTable)
    keys = [str(row.key.value) for row in data.ordered_rows]
    return dict(zip(keys, table_rows(data), strict=True))


async def open_tab(pilot, tab: str) -> KebutuhanPane:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("ctrl+2")
    await wait_until(pilot, lambda: bool(pilot.app.screen.query(KebutuhanPane)))
    pane: KebutuhanPane = pilot.app.screen.query_one(KebutuhanPane)
    pane.show_tab(tab)
    await pilot.pause()
    await pilot.pause()
    return pane


async def test_general_tab_refresh_reads_only_the_changed_unit(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    store, slugs = seeded(tmp_path / "ws")
    app = make_app(store.path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_tab(pilot, "tab-umum")
        await wait_until(pilot, lambda: "surat-masuk" in general_rows(app))
        cells = general_rows(app)
        assert cells["surat-masuk"][:2] == ["Pengelolaan Surat Masuk", "3 dari 4"]
        assert cells["umum:rapat-koordinasi-bersama"] == [
            "Rapat Koordinasi Bersama", "1 dari 4", "", "dibuat di workshop"]
        assert cells["cuti-pegawai"][1:] == ["0 dari 4", cells["cuti-pegawai"][2], "templat"]
        assert "1 SOP umum buatan workshop" in shown(app)

        ctx = context_of(app)
        with counting(ctx.store, "sops") as read:
            pane.refresh_data()  # nothing changed: no SOP is decoded
            assert read == []
            # The fourth unit adopts the template: only that unit is read again.
            store.add_sop(slugs[3], templates()[0]["surat-masuk"], template="surat-masuk")
            age_files(unit_file(store, slugs[3]))
            pane.refresh_data()
            assert read == [slugs[3]]
            read.clear()
            pane.refresh_data()
            assert read == []
        assert general_rows(app)["surat-masuk"][1] == "4 dari 4"

        # Adopting the general SOP made in the workshop reads it, from the unit holding it.
        data = app.screen.query_one("#general-table", DataTable)
        data.focus()
        data.move_cursor(row=data.get_row_index("umum:rapat-koordinasi-bersama"))
        with counting(ctx.store, "sops") as read:
            await pilot.press("a")
            await wait_until(pilot, lambda: isinstance(app.screen, AdoptScreen))
            assert read == [slugs[1]]
        assert isinstance(app.screen, AdoptScreen)
        assert "Rapat Koordinasi Bersama" in shown(app)


async def test_overlap_and_inventory_refresh_read_only_the_changed_unit(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    store, slugs = seeded(tmp_path / "ws")
    app = make_app(store.path)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_tab(pilot, "tab-overlap")
        overlap = app.screen.query_one("#overlap-table", DataTable)
        await wait_until(pilot, lambda: overlap.row_count == 2)
        assert {r[3] for r in table_rows(overlap)} == {"Pengelolaan Surat Masuk",
                                                       "Penatausahaan surat masuk"}
        ctx = context_of(app)
        with counting(ctx.store, "needs") as read:
            pane.refresh_data()
            assert read == []
            store.add_need(slugs[2], NeedRow(id="", output="surat", title="SOP Surat Masuk"))
            age_files(unit_file(store, slugs[2]))
            pane.refresh_data()
            assert set(read) == {slugs[2]}
        assert {r[3] for r in table_rows(overlap)} == {
            "Pengelolaan Surat Masuk", "Penatausahaan surat masuk", "SOP Surat Masuk"}
        assert "1 kelompok tumpang tindih" in shown(app)

        pane.show_tab("tab-inventaris")
        await pilot.pause()
        app.screen.query_one("#inventory-all", Checkbox).value = True
        inventory = app.screen.query_one("#inventory-table", DataTable)
        await wait_until(pilot, lambda: inventory.row_count == 5)
        with counting(ctx.store, "needs") as read:
            store.add_need(slugs[3], NeedRow(id="", output="izin", title="Izin Praktik"))
            age_files(unit_file(store, slugs[3]))
            pane.refresh_data()
            # The changed unit, and the selected unit's own Tabel 6 (its tabs show it).
            assert sorted(read) == sorted([slugs[3], pane.unit().slug])  # type: ignore[union-attr]
        assert "Izin Praktik" in {r[2] for r in table_rows(inventory)}


def test_all_needs_rereads_only_changed_units_and_equals_the_store(tmp_path: Path) -> None:
    store, slugs = seeded(tmp_path / "ws")
    ctx = Context(store=store, guide=load_guide(), now=frozen_now)
    first = ctx.all_needs()
    assert first == {u.slug: store.needs(u.slug) for u in store.units()}
    with counting(store, "needs") as read:
        again = ctx.all_needs()
        assert read == []
        assert all(again[s] is first[s] for s in slugs)
        store.add_need(slugs[0], NeedRow(id="", title="Baru"))
        age_files(unit_file(store, slugs[0]))
        changed = ctx.all_needs()
        assert read == [slugs[0]]
    assert [r.title for r in changed[slugs[0]]] == ["Pengelolaan Surat Masuk", "Baru"]
    assert all(changed[s] is first[s] for s in slugs[1:])


def test_made_general_titles_are_the_first_units_live_record(tmp_path: Path) -> None:
    store, slugs = seeded(tmp_path / "ws")
    store.add_sop(slugs[2], Sop(title="Rapat Koordinasi (versi kami)"),
                  template="umum:rapat-koordinasi-bersama")
    retired = store.add_sop(slugs[0], Sop(title="Apel Pagi"), template="umum:apel-pagi")
    store.update_record(slugs[0], retired.id, lambda r: setattr(r, "status", "dicabut"),
                        "sop.status")
    ctx = Context(store=store, guide=load_guide(), now=frozen_now)
    assert made_general_titles(ctx.progress_rows()) == {
        "umum:rapat-koordinasi-bersama": "Rapat Koordinasi Bersama"}


async def test_big_workshop_general_tab_waits_for_the_count_off_the_ui_thread(
    tmp_path: Path, make_app: Callable[..., WorkshopApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big workshop's first count runs in a worker: the SOP umum tab does not redo it on
    the UI thread; it says it is counting, then shows the counts."""
    import workshop.tui.screens.main as main_screen
    import workshop.tui.stages.kebutuhan.pane as kebutuhan_screen

    monkeypatch.setattr(main_screen, "BIG_WORKSHOP_BYTES", 0)
    monkeypatch.setattr(kebutuhan_screen, "BIG_WORKSHOP_BYTES", 0)
    store, _slugs = seeded(tmp_path / "ws")
    app = make_app(store.path)
    on_ui_thread: list[str] = []
    ui_thread = threading.get_ident()
    real = Store.sops

    def spy(self: Store, unit: str) -> list[SopRecord]:
        if threading.get_ident() == ui_thread:
            on_ui_thread.append(unit)
        return real(self, unit)

    monkeypatch.setattr(Store, "sops", spy)
    gate = threading.Event()
    real_due = Context.due_items

    def slow_due(self: Context) -> list[DueItem]:
        if threading.get_ident() != ui_thread:
            gate.wait(10)  # the count is still running while the tab opens
        return real_due(self)

    monkeypatch.setattr(Context, "due_items", slow_due)
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, "tab-umum")
        await wait_until(pilot, lambda: "Menghitung SOP umum yang diadopsi di 4 unit" in shown(app))
        assert general_rows(app)["surat-masuk"][:2] == ["Pengelolaan Surat Masuk", "…"]
        gate.set()
        await wait_until(pilot, lambda: general_rows(app).get("surat-masuk", [""] * 2)[1]
                         == "3 dari 4")
        assert general_rows(app)["surat-masuk"][1] == "3 dari 4"
        assert "1 SOP umum buatan workshop" in shown(app)
    assert on_ui_thread == []
