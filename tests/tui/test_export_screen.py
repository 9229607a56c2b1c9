"""The export screen: choose, export with progress, preview, folder errors, browser downloads."""

from __future__ import annotations

import asyncio
import io
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import pytest
from markdown_it.tree import SyntaxTreeNode
from textual.app import App
from textual.widgets import Input, OptionList, ProgressBar, Select, SelectionList, Static

from tests.tui.conftest import screen_text
from tests.tui.fast_keys import press_button
from workshop import documents
from workshop.export.mdutil import md_parser
from workshop.exporting import ExportFailed
from workshop.sopfile import load_sop
from workshop.store import Store
from workshop.tui.app import WorkshopApp
from workshop.tui.screens.export import ExportScreen, PreviewScreen
from workshop.tui.screens.export_plan import ExportRequest, plan_jobs, whats_for

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "templates" / "sop" / "surat-masuk.yaml"
SIZE = (110, 34)


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    store = Store.create(tmp_path / "ws", "Pendampingan SOP")
    for name in ("Dinas Kesehatan", "Dinas Pendidikan"):
        unit = store.add_unit(name)
        store.add_sop(unit.slug, load_sop(TEMPLATE))
    return tmp_path / "ws"


async def until(pilot: Any, condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        await pilot.pause()
        await asyncio.sleep(0.05)
    assert condition()


async def run_export(pilot: Any, app: WorkshopApp) -> None:
    """Press Ekspor and wait (bounded) until the export ended with its message."""
    screen = app.screen
    assert isinstance(screen, ExportScreen)
    before = len(app._notifications)
    await press_button(pilot, "#ex-run")
    await until(pilot, lambda: len(app._notifications) > before and not screen.running)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def export_from_app(app: WorkshopApp, pilot: Any, fmt: str, what: str) -> ExportScreen:
    """The app's export action (``app.export``) run to its end: the screen, bar at 100 %."""
    await until(pilot, lambda: app.ctx is not None)
    app.export(fmt, what)
    await app.workers.wait_for_complete()
    await until(pilot, lambda: isinstance(app.screen, ExportScreen)
                and "2 berkas ditulis ke" in shown(app))
    screen = app.screen
    assert isinstance(screen, ExportScreen)
    assert screen.query_one("#ex-progress", ProgressBar).percentage == 1.0
    return screen


def shown(app: WorkshopApp) -> str:
    return screen_text(cast("App[object]", app))


def messages(app: WorkshopApp) -> str:
    return " | ".join(n.message for n in app._notifications)


async def open_from_palette(app: WorkshopApp, pilot: Any) -> ExportScreen:
    await until(pilot, lambda: app.ctx is not None)
    command = next(c for c in app.palette_commands() if c.name == "Ekspor…")
    command.run()
    await until(pilot, lambda: isinstance(app.screen, ExportScreen)
                and any(files.option_count > 0 for files in app.screen.query(OptionList)))
    screen = app.screen
    assert isinstance(screen, ExportScreen)
    return screen


def only_unit(screen: ExportScreen, slug: str) -> None:
    units: SelectionList[str] = screen.query_one("#ex-units", SelectionList)
    units.deselect_all()
    units.select(slug)


def table_header(text: str) -> list[str]:
    """The header cells of the first table of a Markdown text, parsed with the project's parser."""
    tree = SyntaxTreeNode(md_parser().parse(text))
    for node in tree.walk():
        if node.type == "thead":
            return [cell.children[0].content if cell.children else ""
                    for cell in node.walk() if cell.type == "th"]
    return []


async def test_sops_of_one_unit_as_markdown_with_progress_and_summary(
    workshop: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    app = make_app(workshop)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_from_palette(app, pilot)
        assert screen.query_one("#ex-folder", Input).value == str(workshop / "exports")
        only_unit(screen, "dinas-kesehatan")
        await pilot.pause()
        files = screen.query_one("#ex-files", OptionList)
        assert [str(files.get_option_at_index(i).prompt) for i in range(files.option_count)] \
            == ["dinas-kesehatan/pengelolaan-surat-masuk.md"]
        bar = screen.query_one("#ex-progress", ProgressBar)
        assert not bar.display  # no bar before an export
        await run_export(pilot, app)
        assert bar.display and bar.percentage == 1.0
        status = str(screen.query_one("#ex-status", Static).render())
        assert status == f"1 berkas ditulis ke {workshop / 'exports'}."
        assert "100%" in shown(app)
        assert "1 berkas ditulis ke" in messages(app)
    written = sorted(p.relative_to(workshop / "exports").as_posix()
                     for p in (workshop / "exports").rglob("*") if p.is_file())
    assert written == ["dinas-kesehatan/pengelolaan-surat-masuk.md"]
    text = (workshop / "exports" / "dinas-kesehatan" / "pengelolaan-surat-masuk.md").read_text(
        encoding="utf-8")
    header = table_header(text[text.index("| No |"):])
    sop = load_sop(TEMPLATE)
    assert header[:2] == ["No", "Kegiatan"]
    assert header[2:2 + len(sop.actors)] == sop.actors


async def test_preview_shows_the_sop_in_the_markdown_widget(
    workshop: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    app = make_app(workshop)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_from_palette(app, pilot)
        with screen.query_one("#ex-format", Select).prevent(Select.Changed):
            screen.query_one("#ex-format", Select).value = "html"
        await pilot.press("ctrl+o")
        await until(pilot, lambda: isinstance(app.screen, PreviewScreen))
        await until(pilot, lambda: "Pengelolaan Surat Masuk" in shown(app))
        text = shown(app)
        assert ("Pratinjau: dinas-kesehatan/pengelolaan-surat-masuk.html (sumber Markdown)"
                in text)
        assert "Dasar Hukum" in text
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
    assert not (workshop / "exports").exists()  # a preview writes nothing


async def test_unwritable_folder_shows_a_message_and_writes_nothing(
    workshop: Path, tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    blocker = tmp_path / "catatan.txt"
    blocker.write_text("bukan folder", encoding="utf-8")
    app = make_app(workshop)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_from_palette(app, pilot)
        screen.query_one("#ex-folder", Input).value = str(blocker / "keluaran")
        await run_export(pilot, app)
        expected = (f"Folder {blocker / 'keluaran'} tidak dapat dibuat: {blocker} adalah "
                    "berkas, bukan folder.")
        assert expected in messages(app)
        assert str(screen.query_one("#ex-status", Static).render()) == expected
        assert not screen.running
    assert blocker.read_text(encoding="utf-8") == "bukan folder"
    assert not (workshop / "exports").exists()


async def test_a_browser_session_gets_downloads_instead_of_files(
    workshop: Path, make_app: Callable[..., WorkshopApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    delivered: list[tuple[str, str, bytes]] = []

    def deliver_text(self: WorkshopApp, file: io.StringIO, **kw: Any) -> str:
        delivered.append(("text", kw["save_filename"], file.read().encode("utf-8")))
        return "k1"

    def deliver_binary(self: WorkshopApp, file: io.BytesIO, **kw: Any) -> str:
        delivered.append(("binary", kw["save_filename"], file.read()))
        return "k2"

    monkeypatch.setattr(WorkshopApp, "is_web", property(lambda self: True))
    monkeypatch.setattr(WorkshopApp, "deliver_text", deliver_text)
    monkeypatch.setattr(WorkshopApp, "deliver_binary", deliver_binary)
    app = make_app(workshop)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_from_palette(app, pilot)
        assert screen.query_one("#ex-folder", Input).disabled
        await run_export(pilot, app)  # both units: two files, one .zip
        assert "2 berkas dikirim sebagai unduhan ekspor-sop-md.zip." in messages(app)
        only_unit(screen, "dinas-pendidikan")
        await pilot.pause()
        await run_export(pilot, app)
    assert [(kind, name) for kind, name, _ in delivered] == [
        ("binary", "ekspor-sop-md.zip"), ("text", "pengelolaan-surat-masuk.md")]
    with zipfile.ZipFile(io.BytesIO(delivered[0][2])) as archive:
        names = sorted(archive.namelist())
        assert names == ["dinas-kesehatan/pengelolaan-surat-masuk.md",
                         "dinas-pendidikan/pengelolaan-surat-masuk.md"]
        inside = archive.read(names[0]).decode("utf-8")
        pendidikan = archive.read(names[1]).decode("utf-8")
    assert "Pengelolaan Surat Masuk" in inside
    # the same file as the zip's (each unit's SOP carries its own kop)
    assert delivered[1][2].decode("utf-8") == pendidikan
    assert not (workshop / "exports").exists()  # nothing written on the server


async def test_quick_bundle_command_writes_the_bundle(
    workshop: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    app = make_app(workshop)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.ctx is not None)
        next(c for c in app.palette_commands() if c.name == "Ekspor bundel YAML").run()
        await until(pilot, lambda: "ditulis ke" in messages(app))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert f"ditulis ke {workshop / 'exports' / 'bundel'}." in messages(app)
    assert (workshop / "exports" / "bundel" / "workshop.yaml").is_file()


def test_a_participant_may_export_only_the_own_unit(workshop: Path) -> None:
    store = Store.open(workshop, scope="dinas-kesehatan")
    assert [value for value, _ in whats_for(store)] == [
        "sop", "buku", "sk-tim", "kebutuhan", "keputusan-lama", "reviu", "keputusan",
        "penerapan", "monitoring", "evaluasi"]
    out = workshop / "exports"
    for what in ("sk-tim", "keputusan-lama", "reviu", "keputusan", "penerapan"):
        (job,) = plan_jobs(store, ExportRequest(what, "md", None, out))
        assert "Dinas Kesehatan" in job.make()
    jobs = plan_jobs(store, ExportRequest("sop", "md", None, out))
    assert [job.parts for job in jobs] == [("dinas-kesehatan", "pengelolaan-surat-masuk.md")]
    with pytest.raises(ExportFailed, match="hanya dapat mengekspor unit itu"):
        plan_jobs(store, ExportRequest("sop", "md", ("dinas-pendidikan",), out))
    with pytest.raises(ExportFailed, match="dokumen unitnya sendiri"):
        plan_jobs(store, ExportRequest("laporan", "md", None, out))


def test_yaml_is_offered_for_sops_and_the_bundle_only(workshop: Path) -> None:
    store = Store.open(workshop)
    with pytest.raises(ExportFailed, match="tidak dapat diekspor sebagai YAML"):
        plan_jobs(store, ExportRequest("buku", "yaml", None, workshop / "exports"))
    jobs = plan_jobs(store, ExportRequest("sop", "yaml", ("dinas-pendidikan",), workshop))
    assert jobs[0].make().startswith("format: sop-ap/1")


async def test_a_participant_tab_exports_its_own_unit_as_a_download(
    workshop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workshop.tui.screens.export import open_export
    from workshop.tui.screens.participant import ParticipantLoginScreen, ParticipantScreen

    pin = Store.open(workshop).generate_pin("dinas-pendidikan")
    delivered: list[tuple[str, str]] = []

    def deliver_text(self: WorkshopApp, file: io.StringIO, **kw: Any) -> str:
        delivered.append((kw["save_filename"], file.read()))
        return "k"

    monkeypatch.setattr(WorkshopApp, "is_web", property(lambda self: True))
    monkeypatch.setattr(WorkshopApp, "deliver_text", deliver_text)
    app = WorkshopApp(workshop, participant=True, recent_file=tmp_path / "recent.json")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ParticipantLoginScreen))
        login = app.screen
        assert isinstance(login, ParticipantLoginScreen)
        login.query_one("#login-unit", Select).value = "dinas-pendidikan"
        login.query_one("#login-pin", Input).value = pin
        login.submit()
        await until(pilot, lambda: isinstance(app.screen, ParticipantScreen))
        open_export(app, "buku", "md")
        await until(pilot, lambda: isinstance(app.screen, ExportScreen)
                    and any(f.option_count > 0 for f in app.screen.query(OptionList)))
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        units: SelectionList[str] = screen.query_one("#ex-units", SelectionList)
        assert units.disabled and units.option_count == 1
        assert str(units.get_option_at_index(0).prompt) == "Dinas Pendidikan"
        what: Select[str] = screen.query_one("#ex-what", Select)
        offered = [str(prompt) for prompt, _ in what._options]
        assert "Laporan pendampingan" not in offered and "Notulen sesi" not in offered
        await run_export(pilot, app)
    assert [name for name, _ in delivered] == ["buku-sop-dinas-pendidikan.md"]
    assert "Dinas Pendidikan" in delivered[0][1]
    assert not (workshop / "exports").exists()


async def test_the_app_export_action_opens_the_screen_and_runs_at_once(
    workshop: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    app = make_app(workshop)
    async with app.run_test(size=SIZE) as pilot:
        screen = await export_from_app(app, pilot, "md", "buku")
        assert screen.query_one("#ex-what", Select).value == "buku"
        formats: Select[str] = screen.query_one("#ex-format", Select)
        every = list(documents.format_keys())  # the one declaration of the formats
        assert [value for _, value in formats._options] == [k for k in every if k != "yaml"]
        screen.query_one("#ex-what", Select).value = "sop"  # an SOP also comes as YAML
        await until(pilot, lambda: [v for _, v in formats._options] == every)
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ExportScreen))
    names = sorted(p.name for p in (workshop / "exports").iterdir())
    assert names == ["buku-sop-dinas-kesehatan.md", "buku-sop-dinas-pendidikan.md"]


async def test_unit_names_are_shown_as_typed_not_as_markup(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    store = Store.create(tmp_path / "ws", "Acara")
    unit = store.add_unit("[b]Bagian[/b] Umum [/x]")
    store.add_sop(unit.slug, load_sop(TEMPLATE))
    app = make_app(tmp_path / "ws")
    async with app.run_test(size=SIZE) as pilot:
        await open_from_palette(app, pilot)
        assert "[b]Bagian[/b] Umum [/x]" in shown(app)


async def test_sops_with_errors_export_with_a_warning_naming_the_count(
    workshop: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    store = Store.open(workshop)
    record = store.sops("dinas-kesehatan")[0]
    store.update_record("dinas-kesehatan", record.id,
                        lambda r: setattr(r.sop.steps[1], "actor", "Orang Lain"))
    app = make_app(workshop)
    async with app.run_test(size=SIZE) as pilot:
        await open_from_palette(app, pilot)
        await run_export(pilot, app)
        assert "2 berkas ditulis ke" in messages(app)
        assert "SOP masih punya kesalahan pemeriksaan; diekspor sebagai draf" in messages(app)
    text = (workshop / "exports" / "dinas-kesehatan" / "pengelolaan-surat-masuk.md").read_text(
        encoding="utf-8")
    assert "Draf: 1 kesalahan pemeriksaan" in text


async def test_the_book_as_pdf_from_the_app_is_a_pdf_per_unit(
    workshop: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    app = make_app(workshop)
    async with app.run_test(size=SIZE) as pilot:
        await export_from_app(app, pilot, "pdf", "buku")
    files = sorted((workshop / "exports").iterdir())
    assert [p.name for p in files] == ["buku-sop-dinas-kesehatan.pdf",
                                       "buku-sop-dinas-pendidikan.pdf"]
    assert all(p.read_bytes().startswith(b"%PDF-") for p in files)
