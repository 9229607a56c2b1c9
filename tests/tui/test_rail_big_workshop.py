"""The main screen's rail on a big workshop: the first paint reads no unit file, the full count
runs in a worker and then shows exactly what a small workshop shows at once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from workshop.model import ImplementationRecord, Sop, SopRecord
from workshop.stages.monev.monev import DueItem
from workshop.store import Store
from workshop.tui.app import WorkshopApp
from workshop.tui.context import Context
from workshop.tui.screens import main as main_screen
from workshop.tui.widgets.rail import Rail


def rail_prompts(app: WorkshopApp) -> list[str]:
    rail = app.screen.query_one(Rail)
    return [str(rail.get_option_at_index(i).prompt) for i in range(rail.option_count)]


def make_workshop(folder: Path) -> None:
    store = Store.create(folder, "Acara")
    a, b = store.add_units(["Dinas A", "Dinas B"])
    impl = [ImplementationRecord(date="2018-08-01", kind="sosialisasi")]
    store.add_sop_records(a.slug, [
        SopRecord(id="", sop=Sop(title="Satu"), status="disahkan"),
        SopRecord(id="", sop=Sop(title="Dua"), status="diterapkan", implementation=impl),
    ])
    store.add_sop_records(b.slug, [SopRecord(id="", sop=Sop(title="Tiga"))])


async def test_big_workshop_paints_cheap_figures_then_the_full_count(
    tmp_path: Path, make_app: Callable[..., WorkshopApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_workshop(tmp_path / "ws")
    monkeypatch.setattr(main_screen, "BIG_WORKSHOP_BYTES", 0)  # 3 SOPs count as "big"
    gate = threading.Event()
    full = Context.due_items
    read: list[str] = []
    sops = Store.sops

    def gated(self: Context) -> list[DueItem]:
        if threading.current_thread() is not threading.main_thread():
            assert gate.wait(10)
        return full(self)

    def spy(self: Store, unit: str) -> list[SopRecord]:
        read.append(unit)
        return sops(self, unit)

    monkeypatch.setattr(Context, "due_items", gated)
    monkeypatch.setattr(Store, "sops", spy)
    app = make_app(tmp_path / "ws")
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        first = "\n".join(rail_prompts(app))
        assert read == []  # no unit file decoded for the first screen
        assert "0/2 unit siap" in first  # Persiapan comes from the workshop file: exact
        assert "disahkan" not in first and "kebutuhan" not in first
        assert "diterapkan" not in first and "dimonitor" not in first
        assert first.count("menghitung…") == 4  # every stage that needs the unit files
        assert "2 unit" in first  # the board's entry
        gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        after = "\n".join(rail_prompts(app))
        assert "menghitung…" not in after
        assert "2/3 SOP disahkan" in after and "0 kebutuhan, 0/2 unit" in after
        assert "1/2 SOP diterapkan" in after and "0/1 SOP dimonitor" in after
        assert sorted(set(read)) == ["dinas-a", "dinas-b"]


async def test_small_workshop_counts_at_once(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    make_workshop(tmp_path / "ws")
    app = make_app(tmp_path / "ws")
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        prompts = "\n".join(rail_prompts(app))
        assert "menghitung…" not in prompts
        assert "1/2 SOP diterapkan" in prompts and "0/1 SOP dimonitor" in prompts
