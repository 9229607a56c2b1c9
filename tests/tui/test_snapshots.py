"""Snapshots of the welcome screen, Persiapan and the board, at 80x24 and 160x48, both themes.

Regenerate after an intended change with ``pytest tests/tui --snapshot-update`` and look at the
report before committing.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import FROZEN, frozen_now, no_blink
from workshop.model import AgendaItem, Session
from workshop.store import Store
from workshop.tui.app import WorkshopApp
from workshop.tui.screens.main import MainScreen
from workshop.tui.themes import PROJECTOR

SIZES = [(80, 24), (160, 48)]
THEMES = ["default", "proyektor"]


def sample_workshop(folder: Path, theme: str) -> Path:
    store = Store.create(folder, "Pendampingan Penyusunan SOP AP", now=frozen_now)
    store.update_event(
        organiser="Biro Organisasi Setda Provinsi Jawa Tengah",
        host_government="Pemerintah Kabupaten Wonosobo",
        venue="Ruang Rapat Setda",
        start_date="2018-07-10",
        end_date="2018-07-11",
        facilitators=["Ani Rahmawati", "Budi Santoso"],
        theme=theme,
    )
    units = store.add_units([
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Badan [Keuangan] | Aset *Daerah*",
        "Kecamatan Garung",
        "Dinas Kesehatan",
    ])
    store.update_unit(units[0].slug, short_name="Disdukcapil", head_position="Kepala Dinas",
                      team_model="gabungan", sk_number="061/123/2018", sk_date="2018-07-02")
    store.add_member(units[0].slug, "Sri Wahyuni", nip="198001012005012001",
                     position="Sekretaris Dinas", role="ketua")
    store.add_member(units[0].slug, "Agus [Tono]", nip="198505052010011002",
                     position="Kasubbag Umum", role="sekretaris")
    store.add_member(units[1].slug, "Rina", position="Analis Keuangan", role="anggota")
    for item in ("tim_dibentuk", "sk_terbit", "anggota_dilatih"):
        store.set_readiness(units[0].slug, item, True)
    store.set_readiness(units[1].slug, "tim_dibentuk", True)
    started = (FROZEN - timedelta(minutes=12, seconds=5)).isoformat()
    store.add_session(Session(
        id="", title="Hari 1", date="2018-07-10", state="running", current_item=0,
        item_started_at=started,
        agenda=[AgendaItem("Pembentukan tim penyusun", "persiapan", 30)],
    ))
    return folder


def recent_with_fixed_paths(tmp_path: Path) -> Path:
    recent = tmp_path / "recent.json"
    recent.write_text(json.dumps(["/data/workshop/wonosobo-2018", "/data/workshop/demak-2019"]))
    return recent


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    no_blink(pilot.app)
    await pilot.pause()


async def at_main(pilot: Pilot[Any]) -> None:
    """Opening a workshop with a running session resumes the sessions screen; go back to the
    frame (its header still shows the session's timer)."""
    await pilot.pause()
    app = pilot.app
    while len(app.screen_stack) > 1 and not isinstance(app.screen, MainScreen):
        app.pop_screen()
        await pilot.pause()
    assert isinstance(app.screen, MainScreen)
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("theme", THEMES)
def test_welcome(snap_compare: Any, tmp_path: Path, size: tuple[int, int], theme: str) -> None:
    app = WorkshopApp(None, now=frozen_now, recent_file=recent_with_fixed_paths(tmp_path))

    async def before(pilot: Pilot[Any]) -> None:
        if theme == "proyektor":
            pilot.app.theme = PROJECTOR
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("theme", THEMES)
def test_persiapan(snap_compare: Any, tmp_path: Path, size: tuple[int, int], theme: str) -> None:
    folder = sample_workshop(tmp_path / "ws", theme)
    app = WorkshopApp(folder, now=frozen_now, recent_file=tmp_path / "recent.json")
    assert snap_compare(app, terminal_size=size, run_before=at_main)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("theme", THEMES)
def test_board(snap_compare: Any, tmp_path: Path, size: tuple[int, int], theme: str) -> None:
    folder = sample_workshop(tmp_path / "ws", theme)
    app = WorkshopApp(folder, now=frozen_now, recent_file=tmp_path / "recent.json")

    async def before(pilot: Pilot[Any]) -> None:
        await at_main(pilot)
        await pilot.press("ctrl+b")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=before)
