"""Pilot tests of the app frame: welcome, recent workshops, demo, help, themes, palette, stages."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import ContentSwitcher, DataTable, Digits, Markdown, OptionList

from tests.tui.conftest import screen_text, table_rows
from tests.tui.fast_keys import palette_offers, type_keys, wait_until
from workshop.documents import find
from workshop.store import Store
from workshop.tui import launch
from workshop.tui.app import WorkshopApp, export_command
from workshop.tui.dialogs import NewWorkshopScreen, PasteUnitsScreen
from workshop.tui.recent import load_recent, remember
from workshop.tui.screens.board import ProjectorBoardScreen
from workshop.tui.screens.help import HelpScreen
from workshop.tui.screens.main import MainScreen
from workshop.tui.screens.welcome import WelcomeScreen
from workshop.tui.themes import CALM, PROJECTOR


async def test_welcome_lists_recent_and_opens_one(
    tmp_path: Path, make_app: Callable[..., WorkshopApp], recent_file: Path
) -> None:
    Store.create(tmp_path / "wonosobo-2018", "Pendampingan Wonosobo")
    remember(recent_file, tmp_path / "wonosobo-2018")
    remember(recent_file, tmp_path / "hilang")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        text = screen_text(app)
        assert "Workshop terakhir" in text
        assert "hilang" in text and "(tidak ditemukan)" in text
        recent = app.screen.query_one("#recent", OptionList)
        recent.focus()
        recent.highlighted = 0  # the missing folder (remembered last, so listed first)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert "tidak ditemukan; dihapus dari daftar" in " ".join(
            n.message for n in app._notifications)
        assert "hilang" not in screen_text(app)
        recent.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "Pendampingan Wonosobo" in screen_text(app)
    assert load_recent(recent_file)[0] == (tmp_path / "wonosobo-2018").resolve()


async def test_new_workshop_from_welcome_then_recent(
    tmp_path: Path, make_app: Callable[..., WorkshopApp], recent_file: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewWorkshopScreen)
        app.screen.query_one("#folder").value = str(tmp_path / "baru")
        await pilot.press("tab")
        await type_keys(pilot, *"Sosialisasi SOP [Demak]")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "Sosialisasi SOP [Demak]" in screen_text(app)
    assert Store.open(tmp_path / "baru").event().title == "Sosialisasi SOP [Demak]"
    assert json.loads(recent_file.read_text()) == [str((tmp_path / "baru").resolve())]


async def test_new_workshop_needs_a_title(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    app = make_app(tmp_path / "baru")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NewWorkshopScreen)
        assert "Isi judul kegiatan." in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
    assert not Store.is_workshop(tmp_path / "baru")


async def test_not_a_workshop_folder_with_files_is_refused_with_a_message(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    folder = tmp_path / "dokumen"
    folder.mkdir()
    (folder / "catatan.txt").write_text("x")
    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_keys(pilot, *"Judul")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        messages = " ".join(n.message for n in app._notifications)
        assert "sudah berisi berkas lain" in messages


async def test_corrupt_workshop_shows_indonesian_error(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    Store.create(tmp_path / "ws", "Acara")
    (tmp_path / "ws" / "workshop.json").write_text('{"event": {', encoding="utf-8")
    app = make_app(tmp_path / "ws")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        messages = " ".join(n.message for n in app._notifications)
        assert "tidak dapat dibaca" in messages
        assert "Traceback" not in messages


async def test_demo_is_a_fresh_copy_in_one_folder(
    tmp_path: Path, make_app: Callable[..., WorkshopApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(demo=True, demo_dir=tmp_path)
    # Record every toast as it is posted: under load a 6 s toast can expire before we look.
    shown: list[str] = []
    notify = app.notify

    def recording(message: str, **options: Any) -> None:
        shown.append(message)
        notify(message, **options)

    monkeypatch.setattr(app, "notify", recording)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.ctx is not None
        first = app.ctx.store.path
        assert first == tmp_path / "sop-workshop-demo"  # the one demo folder
        assert Store.open(first).event().title  # the demo bundle's title, or the fallback
        app.ctx.store.add_unit("Unit percobaan")  # change the copy...
        app.open_demo()  # ...then ask for the demo again
        await pilot.pause()
        assert app.ctx is not None and app.ctx.store.path == first  # the same folder...
        assert "Unit percobaan" not in [u.name for u in app.ctx.store.units()]  # ...afresh
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith("sop-workshop")] == [
            "sop-workshop-demo"]
        assert any(m.startswith("Salinan demo dibuat di") and m.endswith(first.name)
                   for m in shown)
        assert [p for p in load_recent(app.recent_file) if "demo" in p.name] == [first]


async def test_help_explains_keys_and_five_stages(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    Store.create(tmp_path / "ws", "Acara")
    app = make_app(tmp_path / "ws")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        source = app.screen.query_one(Markdown).source
        for words in ("ctrl+p", "palet perintah", "Lima tahapan", "Persiapan",
                      "Penilaian Kebutuhan", "Pengembangan", "Penerapan",
                      "Monitoring dan Evaluasi"):
            assert words in source
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_theme_is_remembered_per_workshop(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    Store.create(tmp_path / "a", "A")
    Store.create(tmp_path / "b", "B")
    app = make_app(tmp_path / "a")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == CALM
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.theme == PROJECTOR
    assert Store.open(tmp_path / "a").event().theme == "proyektor"
    again = make_app(tmp_path / "a")
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == PROJECTOR
    other = make_app(tmp_path / "b")
    async with other.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert other.theme == CALM


async def test_palette_has_every_action(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    store = Store.create(tmp_path / "ws", "Acara")
    store.add_unit("Dinas [Kesehatan]")
    app = make_app(tmp_path / "ws")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        names = [c.name for c in app.palette_commands()]
        for expected in ("Bantuan", "Tema: proyektor", "Tema: tenang", "Keluar",
                         "Tahap 1: Persiapan", "Tahap 5: Monitoring dan Evaluasi",
                         "Papan kemajuan", "Papan kemajuan: tampilan proyektor",
                         "Tambah unit", "Tempel daftar unit", "Kesiapan unit",
                         export_command("Buku SOP unit", "Markdown (.md)"), "Ekspor bundel YAML",
                         "Buka unit: Dinas [Kesehatan]", "Tutup workshop"):
            assert expected in names
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_keys(pilot, *"tempel daftar")
        await wait_until(pilot, lambda: palette_offers(app, "Tempel daftar unit"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PasteUnitsScreen)


async def test_later_stages_show_progress_from_data(
    tmp_path: Path, make_app: Callable[..., WorkshopApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    from workshop.model import NeedRow
    from workshop.tui.stages import registry
    from workshop.tui.stages.base import PlaceholderPane
    from workshop.tui.widgets.rail import Rail

    # A stage without a registered pane (Penerapan, taken out here) gets the placeholder.
    monkeypatch.setattr(registry, "PANES",
                        {k: v for k, v in registry.PANES.items() if k != "penerapan"})

    store = Store.create(tmp_path / "ws", "Acara")
    store.add_units(["Dinas A", "Dinas B"])
    store.add_need("dinas-a", NeedRow(id="", output="Renstra", aspek="penyusunan",
                                      title="Penyusunan Renstra"))
    app = make_app(tmp_path / "ws")
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        rail = app.screen.query_one(Rail)
        prompts = [str(rail.get_option_at_index(i).prompt) for i in range(rail.option_count)]
        assert any("1 kebutuhan, 1/2 unit" in p for p in prompts)
        await pilot.press("ctrl+2")
        await pilot.pause()
        assert app.screen.query_one(ContentSwitcher).current == "kebutuhan"
        # A stage whose pane is not written says so honestly.
        main = app.screen
        assert isinstance(main, MainScreen)
        main.show_stage("penerapan")
        await pilot.pause()
        placeholder = app.screen.query_one("#penerapan", PlaceholderPane)
        assert "belum tersedia di versi ini" in screen_text(app)
        assert placeholder.stage is not None and placeholder.stage.name in screen_text(app)
        await pilot.press("ctrl+b")
        await pilot.pause()
        rows = {r[0]: r for r in table_rows(app.screen.query_one("#board", DataTable))}
        assert rows["Dinas A"][3] == "1"


async def test_board_sorts_by_clicked_column_and_projector_view(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    store = Store.create(tmp_path / "ws", "Acara")
    store.add_units(["Alfa", "Beta", "Gama"])
    store.add_member("beta", "X")
    store.add_member("beta", "Y")
    store.add_member("gama", "Z")
    app = make_app(tmp_path / "ws")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+b")
        await pilot.pause()
        board = app.screen.query_one("#board", DataTable)
        assert [r[0] for r in table_rows(board)] == ["Alfa", "Beta", "Gama"]
        board.focus()
        await pilot.press("s")  # next column: readiness (all equal, stable)
        await pilot.press("s")  # team size, highest first
        await pilot.pause()
        assert [r[0] for r in table_rows(board)] == ["Beta", "Gama", "Alfa"]
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, ProjectorBoardScreen)
        assert app.screen.query_one("#fig-units", Digits).value == "3"
        assert "Papan kemajuan — Acara" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


def test_launch_open_refuses_a_file(tmp_path: Path, capsys: object) -> None:
    target = tmp_path / "berkas.txt"
    target.write_text("x")
    assert launch.run("open", str(target)) == 1
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    assert "bukan folder workshop" in err


async def test_export_from_the_palette_writes_files(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    store = Store.create(tmp_path / "ws", "Acara")
    store.add_unit("Dinas A")
    app = make_app(tmp_path / "ws")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        report = find("laporan")
        assert report is not None
        wanted = export_command(report.label, "HTML siap cetak (.html)")
        command = next(c for c in app.palette_commands() if c.name == wanted)
        command.run()
        # the export runs in a worker that may not have started yet: wait for its message
        await wait_until(pilot, lambda: "berkas ditulis" in " ".join(
            n.message for n in app._notifications), timeout=60)
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = " ".join(n.message for n in app._notifications)
        assert "berkas ditulis" in messages, messages
    assert (tmp_path / "ws" / "exports" / "laporan.html").is_file()


async def test_board_header_click_sorts(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    store = Store.create(tmp_path / "ws", "Acara")
    store.add_units(["Alfa", "Beta"])
    store.add_member("beta", "X")
    app = make_app(tmp_path / "ws")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+b")
        # the board fills in (and sizes its columns) after it is shown: click once it is full
        await wait_until(pilot, lambda: bool(app.screen.query("#board")) and sorted(
            r[0] for r in table_rows(app.screen.query_one("#board", DataTable)))
            == ["Alfa", "Beta"])
        board = app.screen.query_one("#board", DataTable)
        x = 0
        for key in ("name", "ready"):
            x += board.columns[key].get_render_width(board)  # type: ignore[index]
        await pilot.click("#board", offset=(x + 1, 0))  # the "Tim" header
        await wait_until(pilot, lambda: [r[0] for r in table_rows(board)] == ["Beta", "Alfa"])
        assert [r[0] for r in table_rows(board)] == ["Beta", "Alfa"]
        assert "Tim▼" in screen_text(app)
