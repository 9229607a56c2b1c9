"""The progress board at province scale and on the projector: its due list comes from the
context's per-unit cache (a change in one unit re-reads only that unit), it shows how many units
adopted each general SOP, and the projector view fills a 200x60 terminal with large figures
while 80x24 stays readable."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from tests.tui.conftest import FROZEN, screen_text
from tests.tui.fast_keys import wait_until
from workshop.model import Dates, MonitoringRow, Sop, SopRecord
from workshop.stages.kebutuhan import needs
from workshop.stages.monev.monev import due_items
from workshop.store import Store
from workshop.tui.app import WorkshopApp
from workshop.tui.context import Context, context_of
from workshop.tui.guide import load_guide
from workshop.tui.progress import general_adoption
from workshop.tui.screens.board import (
    BoardPane,
    FigureDigits,
    ProjectorBoardScreen,
    adoption_text,
    figure_scale,
)
from workshop.tui.stages.kebutuhan.common import templates
from workshop.tui.stages.monev.common import DueList


def in_force(title: str, effective: str, **extra: object) -> SopRecord:
    sop = Sop(title=title, dates=Dates(created="2018-01-02", effective=effective))
    return SopRecord(id="", sop=sop, status="diterapkan", **extra)  # type: ignore[arg-type]


def age_files(where: Path) -> None:
    """Date the files an hour back: a file written within the clock's tick is never trusted."""
    old = time.time() - 3600
    for path in [where] if where.is_file() else where.rglob("*.json"):
        os.utime(path, (old, old))


def seeded(folder: Path) -> tuple[Store, list[str]]:
    store = Store.create(folder, "Pendampingan SOP AP")
    units = store.add_units(["Dinas B", "Dinas A", "Kecamatan C", "Badan D"])
    store.add_sop_records(units[0].slug, [
        in_force("Surat Masuk", "2018-01-10"), in_force("Cuti", "2018-03-01"),
        SopRecord(id="", sop=Sop(title="Draf saja"))])
    store.add_sop_records(units[1].slug, [
        in_force("Arsip", "2017-05-05", monitoring=[
            MonitoringRow("2018-S1", "Baik", date="2018-02-01")])])
    store.add_sop_records(units[2].slug, [SopRecord(id="", sop=Sop(title="Masih draf"))])
    age_files(folder)
    return store, [u.slug for u in units]


def due_lines(app: WorkshopApp) -> str:
    return str(app.screen.query_one(DueList).render())


def every_unit_due(store: Store) -> list[object]:
    return list(due_items([(u, store.sops(u.slug)) for u in store.units()], FROZEN.date()))


async def test_board_due_list_is_monev_due_items_and_a_change_rereads_one_unit(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    store, slugs = seeded(tmp_path / "ws")
    expected = every_unit_due(store)
    assert len(expected) == 6  # a monitoring and an evaluation of each SOP in force
    app = make_app(tmp_path / "ws")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+b")
        await wait_until(pilot, lambda: "Jatuh tempo monev" in screen_text(app))
        ctx = context_of(app)
        assert ctx.due_items() == expected
        # What the board shows is that list: its overdue items, in that order.
        overdue = [d for d in expected if d.overdue]  # type: ignore[attr-defined]
        assert overdue
        shown = app.screen.query_one(BoardPane).query_one(DueList).render()
        lines = str(shown).splitlines()
        assert lines[0] == f"Jatuh tempo monev: {len(overdue)} terlambat"
        for line, item in zip(lines[1:], overdue[:3], strict=False):
            assert line.strip() == (f"{item.when()} {item.kind_label} {item.title} "  # type: ignore[attr-defined]
                                    f"({item.unit_name})")  # type: ignore[attr-defined]

        # One unit changes: the board's refresh decodes that unit only.
        read: list[str] = []
        app_store = ctx.store
        app_sops = app_store.sops

        def spy(unit: str) -> list[SopRecord]:
            read.append(unit)
            return app_sops(unit)

        store.add_sop_records(slugs[2], [in_force("Perjalanan Dinas", "2017-12-01")])
        age_files(tmp_path / "ws" / "units" / f"{slugs[2]}.json")
        app_store.sops = spy  # type: ignore[method-assign]
        try:
            app.screen.query_one(BoardPane).refresh_data()
            assert read == [slugs[2]]
            read.clear()
            app.screen.query_one(BoardPane).refresh_data()  # nothing changed: nothing read
            assert read == []
        finally:
            del app_store.sops
        assert ctx.due_items() == every_unit_due(store)
        text = str(app.screen.query_one(BoardPane).query_one(DueList).render())
        assert "Perjalanan Dinas (Kecamatan C)" in text


def test_progress_and_due_reuses_the_list_when_nothing_changed(tmp_path: Path) -> None:
    store, slugs = seeded(tmp_path / "ws")
    ctx = Context(store=store, guide=load_guide(), now=lambda: FROZEN)
    _rows, first = ctx.progress_and_due()
    again = ctx.due_items()
    assert again is first  # the rail and the board share one list while nothing changed
    store.update_unit(slugs[1], name="Dinas A Baru")  # the workshop file: a name changes
    renamed = ctx.due_items()
    assert renamed is not first
    assert {d.unit_name for d in renamed} == {"Dinas B", "Dinas A Baru"}
    assert renamed == every_unit_due(store)


def test_adoption_counts_come_from_the_cached_rows(tmp_path: Path) -> None:
    store, slugs = seeded(tmp_path / "ws")
    surat = templates()[0]["surat-masuk"]
    for slug in slugs[:3]:
        store.add_sop(slug, surat, template="surat-masuk")
    store.add_sop(slugs[0], Sop(title="Cuti versi kami"), template="cuti-pegawai")
    retired = store.add_sop(slugs[1], Sop(title="Cuti lama"), template="cuti-pegawai")
    store.update_record(slugs[1], retired.id, lambda r: setattr(r, "status", "dicabut"),
                        "sop.status")
    store.add_sop(slugs[3], Sop(title="Rapat Koordinasi Bersama"), template="umum:rapat")
    ctx = Context(store=store, guide=load_guide(), now=lambda: FROZEN)
    rows = ctx.progress_rows()
    titles = {tid: sop.title for tid, sop in templates()[0].items()}
    found = general_adoption(rows, titles)
    by_unit = {u.slug: store.sops(u.slug) for u in store.units()}
    assert {a.template: a.units for a in found} == needs.adoption_counts(by_unit)
    assert [(a.title, a.units) for a in found] == [
        ("Pengelolaan Surat Masuk", 3),
        ("Pemberian Cuti Pegawai", 1),  # the library's title, not the unit's; retired not
        ("Rapat Koordinasi Bersama", 1),  # made in the workshop: the unit's title
    ]
    assert ctx.adoption_counts() == needs.adoption_counts(by_unit)
    assert ctx.adopted_units("surat-masuk") == needs.adopted_units(by_unit, "surat-masuk")
    assert ctx.adopted_units("cuti-pegawai") == [slugs[0]]
    assert adoption_text(found, 4).plain == (
        "SOP umum diadopsi (dari 4 unit): Pengelolaan Surat Masuk 3 unit · "
        "Pemberian Cuti Pegawai 1 unit · Rapat Koordinasi Bersama 1 unit")
    assert adoption_text(found).plain.startswith(
        "SOP umum diadopsi: Pengelolaan Surat Masuk 3 unit · ")  # narrow terminals
    assert adoption_text([], 4).plain == "SOP umum diadopsi: belum ada."


def adopt_into_three(store: Store, slugs: list[str]) -> None:
    surat = templates()[0]["surat-masuk"]
    for slug in slugs[:3]:
        store.add_sop(slug, surat, template="surat-masuk")


async def test_board_shows_units_that_adopted_a_general_sop_at_80x24(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    store, slugs = seeded(tmp_path / "ws")
    adopt_into_three(store, slugs)
    app = make_app(tmp_path / "ws")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+b")
        await wait_until(pilot, lambda: "SOP umum diadopsi" in screen_text(app))
        text = screen_text(app)
        assert "SOP umum diadopsi: Pengelolaan Surat Masuk 3 unit" in text
        # The units table is still there, every unit on screen.
        for name in ("Dinas A", "Dinas B", "Kecamatan C", "Badan D"):
            assert name in text
        assert "Jatuh tempo monev" in text

        # A fourth unit adopts it: the board follows.
        store.add_sop(slugs[3], templates()[0]["surat-masuk"], template="surat-masuk")
        await wait_until(pilot, lambda: "Pengelolaan Surat Masuk 4 unit" in screen_text(app))
        assert "Pengelolaan Surat Masuk 4 unit" in screen_text(app)


async def test_projector_board_fills_200x60_with_large_figures(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    store, slugs = seeded(tmp_path / "ws")
    adopt_into_three(store, slugs)
    app = make_app(tmp_path / "ws")
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        app.push_screen(ProjectorBoardScreen())
        await wait_until(pilot, lambda: isinstance(app.screen, ProjectorBoardScreen)
                         and any(f.value == "8" for f in
                                 app.screen.query("#fig-drafted").results(FigureDigits)))
        screen = app.screen
        units = screen.query_one("#fig-units", FigureDigits)
        assert units.value == "4"
        across, down = units.scale
        assert across >= 2 and down >= 2  # block digits, pixels at least 4x2 cells
        assert units.scale == screen.query_one("#fig-approved", FigureDigits).scale
        text = screen_text(app)
        rows = text.splitlines()
        # The figure "4" is drawn in blocks: at least ten rows carry its strokes.
        assert sum(1 for row in rows if "████" in row) >= 10
        assert screen.query_one("#projector-figures").size.height >= 12
        assert "SOP umum diadopsi (dari 4 unit): Pengelolaan Surat Masuk 3 unit" in text
        for name in ("Dinas A", "Dinas B", "Kecamatan C", "Badan D"):
            assert name in text
        assert screen.query_one("#projector-board").size.height >= 20  # tall rows fill it
        assert not screen.query_one("#projector-totals").display

        # The same screen at 80x24: no block digits, the totals as one line of text.
        await pilot.resize_terminal(80, 24)
        await wait_until(pilot, lambda: screen.query_one("#projector-totals").display)
        text = screen_text(app)
        assert "4 unit · 0 kebutuhan · 8 SOP disusun" in text
        assert "Pengelolaan Surat Masuk 3 unit" in text
        for name in ("Dinas A", "Dinas B", "Kecamatan C", "Badan D"):
            assert name in text
        assert "████" not in text


def test_figure_scale_keeps_pixels_about_square_and_falls_back() -> None:
    assert figure_scale("0", 49, 14) == (4, 2)  # height bound: square pixels, not flat ones
    assert figure_scale("0000", 49, 14) == (3, 2)  # width bound: pixels a little tall
    assert figure_scale("0", 200, 60) == (24, 12)
    assert figure_scale("0000", 20, 14) == (1, 1)  # 15 cells wide, 5 rows
    assert figure_scale("0000", 14, 14) == (0, 0)  # too narrow: the three-line digits
    assert figure_scale("0", 49, 4) == (0, 0)  # too low: the same
