"""Pilot tests of the Pengembangan stage: the SOP list, the editor typed with the keyboard only,
instant checks, the flowchart, approval, versions and the diff, review and trial."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from tests.tui.conftest import screen_text, table_rows
from tests.tui.fast_keys import press_button, type_keys, wait_until
from workshop.flowchart import layout_flowchart
from workshop.model import Sop, Step
from workshop.sopfile import save_sop
from workshop.store import FieldChange, Store
from workshop.tui.app import WorkshopApp
from workshop.tui.stages.pengembangan.editor import EditorScreen
from workshop.tui.stages.pengembangan.findings import FindingsList
from workshop.tui.stages.pengembangan.live_editor import ConflictDialog
from workshop.tui.stages.pengembangan.pane import PengembanganPane

PATTERN = "{kode}/SOP.{seq:02}/{singkatan}/{tahun}"

# (activity, actor column, kind, if_yes, if_no, requirements, time, output)
STEPS = [
    ("Menerima surat masuk", "1", "m", "", "", "Surat masuk", "5 menit", "Surat diterima"),
    ("Memeriksa kelengkapan surat", "1", "p", "", "", "Surat masuk", "10 menit",
     "Surat diperiksa"),
    ("Apakah surat lengkap?", "2", "k", "", "2", "", "", ""),
    ("Mencatat surat dalam buku agenda", "1", "p", "", "", "Buku agenda", "10 menit",
     "Surat tercatat"),
    ("Memberi disposisi", "3", "p", "", "", "Lembar disposisi", "15 menit", "Disposisi"),
    ("Meneruskan surat ke unit pengolah", "2", "p", "", "", "Surat, disposisi", "",
     "Surat diteruskan"),
    ("Mengarsipkan surat", "1", "s", "", "", "Surat", "5 menit", "Surat terarsip"),
]
ACTORS = ["Petugas TU", "Kasubbag Umum", "Sekretaris"]


def workshop(tmp_path: Path) -> tuple[Path, Store]:
    folder = tmp_path / "ws"
    store = Store.create(folder, "Pendampingan SOP AP")
    store.add_unit("Sekretariat Daerah", short_name="Setda", numbering=PATTERN,
                   head_position="Sekretaris Daerah")
    return folder, store


async def open_stage(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.press("ctrl+3")
    await wait_until(pilot, lambda: getattr(pilot.app.screen, "current", "") == "pengembangan"
                     and bool(pilot.app.screen.query(PengembanganPane)))


async def type_text(pilot: Pilot[None], text: str) -> None:
    await type_keys(pilot, *text)


async def clear_and_type(pilot: Pilot[None], text: str) -> None:
    """Replace the focused field's text with `text`, as ctrl+u and typing would.

    The field is emptied directly rather than with ctrl+u: a bound key is handled only after
    the key event has bubbled up to the app, so typed characters can overtake it, and between a
    `pilot.press("ctrl+u")` (which waits for the app to go idle) and the typing, the editor's
    save debounce may fire on the empty field on a slow machine (CI failed that way).
    """
    field = pilot.app.focused
    assert isinstance(field, Input), field
    field.value = ""
    await type_keys(pilot, *text)


def _editor_idle(app: WorkshopApp) -> bool:
    screen = app.screen
    return not isinstance(screen, EditorScreen) or (
        screen._save_timer is None and screen._checks_timer is None)


async def settle(pilot: Pilot[None]) -> None:
    """Wait until the editor's delayed checks and save have run, then for the screen.

    Bounded by time (30 s), not by a count of pauses: a pause lasts anything from 20 ms to
    seconds depending on the machine's load.
    """
    await pilot.pause()
    await wait_until(pilot, lambda: _editor_idle(pilot.app), timeout=30)


async def type_step(pilot: Pilot[None], row: tuple[str, ...], last: bool) -> None:
    activity, actor, kind, yes, no, reqs, time, output = row
    await type_text(pilot, activity)
    await pilot.press("tab")
    await type_text(pilot, actor)
    await pilot.press("tab")
    await clear_and_type(pilot, kind)
    await pilot.press("tab")
    await type_text(pilot, yes)
    await pilot.press("tab")
    await type_text(pilot, no)
    await pilot.press("tab", "tab")  # Lanjut ke: default
    await type_text(pilot, reqs.replace(",", ";"))
    await pilot.press("tab")
    await type_text(pilot, time)
    await pilot.press("tab")
    await type_text(pilot, output)
    if not last:
        await pilot.press("enter")  # Enter on the last step starts the next one
    await pilot.pause()


def notes(app: WorkshopApp) -> str:
    """The notifications shown to the user (title and message)."""
    return " ".join(f"{n.title} {n.message}" for n in app._notifications)


def editor_of(app: WorkshopApp) -> EditorScreen:
    screen = app.screen
    assert isinstance(screen, EditorScreen)
    return screen


# ~65 s on an idle 2-core machine, 205 s measured at load 7: the 300 s hang guard is too close.
@pytest.mark.timeout(600)
async def test_pilot_type_approve_version_diff(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    folder, store = workshop(tmp_path)
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_stage(pilot)
        await pilot.press("n")
        await pilot.pause()
        await type_text(pilot, "Pengelolaan Surat Masuk")
        await pilot.press("enter")
        await pilot.pause()
        editor = editor_of(app)
        # Actors, keyboard only.
        await pilot.press("alt+3")
        await pilot.pause()
        for actor in ACTORS:
            await type_text(pilot, actor)
            await pilot.press("enter")
        await pilot.pause()
        assert "Kasubbag Umum" in screen_text(app)
        await pilot.press("alt+1")
        await pilot.pause()
        for i, row in enumerate(STEPS):
            await type_step(pilot, row, last=i == len(STEPS) - 1)
        await settle(pilot)

        sop = store.sops("sekretariat-daerah")[0].sop
        assert [s.activity for s in sop.steps] == [r[0] for r in STEPS]
        assert [s.actor for s in sop.steps] == [ACTORS[int(r[1]) - 1] for r in STEPS]
        assert [s.kind for s in sop.steps] == [
            "start", "process", "decision", "process", "process", "process", "end"]
        assert sop.steps[2].if_no == 2 and sop.steps[2].if_yes is None
        assert sop.steps[5].requirements == ["Surat", "disposisi"]

        # A finding for the missing time of step 6, beside the editor.
        findings = app.screen.query_one(FindingsList)
        missing = [f for f in findings.findings if f.code == "time-missing"]
        assert [f.step for f in missing] == [6]
        assert "Langkah 6: Waktu langkah 6" in screen_text(app)
        assert not any(f.severity == "error" for f in findings.findings)

        # Choosing the finding moves to step 6, Waktu; typing the time removes it.
        findings.focus()
        await pilot.pause()
        index = next(i for i in range(findings.option_count)
                     if findings.get_option_at_index(i).id is not None
                     and findings._by_id[str(findings.get_option_at_index(i).id)].code
                     == "time-missing")
        findings.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        assert editor.current == 6
        assert app.focused is not None and app.focused.id == "sf-time"
        await type_text(pilot, "10 menit")
        await settle(pilot)
        assert not [f for f in findings.findings if f.code == "time-missing"]
        assert "Waktu langkah 6" not in screen_text(app)
        assert "Jalur Ya: 55 menit" in screen_text(app)

        # The flowchart: every symbol in its actor's column, Ya/Tidak labels.
        await pilot.press("alt+4")
        await pilot.pause()
        text = screen_text(app)
        assert "Ya" in text and "Tidak" in text
        view = app.screen.query_one("#flowchart")
        shown = getattr(view, "sop", None)
        assert shown is None or shown == editor.editor.sop  # the view shows what was typed
        layout = getattr(view, "flow_layout", None) or layout_flowchart(editor.editor.sop)
        columns = {actor: (x, x + width) for actor, x, width in layout.columns}
        for number, step in enumerate(editor.editor.sop.steps, start=1):
            x, _, w, _ = layout.step_box[number]
            low, high = columns[step.actor]
            assert low <= x and x + w <= high, (number, step.actor)
        assert any("Tidak" in line for line in layout.lines)
        assert any("Ya" in line for line in layout.lines)

        # Approval gives the expected number; the SOP becomes read-only.
        await pilot.press("f4")
        await pilot.pause()
        for _ in range(4):
            await pilot.press("tab")
        await type_text(pilot, "Drs. Budi Santoso")
        await pilot.press("enter")
        await pilot.pause()
        record = store.sops("sekretariat-daerah")[0]
        assert record.status == "disahkan"
        assert record.sop.number == "800/SOP.01/Setda/2018"
        assert record.sop.approval.position == "Sekretaris Daerah"
        assert record.sop.dates.effective == "2018-07-10"
        assert "Disahkan" in screen_text(app) and "hanya baca" in screen_text(app)
        assert app.screen.query_one("#sf-time", Input).disabled

        # An edit after approval starts version 2; the diff lists the changed step.
        await pilot.press("f9")
        await pilot.pause()
        await type_text(pilot, "Waktu disposisi dipersingkat")
        await pilot.press("enter")
        await pilot.pause()
        editor = editor_of(app)
        await pilot.press(*["pageup"] * 6)
        assert editor.current == 1
        await pilot.press(*["pagedown"] * 4)
        await pilot.pause()
        assert editor.current == 5
        for _ in range(7):
            await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "sf-time"
        await pilot.press("end")
        await clear_and_type(pilot, "10 menit")
        await settle(pilot)
        record = store.sops("sekretariat-daerah")[0]
        assert record.version == 2
        assert record.status == "draf"
        assert record.sop.dates.revised == "2018-07-10"
        assert record.versions[0].sop.steps[4].time == "15 menit"
        assert record.sop.steps[4].time == "10 menit"
        await pilot.press("f3")
        await pilot.pause()
        text = screen_text(app)
        assert "Langkah 5 diubah (waktu): Memberi disposisi" in text
        assert "Langkah 6" not in text.split("Perbedaan antarversi", 1)[1]


def seeded(tmp_path: Path) -> tuple[Path, Store, str]:
    folder, store = workshop(tmp_path)
    sop = Sop(
        title="Pengelolaan [b]Surat[/b] Masuk",
        actors=list(ACTORS),
        steps=[
            Step("Menerima surat masuk", "Petugas TU", "start", ["Surat"], "5 menit", "Surat"),
            Step("Memeriksa surat", "Petugas TU", "process", ["Surat"], "5 menit", "Surat"),
            Step("Apakah surat lengkap?", "Kasubbag Umum", "decision", if_no=2),
            Step("Memberi disposisi", "Sekretaris", "process", ["Surat"], "5 menit", "Disp",
                 next=5),
            Step("Mengarsipkan surat", "Petugas TU", "end", ["Surat"], "5 menit", "Arsip"),
        ],
    )
    record = store.add_sop("sekretariat-daerah", sop)
    return folder, store, record.id


async def test_list_shows_status_findings_and_time(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    folder, store, _ = seeded(tmp_path)
    store.add_sop("sekretariat-daerah", Sop(title="Cuti Pegawai"), status="reviu")
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_stage(pilot)
        pane = app.screen.query_one(PengembanganPane)
        rows = table_rows(pane.query_one("#sop-list", DataTable))
        assert rows[0][1] == "Pengelolaan [b]Surat[/b] Masuk"  # user text is not markup
        assert rows[0][2:] == ["Draf", "1", rows[0][4], "20 menit"]
        assert rows[0][4].startswith("0 kesalahan")
        assert rows[1][1:3] == ["Cuti Pegawai", "Reviu"]
        assert rows[1][4].startswith("2 kesalahan")
        assert "Pengelolaan [b]Surat[/b] Masuk" in screen_text(app)


async def test_renumbering_in_editor_keeps_branches(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    folder, store, sop_id = seeded(tmp_path)
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_stage(pilot)
        await pilot.press("enter")
        await pilot.pause()
        editor = editor_of(app)
        await pilot.press("pagedown")  # step 2, the Tidak target
        await pilot.press("alt+down")  # now step 3; the decision becomes step 2
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        sop = store.sop("sekretariat-daerah", sop_id).sop
        assert [s.activity for s in sop.steps][:3] == [
            "Menerima surat masuk", "Apakah surat lengkap?", "Memeriksa surat"]
        assert sop.steps[1].if_no == 3
        assert sop.steps[3].next == 5
        assert not isinstance(app.screen, EditorScreen)
        assert editor.editor.can_undo


async def test_undo_redo_and_delete_step(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    folder, store, sop_id = seeded(tmp_path)
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_stage(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("pagedown", "f8")
        await settle(pilot)
        assert len(store.sop("sekretariat-daerah", sop_id).sop.steps) == 4
        await pilot.press("ctrl+z")
        await settle(pilot)
        sop = store.sop("sekretariat-daerah", sop_id).sop
        assert len(sop.steps) == 5 and sop.steps[1].activity == "Memeriksa surat"
        assert "Diurungkan: Hapus langkah 2" in notes(app)
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert len(store.sop("sekretariat-daerah", sop_id).sop.steps) == 4


async def test_approval_refused_while_errors_remain(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    folder, store, sop_id = seeded(tmp_path)
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_stage(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("pagedown", "pagedown", "tab")
        await clear_and_type(pilot, "Bupatii")  # not an actor: kept as typed, and reported
        await settle(pilot)
        assert app.screen.query_one("#sf-actor", Input).value == "Bupatii"
        assert store.sop("sekretariat-daerah", sop_id).sop.steps[2].actor == "Bupatii"
        assert [(f.code, f.step) for f in editor_of(app).findings
                if f.severity == "error"] == [("actor-unknown", 3)]
        assert "Langkah 3: Pelaksana langkah 3" in screen_text(app)
        await clear_and_type(pilot, "2")
        await pilot.press("tab", "tab", "tab", "ctrl+u")  # clear Tidak: decision error
        await settle(pilot)
        await pilot.press("f4")
        await pilot.pause()
        assert "Pengesahan ditolak" in notes(app)
        assert "masih ada 1 kesalahan" in notes(app)
        assert store.sop("sekretariat-daerah", sop_id).status == "draf"
        assert store.sop("sekretariat-daerah", sop_id).sop.steps[2].if_no is None


async def test_conflict_shows_both_values(
    tmp_path: Path, make_app: Callable[..., WorkshopApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The save waits 3 s after the last key (0.3 s in the app): on a loaded machine the typing
    # of "9 menit" after the field is emptied can take longer than 0.3 s, and a save of a
    # half-typed value would be the one that meets the conflict.
    monkeypatch.setattr("workshop.tui.stages.pengembangan.editor_base.SAVE_DELAY", 3.0)
    folder, store, sop_id = seeded(tmp_path)
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_stage(pilot)
        await pilot.press("enter")
        await pilot.pause()
        editor = editor_of(app)
        # Someone else changes the time of step 1 while this editor has it open.
        other = Store.open(folder, scope="sekretariat-daerah")
        editor._token = store.change_token()  # the editor has not seen it yet
        other.edit_sop("sekretariat-daerah", sop_id,
                       [FieldChange("steps.1.time", "5 menit", "7 menit")])
        editor._token = other.change_token()  # keep the poll from reloading first
        for _ in range(7):
            await pilot.press("tab")
        await pilot.press("end")
        await clear_and_type(pilot, "9 menit")
        await settle(pilot)
        # Both values are shown and the user chooses which one stays.
        dialog = app.screen
        assert isinstance(dialog, ConflictDialog)
        await pilot.pause()
        theirs = str(dialog.query_one("#conflict-theirs", Static).render())
        yours = str(dialog.query_one("#conflict-yours", Static).render())
        assert "7 menit" in theirs and "9 menit" in yours
        await press_button(pilot, "#use-mine")
        await settle(pilot)
        assert store.sop("sekretariat-daerah", sop_id).sop.steps[0].time == "9 menit"
        assert app.screen.query_one("#sf-time", Input).value == "9 menit"


async def test_two_people_on_different_fields_both_land(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    folder, store, sop_id = seeded(tmp_path)
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_stage(pilot)
        await pilot.press("enter")
        await pilot.pause()
        other = Store.open(folder, scope="sekretariat-daerah")
        other.edit_sop("sekretariat-daerah", sop_id,
                       [FieldChange("steps.2.output", "Surat", "Surat diperiksa")])
        for _ in range(7):
            await pilot.press("tab")
        await pilot.press("end")
        await clear_and_type(pilot, "6 menit")
        await settle(pilot)
        sop = store.sop("sekretariat-daerah", sop_id).sop
        assert sop.steps[0].time == "6 menit"
        assert sop.steps[1].output == "Surat diperiksa"
        assert "BENTROK" not in screen_text(app)
        assert editor_of(app).editor.sop.steps[1].output == "Surat diperiksa"


async def test_template_with_position_mapping(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    folder, store = workshop(tmp_path)
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_stage(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert "Persuratan: Pengelolaan Surat Masuk" in screen_text(app) or \
            "Surat Masuk" in screen_text(app)
        choices = app.screen.query_one("#choices")
        titles = [str(choices.get_option_at_index(i).prompt)  # type: ignore[attr-defined]
                  for i in range(choices.option_count)]  # type: ignore[attr-defined]
        index = next(i for i, t in enumerate(titles) if "Surat Masuk" in t)
        choices.highlighted = index  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        first = app.screen.query_one("#map-0", Input)
        template_actor = first.value
        first.focus()
        await pilot.press("end")
        await clear_and_type(pilot, "Pengelola Persuratan")
        await pilot.press("enter")
        await pilot.pause()
        record = store.sops("sekretariat-daerah")[0]
        assert record.template
        assert record.sop.actors[0] == "Pengelola Persuratan"
        assert template_actor not in record.sop.actors
        assert any(s.actor == "Pengelola Persuratan" for s in record.sop.steps)
        assert record.sop.number == "" and record.sop.dates.effective is None
        assert isinstance(app.screen, EditorScreen)


async def test_import_bad_file_gives_indonesian_message(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    folder, store = workshop(tmp_path)
    good = tmp_path / "cuti.yaml"
    save_sop(Sop(title="Cuti Pegawai", actors=["Pegawai"],
                 steps=[Step("Mengajukan cuti", "Pegawai", "start")]), good)
    bad = tmp_path / "rusak.yaml"
    bad.write_text("format: sop-ap/1\ntitel: X\n", encoding="utf-8")
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_stage(pilot)
        await pilot.press("i")
        await pilot.pause()
        await type_text(pilot, str(bad))
        await pilot.press("enter")
        await pilot.pause()
        assert "Berkas tidak dapat diimpor" in notes(app)
        assert "rusak.yaml:2" in notes(app)
        assert store.sops("sekretariat-daerah") == []
        await pilot.press("i")
        await pilot.pause()
        await type_text(pilot, str(good))
        await pilot.press("enter")
        await pilot.pause()
        assert [r.sop.title for r in store.sops("sekretariat-daerah")] == ["Cuti Pegawai"]


async def test_from_needs_row_links_both_ways(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    from workshop.model import NeedRow

    folder, store = workshop(tmp_path)
    store.add_need("sekretariat-daerah", NeedRow(id="", output="Renstra", aspek="Penyusunan",
                                                 title="Penyusunan Renstra"))
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_stage(pilot)
        await pilot.press("k")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        record = store.sops("sekretariat-daerah")[0]
        need = store.needs("sekretariat-daerah")[0]
        assert record.sop.title == "Penyusunan Renstra"
        assert record.need == need.id and need.sop_id == record.id


async def test_review_comments_and_trial_notes(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    folder, store, sop_id = seeded(tmp_path)
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_stage(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("alt+5")
        await pilot.pause()
        await type_text(pilot, "Ibu Rina")
        await pilot.press("tab")
        await type_text(pilot, "3")
        await pilot.press("tab")
        await type_text(pilot, "Tambahkan [batas] waktu pemeriksaan")
        await pilot.press("enter")
        await pilot.pause()
        record = store.sop("sekretariat-daerah", sop_id)
        assert [(c.author, c.step, c.resolved) for c in record.reviews] == [
            ("Ibu Rina", 3, False)]
        text = screen_text(app)
        assert "Tambahkan [batas] waktu pemeriksaan" in text and "belum" in text
        app.screen.query_one("#comments", DataTable).focus()
        await pilot.press("r")
        await pilot.pause()
        assert store.sop("sekretariat-daerah", sop_id).reviews[0].resolved
        assert "selesai" in screen_text(app)
        app.screen.query_one("#tr-who", Input).focus()
        await type_text(pilot, "Petugas TU baru")
        await pilot.press("tab")
        await type_text(pilot, "Langkah 2 membingungkan")
        await pilot.press("enter")
        await pilot.pause()
        trials = store.sop("sekretariat-daerah", sop_id).trials
        assert [(t.who, t.text, t.date) for t in trials] == [
            ("Petugas TU baru", "Langkah 2 membingungkan", "2018-07-10")]


async def test_status_by_hand_and_creation_date(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    folder, store, sop_id = seeded(tmp_path)
    app = make_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_stage(pilot)
        await pilot.press("s")
        await pilot.pause()
        text = screen_text(app)
        assert "Reviu" in text and "Uji coba" in text
        assert "Disahkan\n" not in text  # approval only through F4
        await pilot.press("down", "enter")  # draf -> reviu
        await pilot.pause()
        record = store.sop("sekretariat-daerah", sop_id)
        assert record.status == "reviu"
        assert record.sop.dates.created == "2018-07-10"
        rows = table_rows(app.screen.query_one("#sop-list", DataTable))
        assert rows[0][2] == "Reviu"


async def test_enter_on_new_actor_name_adds_the_actor(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    folder, store, sop_id = seeded(tmp_path)
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_stage(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("pagedown", "tab")
        await clear_and_type(pilot, "Kepala Dinas")
        await pilot.press("enter")
        await settle(pilot)
        sop = store.sop("sekretariat-daerah", sop_id).sop
        assert sop.actors == [*ACTORS, "Kepala Dinas"]
        assert sop.steps[1].actor == "Kepala Dinas"
        assert app.focused is not None and app.focused.id == "sf-kind"
        assert "Pelaksana baru: Kepala Dinas (kolom 4)" in notes(app)


async def test_actor_tab_rename_move_remove(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    folder, store, sop_id = seeded(tmp_path)
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_stage(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("alt+3")
        await pilot.pause()
        await type_text(pilot, "Kepala Dinas")
        await pilot.press("enter")
        table = app.screen.query_one("#actors", DataTable)
        table.focus()
        await pilot.press("down", "enter")  # rename Kasubbag Umum
        await pilot.pause()
        await pilot.press("end")
        await clear_and_type(pilot, "Kasubbag Umum dan Kepegawaian")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("alt+up")  # move it to column 1
        await pilot.pause()
        await pilot.press("delete")  # used by step 3: refused
        await pilot.pause()
        assert "masih dipakai langkah 3" in notes(app)
        await pilot.press("down", "down", "down", "delete")  # Kepala Dinas: unused, removed
        await settle(pilot)
        sop = store.sop("sekretariat-daerah", sop_id).sop
        assert sop.actors == ["Kasubbag Umum dan Kepegawaian", "Petugas TU", "Sekretaris"]
        assert sop.steps[2].actor == "Kasubbag Umum dan Kepegawaian"
        assert table_rows(table)[0][1:] == ["Kasubbag Umum dan Kepegawaian", "3"]


async def test_identity_finding_jumps_to_list_and_list_is_saved(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    folder, store, sop_id = seeded(tmp_path)
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_stage(pilot)
        await pilot.press("enter")
        await pilot.pause()
        findings = app.screen.query_one(FindingsList)
        index = next(i for i in range(findings.option_count)
                     if (oid := findings.get_option_at_index(i).id) is not None
                     and findings._by_id[oid].field == "legal_basis")
        findings.focus()
        findings.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "id-legal_basis"
        await type_text(pilot, "Permenpan RB 35/2012")
        await pilot.press("enter")
        await type_text(pilot, "Perbup 12/2017")
        await settle(pilot)
        sop = store.sop("sekretariat-daerah", sop_id).sop
        assert sop.legal_basis == ["Permenpan RB 35/2012", "Perbup 12/2017"]
        assert not [f for f in findings.findings if f.field == "legal_basis"]
        assert 'Kotak "Dasar Hukum"' not in screen_text(app)
        assert 'Kotak "Peringatan"' in screen_text(app)
