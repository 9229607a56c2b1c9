"""Pilot tests of Penerapan and Monev: record a sosialisasi, monitor two SOPs (one not running
well), evaluate one with two "Tidak" and choose revisi; version 2 is a draft with the findings
as review comments; the board and the rail show the due dates."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, DataTable, Input, Select

from tests.tui.conftest import screen_text, table_rows
from tests.tui.fast_keys import press_button
from workshop.model import Approval, Dates, MonitoringRow, Sop, Step
from workshop.store import Store
from workshop.tui.app import WorkshopApp
from workshop.tui.stages.monev.dialogs import (
    EvaluationDialog,
    ImplementationDialog,
    MonitoringDialog,
)

UNIT = "Sekretariat Daerah"


def approved_sop(title: str, output: str, needs: str) -> Sop:
    return Sop(
        title=title, unit=UNIT, number="800/SOP.01/Setda/2018",
        dates=Dates(created="2018-01-02", effective="2018-01-05"),
        approval=Approval("Sekretaris Daerah", "Drs. Budi", ""),
        actors=["Petugas TU", "Kasubbag Umum"],
        steps=[Step("Menerima berkas", "Petugas TU", "start", [needs], "5 menit",
                    f"{needs} diterima"),
               Step("Memeriksa berkas", "Kasubbag Umum", "end", [f"{needs} diterima"],
                    "10 menit", output)],
    )


def workshop(tmp_path: Path) -> tuple[Path, Store, str]:
    folder = tmp_path / "ws"
    store = Store.create(folder, "Pendampingan SOP AP")
    unit = store.add_unit(UNIT, short_name="Setda")
    store.add_sop(unit.slug, approved_sop("Pengelolaan Surat Masuk", "Lembar disposisi",
                                          "Surat masuk"), status="disahkan")
    store.add_sop(unit.slug, approved_sop("Tindak Lanjut Disposisi", "Laporan",
                                          "Lembar disposisi"), status="disahkan")
    return folder, store, unit.slug


async def until(pilot: Pilot[None], ready: Callable[[], bool]) -> None:
    """Pause until ``ready()`` (screens push and pop asynchronously; slow under load)."""
    deadline = time.monotonic() + 60  # bounded by time, not by a count of pauses
    while time.monotonic() < deadline:
        if ready():
            return
        await pilot.pause(0.05)
    raise AssertionError("the screen did not change in time")


async def dialog_of(pilot: Pilot[None], app: WorkshopApp, kind: type[object]) -> None:
    await until(pilot, lambda: isinstance(app.screen, kind))


async def closed(pilot: Pilot[None], app: WorkshopApp, kind: type[object]) -> None:
    await until(pilot, lambda: not isinstance(app.screen, kind))
    await pilot.pause()


def values(app: WorkshopApp, **fields: str) -> None:
    for id, value in fields.items():
        app.screen.query_one(f"#{id}", Input).value = value


async def test_pilot_penerapan_monitoring_evaluation_revisi(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    folder, store, slug = workshop(tmp_path)
    app = make_app(folder)
    async with app.run_test(size=(130, 45)) as pilot:
        # Both SOPs were effective on 2018-01-05: their monitoring was due on 2018-07-05.
        await until(pilot, lambda: "2 terlambat" in screen_text(app))
        assert "2 terlambat" in screen_text(app)  # in the rail

        # -- Penerapan ---------------------------------------------------------------------
        await pilot.press("ctrl+4")
        await until(pilot, lambda: "Penerapan SOP" in screen_text(app))
        text = screen_text(app)
        assert "Rencana penerapan: 2 SOP masih perlu ditindaklanjuti" in text
        await until(pilot, lambda: "Keselarasan (serah-terima antar-SOP dan antar-unit): 2 temuan"
                    in screen_text(app))
        text = screen_text(app)
        assert 'Output "Lembar disposisi" (langkah 2) menjadi kelengkapan SOP' in text
        table = app.screen.query_one("#impl-list", DataTable)
        assert [row[1:3] for row in table_rows(table)] == [
            ["Pengelolaan Surat Masuk", "Disahkan"], ["Tindak Lanjut Disposisi", "Disahkan"]]
        await pilot.press("r")
        await dialog_of(pilot, app, ImplementationDialog)
        values(app, **{"impl-audience": "Staf Subbag Umum", "impl-method": "Rapat staf",
                       "impl-reached": "12"})
        await press_button(pilot, "#ok")
        await closed(pilot, app, ImplementationDialog)
        assert table_rows(table)[0][2:] == ["Diterapkan", "1× 2018-07-10", "-", "-", "12"]
        await pilot.press("down", "r")
        await dialog_of(pilot, app, ImplementationDialog)
        await press_button(pilot, "#ok")
        await closed(pilot, app, ImplementationDialog)
        assert "Rencana penerapan: 2 SOP masih perlu ditindaklanjuti" in screen_text(app)
        assert "belum pelatihan, distribusi" in screen_text(app)
        record = store.sops(slug)[0]
        assert record.status == "diterapkan"
        assert record.implementation[0].audience == "Staf Subbag Umum"

        # -- Monitoring (Tabel 7) ------------------------------------------------------------
        await pilot.press("ctrl+5")
        await until(pilot, lambda: bool(app.screen.query("#monev-list")))
        await pilot.pause()
        assert app.screen.query_one("#monev-period", Input).value == "2018-S2"
        await pilot.press("m")
        await dialog_of(pilot, app, MonitoringDialog)
        values(app, **{"mon-notes": "Semua surat tercatat", "mon-assessor": "AB"})
        await press_button(pilot, "#ok")
        await closed(pilot, app, MonitoringDialog)
        await pilot.press("down", "m")
        await dialog_of(pilot, app, MonitoringDialog)
        dialog = app.screen
        assert isinstance(dialog, MonitoringDialog)
        dialog.query_one("#mon-assessment", Select).value = "Tidak berjalan dengan baik"
        values(app, **{"mon-notes": "Disposisi terlambat 3 hari", "mon-assessor": "CD"})
        await press_button(pilot, "#ok")
        # refused until an action is written; the dialog stays open with the reason
        await until(pilot, lambda: "Tuliskan tindakan yang harus diambil" in screen_text(app))
        assert app.screen is dialog
        values(app, **{"mon-action": "Sederhanakan alur disposisi"})
        # the refusal message moves the buttons while the dialog re-lays out: press the button
        # itself rather than clicking at coordinates that may be stale
        dialog.query_one("#ok", Button).press()
        await closed(pilot, app, MonitoringDialog)
        rows = table_rows(app.screen.query_one("#monev-list", DataTable))
        assert [r[1:7] for r in rows] == [
            ["Pengelolaan Surat Masuk", "Diterapkan", "Berjalan dengan baik",
             "Semua surat tercatat", "", "AB"],
            ["Tindak Lanjut Disposisi", "Perlu revisi", "Tidak berjalan dengan baik",
             "Disposisi terlambat 3 hari", "Sederhanakan alur disposisi", "CD"],
        ]
        assert rows[0][8] == "2019-01-10"  # six months after this monitoring

        # -- Evaluation: two "Tidak", revisi -------------------------------------------------
        await pilot.press("e")
        await dialog_of(pilot, app, EvaluationDialog)
        dialog = app.screen
        assert isinstance(dialog, EvaluationDialog)
        dialog.query_one("#ev-q2", Checkbox).value = False
        dialog.query_one("#ev-q5", Checkbox).value = False
        await until(pilot, lambda: "Jawaban Ya: 5 dari 7 (71%)" in screen_text(app))
        values(app, **{"ev-n2": "Istilah disposisi membingungkan", "ev-author": "Tim Evaluasi"})
        dialog.query_one("#ev-decision", Select).value = "revisi"
        await press_button(pilot, "#ok")
        await closed(pilot, app, EvaluationDialog)
        rows = table_rows(app.screen.query_one("#monev-list", DataTable))
        assert rows[1][2] == "Draf v2"
        assert rows[1][7] == "5 dari 7 Ya (71%), revisi"

        revised = store.sops(slug)[1]
        assert (revised.version, revised.status) == (2, "draf")
        assert revised.versions[0].status == "perlu revisi"
        assert [(c.author, c.text) for c in revised.reviews] == [
            ("Tim Evaluasi", "Evaluasi 2018-07-10: Apakah SOP mudah dipahami? Tidak. "
             "Istilah disposisi membingungkan"),
            ("Tim Evaluasi", "Evaluasi 2018-07-10: Apakah SOP mampu mengatasi permasalahan "
             "yang berkaitan dengan proses? Tidak."),
            ("Tim Evaluasi", "Monitoring 2018-S2: tidak berjalan dengan baik. Disposisi "
             "terlambat 3 hari Tindakan: Sederhanakan alur disposisi"),
        ]

        # -- The board shows the due dates ----------------------------------------------------
        await pilot.press("ctrl+b")
        await until(pilot, lambda: "Jatuh tempo monev" in screen_text(app))
        text = screen_text(app)
        assert "Jatuh tempo monev: tidak ada yang terlambat" in text
        assert ("2019-01-10 (184 hari lagi) Monitoring Pengelolaan Surat Masuk "
                "(Sekretariat Daerah)") in text
        assert "2 terlambat" not in text  # the rail no longer warns


async def test_board_lists_overdue_monitoring(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    folder, _, _ = workshop(tmp_path)
    app = make_app(folder)
    async with app.run_test(size=(130, 45)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+b")
        await until(pilot, lambda: "Jatuh tempo monev" in screen_text(app))
        text = screen_text(app)
        assert "Jatuh tempo monev: 2 terlambat" in text
        assert ("2018-07-05 (terlambat 5 hari) Monitoring Pengelolaan Surat Masuk "
                "(Sekretariat Daerah)") in text
        assert ("2018-07-05 (terlambat 5 hari) Monitoring Tindak Lanjut Disposisi "
                "(Sekretariat Daerah)") in text


async def test_user_text_is_not_markup(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    folder = tmp_path / "ws"
    store = Store.create(folder, "Pendampingan")
    unit = store.add_unit("Unit [b]Satu[/b]")
    store.add_sop(unit.slug, approved_sop("Surat [/x] Masuk", "Arsip", "Surat"),
                  status="disahkan")
    app = make_app(folder)
    async with app.run_test(size=(130, 45)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+5")
        await until(pilot, lambda: "Surat [/x] Masuk" in screen_text(app))
        await pilot.press("ctrl+4")
        await until(pilot, lambda: "Penerapan SOP" in screen_text(app))
        assert "Surat [/x] Masuk" in screen_text(app)
        assert "Unit [b]Satu[/b]" in screen_text(app)


async def test_tabel_7_exported_from_the_monev_screen(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    folder, store, slug = workshop(tmp_path)
    first = store.sops(slug)[0]
    store.set_sop_status(slug, first.id, "diterapkan")
    store.update_record(slug, first.id, lambda r: r.monitoring.append(
        MonitoringRow("2018-S2", "Berjalan dengan baik", "Lancar", "", "AB")))
    app = make_app(folder)
    async with app.run_test(size=(130, 45)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+5")
        await until(pilot, lambda: bool(app.screen.query("#monev-list")))
        await pilot.pause()
        await pilot.press("x")
        await until(pilot, lambda: "Ekspor monitoring dan evaluasi" in screen_text(app))
        await pilot.press("enter")  # the first choice: Tabel 7 as Markdown
        target = folder / "exports" / "monitoring-sekretariat-daerah.md"
        await until(pilot, target.exists)
        await app.workers.wait_for_complete()
        await pilot.pause()
    written = target.read_text("utf-8")
    header = ("| No | Prosedur | Penilaian Terhadap Penerapan | Catatan Hasil Penilaian | "
              "Tindakan yang Harus Diambil | Paraf Penilai |")
    assert header in written
    assert "| 1 | Pengelolaan Surat Masuk | Berjalan dengan baik | Lancar |" in written


async def test_monev_refresh_rereads_its_unit_only_when_that_unit_changed(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    import os

    folder, store, slug = workshop(tmp_path)
    other = store.add_unit("Dinas Lain")
    old = time.time() - 3600  # files written long ago: their tokens are trusted
    for path in folder.rglob("*.json"):
        os.utime(path, (old, old))
    app = make_app(folder)
    async with app.run_test(size=(130, 45)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+5")
        await until(pilot, lambda: "Tindak Lanjut Disposisi" in screen_text(app))
        app_store = app.ctx.store  # type: ignore[union-attr]
        read: list[str] = []
        sops = app_store.sops

        def spy(unit: str) -> list[object]:
            read.append(unit)
            return sops(unit)  # type: ignore[return-value]

        app_store.sops = spy  # type: ignore[method-assign]
        try:
            store.add_sop(other.slug, Sop(title="Draf unit lain"))  # another unit changes
            await until(pilot, lambda: other.slug in read)  # the rail counted it
            await pilot.pause(0.6)  # a poll more
            assert slug not in read  # the Monev table's unit was not decoded again

            first = store.sops(slug)[0]
            store.update_record(slug, first.id, lambda r: setattr(r.sop, "title",
                                                                  "Surat Masuk Baru"))
            await until(pilot, lambda: "Surat Masuk Baru" in screen_text(app))
            assert slug in read
        finally:
            del app_store.sops
