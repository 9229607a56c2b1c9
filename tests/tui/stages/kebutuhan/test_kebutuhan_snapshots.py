"""Snapshots of the Penilaian Kebutuhan stage: Tabel 6 of one unit at 80x24 and 160x48, and the
adoption dialog (all-units row, and one unit's own mapping) at 80x24.

A small seeded workshop (not the demo, which changes with the demo bundle), a frozen clock, no
running session (the header shows no timer), no cursor blink, ``TEXTUAL_ANIMATIONS=none`` (set
by ``tests/tui/conftest.py``). Regenerate after an intended change with
``pytest tests/tui/stages/kebutuhan/test_kebutuhan_snapshots.py --snapshot-update`` and look at
the pictures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Input, Select

from tests.tui.conftest import frozen_now, no_blink
from tests.tui.fast_keys import wait_for_tab_underlines, wait_for_widget, wait_until
from workshop.model import NeedRow
from workshop.resources import sop_templates_dir
from workshop.sopfile import load_sop
from workshop.stages.kebutuhan import needs
from workshop.store import Store, slugify
from workshop.tui.app import WorkshopApp
from workshop.tui.stages.kebutuhan.dialogs import AdoptScreen
from workshop.tui.stages.kebutuhan.pane import KebutuhanPane

SIZES = [(80, 24), (160, 48)]

ROWS = [
    NeedRow(id="", tugas="Pelayanan kesehatan", fungsi="Perizinan fasilitas kesehatan",
            uraian_tugas="Menerbitkan izin praktik", kegiatan="Verifikasi berkas",
            output="Izin praktik [bidan]", aspek="penerbitan",
            title="Penerbitan Izin Praktik [bidan]", activity="pelayanan"),
    NeedRow(id="", tugas="Pelayanan kesehatan", fungsi="Perizinan fasilitas kesehatan",
            uraian_tugas="Menerbitkan izin praktik", kegiatan="Verifikasi berkas",
            output="Rekomendasi izin klinik", aspek="penerbitan",
            title="Penerbitan Rekomendasi Izin Klinik", activity="pelayanan"),
    NeedRow(id="", tugas="Kesekretariatan", fungsi="Perencanaan",
            uraian_tugas="Menyusun dokumen perencanaan", kegiatan="Rapat penyusunan",
            output="Renja", aspek="penyusunan", title="", activity="rutin"),
    NeedRow(id="", tugas="Kesekretariatan", fungsi="Umum dan kepegawaian",
            uraian_tugas="Mengelola kepegawaian", kegiatan="Usulan cuti",
            output="Surat izin cuti", aspek="penerbitan", title="", activity="rutin"),
]


def seeded(folder: Path) -> Path:
    store = Store.create(folder, "Pendampingan Penyusunan SOP AP", now=frozen_now)
    store.update_event(host_government="Pemerintah Kabupaten Wonosobo")
    dinkes = store.add_unit("Dinas Kesehatan", head_position="Kepala Dinas")
    badan = store.add_unit("Badan Keuangan dan Aset Daerah", head_position="Kepala Badan")
    camat = store.add_unit("Kecamatan Garung", head_position="Camat")
    store.add_member(dinkes.slug, "Sri Wahyuni", position="Sekretaris Dinas", role="ketua")
    store.add_member(badan.slug, "Rina", position="Sekretaris Badan", role="ketua")
    store.add_member(camat.slug, "Agus", position="Sekretaris Kecamatan", role="ketua")
    store.add_needs(dinkes.slug, ROWS)
    return folder


def make_app(tmp_path: Path) -> WorkshopApp:
    folder = seeded(tmp_path / "ws")
    return WorkshopApp(folder, now=frozen_now, recent_file=tmp_path / "recent.json")


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    no_blink(pilot.app)
    await pilot.pause()


async def open_tab(pilot: Pilot[Any], tab: str) -> KebutuhanPane:
    await pilot.pause()
    await pilot.press("ctrl+2")
    await wait_for_widget(pilot, "KebutuhanPane")
    pane = pilot.app.screen.query_one(KebutuhanPane)
    pane.show_tab(tab)
    await wait_for_tab_underlines(pilot)
    await settle(pilot)
    return pane


async def press_all(pilot: Pilot[Any]) -> None:
    """Press 'Pilih semua' and wait until its pressed look (a 0.2 s timer) has gone.

    The picture was taken inside or after that timer depending on the machine's load, so the
    button's colour flipped between runs.
    """
    button = pilot.app.screen.query_one("#all", Button)
    button.press()
    await wait_until(pilot, lambda: not button.has_class("-active"))
    await settle(pilot)


async def tabel6(pilot: Pilot[Any]) -> None:
    await open_tab(pilot, "tab-tabel6")
    table = pilot.app.screen.query_one("#needs-table", DataTable)
    await wait_until(pilot, lambda: table.row_count == len(ROWS))
    table.focus()
    await settle(pilot)


async def adopt_dialog(pilot: Pilot[Any]) -> None:
    await open_tab(pilot, "tab-umum")
    table = pilot.app.screen.query_one("#general-table", DataTable)
    await wait_until(pilot, lambda: table.row_count > 0)
    table.focus()
    table.move_cursor(row=table.get_row_index("surat-masuk"))
    await pilot.press("a")
    await wait_for_widget(pilot, "#ad-units")
    assert isinstance(pilot.app.screen, AdoptScreen)
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_tabel6(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=tabel6)


def test_adopt_dialog(snap_compare: Any, tmp_path: Path) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await adopt_dialog(pilot)
        await press_all(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=before)


def test_adopt_dialog_one_unit(snap_compare: Any, tmp_path: Path) -> None:
    """Badan Keuangan's own mapping: its head position prefilled, its Sekretaris typed."""
    positions = needs.generic_positions(load_sop(sop_templates_dir() / "surat-masuk.yaml"))

    async def before(pilot: Pilot[Any]) -> None:
        await adopt_dialog(pilot)
        screen = pilot.app.screen
        await press_all(pilot)
        screen.query_one("#ad-target", Select).value = slugify("Badan Keuangan dan Aset Daerah")
        await settle(pilot)
        box = screen.query_one(f"#ad-pos-{positions.index('Sekretaris')}", Input)
        box.value = "Sekretaris Badan"
        box.focus()
        await settle(pilot)
        await wait_until(pilot, lambda: "Badan Keuangan" in str(
            screen.query_one("#ad-changed").content))  # type: ignore[attr-defined]
        screen.query_one("#ad-scroll").scroll_end(animate=False)
        await settle(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=before)
