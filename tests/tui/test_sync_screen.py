"""The app's sync (issue 23): the palette command opens the sync dialog; a sync runs with a
progress indicator, lists what came in, and a conflict opens a dialog with both values that
needs a choice before anything is stored."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from dulwich.repo import Repo
from textual.widgets import Button, Input, RadioButton

from tests.tui.conftest import screen_text
from tests.tui.fast_keys import wait_until
from workshop.cli import main
from workshop.model import Sop, Step
from workshop.store import FieldChange, Store
from workshop.tui.app import WorkshopApp
from workshop.tui.screens.sync import ConflictScreen, SyncScreen

UNIT = "dinas-kesehatan"


def _setup(tmp_path: Path) -> tuple[Path, Path]:
    remote = tmp_path / "r.git"
    remote.mkdir()
    Repo.init_bare(str(remote))
    a = tmp_path / "a"
    store = Store.create(a, "Pendampingan")
    store.add_unit("Dinas Kesehatan")
    store.add_sop(UNIT, Sop(title="Surat Sehat", actors=["Petugas"], steps=[
        Step("Mulai", "Petugas", "start", time="5 menit"), Step("Selesai", "Petugas", "end")]))
    assert main(["sync", str(a), str(remote)]) == 0
    b = tmp_path / "b"
    assert main(["sync", str(b), str(remote)]) == 0
    return a, b


def _edit(folder: Path, path: str, old: object, new: object) -> None:
    Store.open(folder).edit_sop(UNIT, "sop-001", [FieldChange(path, old, new)])


async def test_sync_from_the_palette_lists_incoming_and_asks_on_conflict(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    a, b = _setup(tmp_path)
    _edit(a, "title", "Surat Sehat", "Judul dari A")
    _edit(a, "steps.1.time", "5 menit", "7 menit")
    assert main(["sync", str(a)]) == 0
    _edit(b, "steps.1.time", "5 menit", "9 menit")
    app = make_app(b)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        [command] = [c for c in app.palette_commands() if c.name == "Sinkronkan lewat git"]
        command.run()
        await wait_until(pilot, lambda: isinstance(app.screen, SyncScreen))
        sync_screen = app.screen
        assert sync_screen.query_one("#remote", Input).value.endswith("r.git")  # remembered
        sync_screen.query_one("#ok", Button).press()
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictScreen), timeout=30)
        text = screen_text(app)
        assert "KONFLIK dinas-kesehatan/sop-001:sop.steps.1.time" in text
        assert 'lokal : "9 menit"' in text and 'remote: "7 menit"' in text
        # nothing stored before a choice
        assert Store.open(b).sop(UNIT, "sop-001").sop.title == "Surat Sehat"
        conflict = app.screen
        conflict.query_one("#ok", Button).press()
        await pilot.pause()
        assert "Pilih lokal atau remote" in screen_text(app)
        conflict.query_one("#remote-0", RadioButton).value = True
        conflict.query_one("#ok", Button).press()
        await wait_until(pilot, lambda: app.screen is sync_screen
                         and "Sinkronisasi selesai" in screen_text(app), timeout=30)
        assert "dinas-kesehatan/sop-001" in screen_text(app)
    sop = Store.open(b).sop(UNIT, "sop-001").sop
    assert (sop.title, sop.steps[0].time) == ("Judul dari A", "7 menit")
