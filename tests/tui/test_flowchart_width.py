"""Flowchart boxes in the editor use the width they have: two lines of text per box, and at
160 columns at least 20 characters of each activity (issue 22; it was ~9, "(1 Meneri…)")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.tui.conftest import screen_text
from tests.tui.fast_keys import wait_until
from tests.tui.stages.pengembangan.test_editor_keys import open_editor
from workshop.model import Sop, Step
from workshop.store import Store
from workshop.tui.app import WorkshopApp
from workshop.tui.stages.pengembangan.editor import EditorScreen
from workshop.tui.widgets.flowchart import FlowchartView

ACTORS = ["Petugas Loket", "Verifikator", "Kepala Seksi", "Kepala Bidang", "Kepala Dinas"]
ACTIVITIES = ["Menerima berkas permohonan", "Memeriksa kelengkapan berkas",
              "Memaraf konsep keputusan", "Menandatangani keputusan izin",
              "Menyerahkan keputusan kepada pemohon"]


def five_actor_workshop(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    store = Store.create(folder, "Pendampingan SOP AP")
    store.add_unit("Sekretariat Daerah", short_name="Setda")
    kinds = ["start", "process", "process", "process", "end"]
    steps = [Step(activity=a, actor=actor, kind=k)
             for a, actor, k in zip(ACTIVITIES, ACTORS, kinds, strict=True)]
    steps[2].next = 5  # a jump: a lane in the gutter takes room too
    steps[3].next = 3
    store.add_sop("sekretariat-daerah", Sop(title="Izin", actors=ACTORS, steps=steps))
    return folder


def box_text(view: FlowchartView, step: int) -> str:
    """The characters of an activity shown inside its symbol (over its rows)."""
    layout = view._layout
    assert layout is not None
    first, last = layout.step_rows[step]
    actor_x = {a: (x, w) for a, x, w in layout.columns}
    x, w = actor_x[ACTORS[step - 1]]
    rows = [layout.lines[r][x + 1:x + w] for r in range(first, last + 1)]
    inner = [r.strip(" │()╭╮╰╯─┌┐└┘<>╱╲┬┴▼▲├┤┼") for r in rows]
    text = " ".join(t for t in inner if t).replace("…", "").replace("- ", "")
    return " ".join(text.split())


async def test_boxes_show_two_lines_and_20_characters_at_160(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    app = make_app(five_actor_workshop(tmp_path))
    async with app.run_test(size=(160, 45)) as pilot:
        editor = await open_editor(pilot)
        assert isinstance(editor, EditorScreen)
        await pilot.press("alt+g")
        view = editor.query_one(FlowchartView)
        await wait_until(pilot, lambda: view._layout is not None and view.size.width > 0)
        await pilot.pause()
        for step in range(1, 6):
            shown = box_text(view, step)
            number, _, activity = shown.partition(" ")
            assert number == str(step)
            assert len(activity) >= 20, (step, shown)
            assert ACTIVITIES[step - 1].startswith(activity.rstrip())
        assert "1 Menerima" in screen_text(app)
