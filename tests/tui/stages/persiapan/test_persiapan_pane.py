"""Pilot tests of the facilitator's app: creating a workshop and the Persiapan stage."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import DataTable, SelectionList, Static, TextArea

from tests.tui.conftest import screen_text, table_rows
from tests.tui.fast_keys import (
    palette_offers,
    press_button,
    type_keys,
    wait_for_widget,
    wait_until,
)
from workshop.store import Store
from workshop.tui.app import WorkshopApp
from workshop.tui.dialogs import (
    ConfirmScreen,
    MemberForm,
    NewWorkshopScreen,
    PasteUnitsScreen,
    PinScreen,
)
from workshop.tui.screens.main import MainScreen
from workshop.tui.widgets.rail import Rail

NASTY_UNITS = [
    "Dinas [Pendidikan] & Kebudayaan",
    "Badan *Keuangan* | Aset",
    "Kecamatan [/x] Garung",
]


async def create_with_units(pilot, names: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Type the event title, then paste unit names."""
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, NewWorkshopScreen))
    assert isinstance(app.screen, NewWorkshopScreen)
    await type_keys(pilot, *"Pendampingan SOP Wonosobo")
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
    assert isinstance(app.screen, MainScreen)
    await pilot.press("t")
    await wait_until(pilot, lambda: isinstance(app.screen, PasteUnitsScreen))
    assert isinstance(app.screen, PasteUnitsScreen)
    app.screen.query_one(TextArea).text = "\n".join(names)
    await press_button(pilot, "#ok")
    await wait_until(pilot, lambda: isinstance(app.screen, MainScreen)
                     and bool(table_rows(app.screen.query_one("#units", DataTable))))


async def focus_field(pilot, selector: str) -> None:  # type: ignore[no-untyped-def]
    """Focus a field as a click on it would (without screen coordinates)."""
    await wait_for_widget(pilot, selector)
    pilot.app.screen.query_one(selector).focus()
    await wait_until(pilot, lambda: pilot.app.focused is pilot.app.screen.query_one(selector))


def rail_text(app: WorkshopApp) -> str:
    rail = app.screen.query_one(Rail)
    return "\n".join(str(rail.get_option_at_index(i).prompt) for i in range(rail.option_count))


async def test_create_workshop_paste_units_team_readiness_and_reopen(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    folder = tmp_path / "wonosobo-2018"
    app = make_app(folder)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await create_with_units(pilot, [*NASTY_UNITS, "", "Badan *Keuangan* | Aset"])
        units = app.screen.query_one("#units", DataTable)
        assert [row[0] for row in table_rows(units)] == NASTY_UNITS
        assert "3 unit ditambahkan. 1 dilewati" in " ".join(
            str(n.message) for n in app._notifications)
        assert "0/3 unit siap" not in rail_text(app)  # narrow rail shows the count only
        assert "0/3" in rail_text(app)

        # Tim penyusun of the first unit: a ketua with a tricky name.
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_keys(pilot, *"Tambah anggota tim: Dinas")
        await wait_until(pilot, lambda: palette_offers(app, "Tambah anggota tim"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MemberForm))
        assert isinstance(app.screen, MemberForm)
        await type_keys(pilot, *"Sri [Wahyuni] *S.Sos*")
        app.screen.query_one("#f-nip").value = "198001012005012001"
        app.screen.query_one("#f-position").value = "Sekretaris Dinas"
        app.screen.query_one("#f-role").value = "ketua"
        await press_button(pilot, "#ok")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen) and bool(
            table_rows(app.screen.query_one("#members", DataTable))))
        members = app.screen.query_one("#members", DataTable)
        assert table_rows(members) == [
            ["Sri [Wahyuni] *S.Sos*", "Ketua", "Sekretaris Dinas", "198001012005012001"]]
        assert "Sri [Wahyuni] *S.Sos*" in screen_text(app)
        assert "Dinas [Pendidikan] & Kebudayaan" in screen_text(app)  # the unit picker

        # Readiness: tick every item of the first unit.
        main = app.screen
        main.query_one("#members", DataTable).focus()
        await pilot.press("4")  # the Kesiapan panel, its checklist focused
        checklist = main.query_one("#readiness", SelectionList)
        await wait_until(pilot, lambda: app.focused is checklist)
        assert app.focused is checklist
        total = checklist.option_count
        assert total > 3
        for _ in range(total):
            await pilot.press("space", "down")
        summary = main.query_one("#ready-summary", Static)
        await wait_until(pilot, lambda: f"{total}/{total} butir" in str(summary.render()))
        assert f"{total}/{total} butir" in str(summary.render())
        assert "1/3" in rail_text(app)

        # The board shows the same from the data.
        await pilot.press("ctrl+b")
        await pilot.pause()
        board = main.query_one("#board", DataTable)
        rows = {row[0]: row for row in table_rows(board)}
        first = rows["Dinas [Pendidikan] & Kebudayaan"]
        assert first[1] == f"{total}/{total}"
        assert first[2] == "1"
        assert rows["Kecamatan [/x] Garung"][1] == f"0/{total}"

    # Reopen the folder: everything is there.
    again = make_app(folder)
    async with again.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, MainScreen)
        units = again.screen.query_one("#units", DataTable)
        assert [row[0] for row in table_rows(units)] == NASTY_UNITS
        assert table_rows(units)[0][1:3] == ["1 orang", f"{total}/{total}"]
        assert "Pendampingan SOP Wonosobo" in screen_text(again)
        assert "1/3" in rail_text(again)


async def test_wide_rail_shows_labels_and_units_follow_highlight(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    store = Store.create(tmp_path / "ws", "Acara")
    store.add_units(["Dinas A", "Dinas B"])
    store.add_member("dinas-b", "Budi", role="ketua")
    app = make_app(tmp_path / "ws")
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "0/2 unit siap" in text
        assert "Tim penyusun — Dinas A" in text
        await pilot.press("down")
        await pilot.pause()
        text = screen_text(app)
        assert "Tim penyusun — Dinas B" in text
        assert "Budi" in text


async def test_delete_unit_asks_first(tmp_path: Path, make_app: Callable[..., WorkshopApp]) -> None:
    store = Store.create(tmp_path / "ws", "Acara")
    store.add_units(["Dinas A", "Dinas B"])
    app = make_app(tmp_path / "ws")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("delete")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert isinstance(app.screen, ConfirmScreen)
        assert "Hapus unit “Dinas A”" in screen_text(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert [u.name for u in store.units()] == ["Dinas A", "Dinas B"]
        await pilot.press("delete")
        await press_button(pilot, "#yes")
        await wait_until(pilot, lambda: [r[0] for r in table_rows(
            app.screen.query_one("#units", DataTable))] == ["Dinas B"])
        assert [u.name for u in store.units()] == ["Dinas B"]
        assert [r[0] for r in table_rows(app.screen.query_one("#units", DataTable))] == ["Dinas B"]


async def test_pins_generated_shown_and_verifiable(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    store = Store.create(tmp_path / "ws", "Acara")
    store.add_units(["Dinas A", "Dinas B"])
    app = make_app(tmp_path / "ws")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press_button(pilot, "#pin-all")
        await wait_until(pilot, lambda: isinstance(app.screen, PinScreen))
        assert isinstance(app.screen, PinScreen)
        pins = dict(app.screen.pins)
        assert set(pins) == {"Dinas A", "Dinas B"}
        assert all(len(p) == 6 and p.isdigit() for p in pins.values())
        assert pins["Dinas A"] in screen_text(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert store.verify_pin("dinas-a", pins["Dinas A"])
        assert [r[3] for r in table_rows(app.screen.query_one("#units", DataTable))] == [
            "ada", "ada"]
        await press_button(pilot, "#pin-show")
        await wait_until(pilot, lambda: isinstance(app.screen, PinScreen))
        assert dict(app.screen.pins) == pins


async def test_change_by_another_process_appears(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    Store.create(tmp_path / "ws", "Acara")
    app = make_app(tmp_path / "ws")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        other = Store.open(tmp_path / "ws")
        other.add_unit("Dinas dari Laptop Lain")
        await wait_until(pilot, lambda: bool(table_rows(app.screen.query_one("#units", DataTable))))
        rows = table_rows(app.screen.query_one("#units", DataTable))
        assert rows and rows[0][0] == "Dinas dari Laptop Lain"


async def test_write_failure_is_a_toast_not_a_traceback(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    from workshop.store import StoreError

    Store.create(tmp_path / "ws", "Acara")
    app = make_app(tmp_path / "ws")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()

        def broken(names: object) -> None:
            raise StoreError("Berkas workshop.json sedang dikunci terlalu lama.")

        assert app.ctx is not None
        app.ctx.store.add_units = broken  # type: ignore[method-assign]
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, PasteUnitsScreen))
        app.screen.query_one(TextArea).text = "Dinas A"
        await press_button(pilot, "#ok")
        await wait_until(pilot, lambda: bool(app._notifications))
        messages = [n.message for n in app._notifications]
        assert "Berkas workshop.json sedang dikunci terlalu lama." in messages
        assert isinstance(app.screen, MainScreen)


async def test_event_fields_saved(tmp_path: Path, make_app: Callable[..., WorkshopApp]) -> None:
    store = Store.create(tmp_path / "ws", "Acara")
    app = make_app(tmp_path / "ws")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one("#persiapan").show_tab("panel-kegiatan")
        await pilot.pause()
        await focus_field(pilot, "#ev-organiser")
        await type_keys(pilot, *"Biro Organisasi Setda Provinsi Jawa Tengah")
        await pilot.press("enter")
        await focus_field(pilot, "#ev-facilitators")
        await type_keys(pilot, *"Ani; Budi [BO]")
        await pilot.press("enter")
        await focus_field(pilot, "#ev-start_date")
        await type_keys(pilot, *"10-07-2018")
        await pilot.press("enter")
        await pilot.pause()
        await focus_field(pilot, "#ev-venue")
        await type_keys(pilot, *"Ruang [A]")
        # no Enter, still focused: saved as it is typed
        await wait_until(pilot, lambda: store.event().venue == "Ruang [A]")
        assert store.event().venue == "Ruang [A]"
        event = store.event()
        assert event.organiser == "Biro Organisasi Setda Provinsi Jawa Tengah"
        assert event.facilitators == ["Ani", "Budi [BO]"]
        assert event.start_date is None
        assert "Tanggal ditulis TTTT-BB-HH" in " ".join(n.message for n in app._notifications)
        await pilot.press("escape", "2")  # leave the field, then the Unit panel
        await pilot.pause()
        assert app.focused is app.screen.query_one("#units", DataTable)


async def test_team_model_sk_and_member_edit_remove(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    from textual.widgets import Select

    store = Store.create(tmp_path / "ws", "Acara")
    store.add_units(["Dinas A"])
    member = store.add_member("dinas-a", "Budi | Santoso", role="anggota")
    app = make_app(tmp_path / "ws")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        main = app.screen
        main.query_one("#persiapan").show_tab("panel-tim")
        await pilot.pause()
        main.query_one("#team-model", Select).value = "gabungan"
        await pilot.pause()
        await focus_field(pilot, "#sk-number")
        await type_keys(pilot, *"800/215/2018")
        await pilot.press("enter")
        await focus_field(pilot, "#sk-date")
        await type_keys(pilot, *"2018-06-18")
        await pilot.press("tab")
        await pilot.pause()
        unit = store.unit("dinas-a")
        assert (unit.team_model, unit.sk_number, unit.sk_date) == (
            "gabungan", "800/215/2018", "2018-06-18")

        members = main.query_one("#members", DataTable)
        members.focus()
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, MemberForm))
        assert isinstance(app.screen, MemberForm)
        app.screen.query_one("#f-role").value = "sekretaris"
        await press_button(pilot, "#ok")
        await wait_until(pilot, lambda: store.members("dinas-a")[0].role == "sekretaris"
                         and app.screen is main)
        assert table_rows(main.query_one("#members", DataTable))[0][1] == "Sekretaris"
        assert store.members("dinas-a")[0].role == "sekretaris"

        main.query_one("#members", DataTable).focus()
        await pilot.press("delete")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert isinstance(app.screen, ConfirmScreen)
        assert "Hapus “Budi | Santoso” dari tim?" in screen_text(app)
        await press_button(pilot, "#yes")
        await wait_until(pilot, lambda: store.members("dinas-a") == [])
        assert store.members("dinas-a") == []
        assert member.id not in [m.id for m in store.members()]


async def test_edit_unit_fields(tmp_path: Path, make_app: Callable[..., WorkshopApp]) -> None:
    from workshop.tui.dialogs import UnitForm

    store = Store.create(tmp_path / "ws", "Acara")
    store.add_units(["Dinas A"])
    app = make_app(tmp_path / "ws")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # Enter on a unit row opens the form
        await wait_until(pilot, lambda: isinstance(app.screen, UnitForm))
        assert isinstance(app.screen, UnitForm)
        form = app.screen
        form.query_one("#f-short_name").value = "[DA]"
        form.query_one("#f-head_position").value = "Kepala Dinas"
        form.query_one("#f-numbering").value = "800/SOP.{seq:02}/{singkatan}/{tahun}"
        await press_button(pilot, "#ok")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen)
                         and table_rows(app.screen.query_one("#units", DataTable))[0][4] == "[DA]")
        unit = store.unit("dinas-a")
        assert (unit.short_name, unit.head_position, unit.numbering) == (
            "[DA]", "Kepala Dinas", "800/SOP.{seq:02}/{singkatan}/{tahun}")
        row = table_rows(app.screen.query_one("#units", DataTable))[0]
        assert row[4:] == ["[DA]", "Kepala Dinas", "800/SOP.{seq:02}/{singkatan}/{tahun}"]


async def test_unit_pickers_follow_the_list_and_the_user_without_looping(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    """The Tim and Kesiapan pickers follow the unit list and a unit chosen by the user.

    (A manual run in tmux once froze here: the two pickers answered each other's queued
    Changed messages; programmatic values now post none. Pilot did not reproduce the race.)"""
    from textual.widgets import Select

    store = Store.create(tmp_path / "ws", "Acara")
    store.add_units(["Alfa", "Beta", "Gama [x] | y"])
    app = make_app(tmp_path / "ws")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "up", "down")
        await wait_until(pilot, lambda: app.ctx is not None
                         and app.ctx.current_unit == "gama-x-y")
        main = app.screen
        assert app.ctx is not None and app.ctx.current_unit == "gama-x-y"
        # The pickers are built when their panel is first shown (80 columns: one panel).
        await pilot.press("3")
        await wait_until(pilot, lambda: bool(main.query("#team-unit"))
                         and main.query_one("#team-unit", Select).value == "gama-x-y")
        assert main.query_one("#team-unit", Select).value == "gama-x-y"
        assert "Pilih unit" not in screen_text(app) and "Gama [x] | y" in screen_text(app)
        await pilot.press("4")
        await wait_until(pilot, lambda: bool(main.query("#ready-unit"))
                         and "Kesiapan Gama [x] | y: 0/" in screen_text(app))
        assert main.query_one("#ready-unit", Select).value == "gama-x-y"
        assert "Kesiapan Gama [x] | y: 0/" in screen_text(app)
        main.query_one("#ready-unit", Select).value = "alfa"  # as if chosen by the user
        await wait_until(pilot, lambda: app.ctx is not None and app.ctx.current_unit == "alfa"
                         and main.query_one("#team-unit", Select).value == "alfa")
        assert app.ctx.current_unit == "alfa"
        assert main.query_one("#team-unit", Select).value == "alfa"
        assert "Kesiapan Alfa: 0/" in screen_text(app)


def _team_workshop(tmp_path: Path) -> Path:
    store = Store.create(tmp_path / "ws", "Pendampingan SOP Wonosobo")
    store.add_units(["Dinas Alfa", "Dinas Beta"])
    store.add_member("dinas-beta", "Siti Rahayu", role="ketua")
    store.set_readiness("dinas-beta", "tim_dibentuk", True)
    return tmp_path / "ws"


async def test_narrow_panels_are_built_and_filled_when_first_shown(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    """80 columns: only the Unit panel is built at start; Tim and Kesiapan show the current
    unit, its members and its readiness as soon as their key is pressed; Kegiatan the event."""
    app = make_app(_team_workshop(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        main = app.screen
        assert not main.query("#members") and not main.query("#readiness")
        assert not main.query("#ev-title")
        await pilot.press("down")  # Dinas Beta
        await wait_until(pilot, lambda: app.ctx is not None
                         and app.ctx.current_unit == "dinas-beta")
        await pilot.press("3")
        await wait_until(pilot, lambda: "Siti Rahayu" in screen_text(app))
        text = screen_text(app)
        assert "Siti Rahayu" in text and "Ketua" in text and "Dinas Beta" in text
        assert app.focused is main.query_one("#members", DataTable)
        await pilot.press("4")
        await wait_until(pilot, lambda: "Kesiapan Dinas Beta: 1/" in screen_text(app))
        assert main.query_one("#readiness", SelectionList).selected == ["tim_dibentuk"]
        await pilot.press("1")
        await wait_until(pilot, lambda: "Pendampingan SOP Wonosobo" in screen_text(app))
        assert "Judul kegiatan" in screen_text(app)


async def test_a_resize_builds_what_the_new_width_shows(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    """Started wide (no tabs, no unit pickers built), then narrow: the tabs appear and keys 1-4
    work, the Tim picker names the current unit; started narrow, then wide: all four panels
    are filled."""
    from textual.widgets import Select, Tabs

    folder = _team_workshop(tmp_path)
    app = make_app(folder)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        main = app.screen
        await wait_until(pilot, lambda: "Siti Rahayu" not in screen_text(app)
                         and "Tim penyusun — Dinas Alfa" in screen_text(app))
        assert not main.query("#persiapan-tabs") and not main.query("#team-unit")
        await pilot.press("down")
        await wait_until(pilot, lambda: "Siti Rahayu" in screen_text(app))
        await pilot.resize_terminal(80, 24)
        await wait_until(pilot, lambda: bool(main.query("#persiapan-tabs"))
                         and "Kegiatan" in screen_text(app) and "Kesiapan" in screen_text(app))
        await pilot.press("3")
        await wait_until(pilot, lambda: main.query_one("#persiapan-tabs", Tabs).active
                         == "tab-panel-tim" and "Siti Rahayu" in screen_text(app))
        assert main.query_one("#team-unit", Select).value == "dinas-beta"
        assert "Dinas Beta" in screen_text(app)

    app = make_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down")
        await pilot.resize_terminal(160, 40)
        await wait_until(pilot, lambda: "Siti Rahayu" in screen_text(app)
                         and "Kesiapan Dinas Beta: 1/" in screen_text(app))
        text = screen_text(app)
        assert "Pendampingan SOP Wonosobo" in text and "Tim penyusun — Dinas Beta" in text


async def test_the_palette_adds_a_member_before_the_tim_panel_was_ever_shown(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    """At 80 columns the Tim panel is not built yet; the palette's 'add member' still opens
    the form for the current unit, and the member then shows in the panel."""
    app = make_app(_team_workshop(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.ctx is not None
        app.persiapan_action("panel-tim", "add_member", unit="dinas-alfa")
        await wait_until(pilot, lambda: isinstance(app.screen, MemberForm))
        assert "Dinas Alfa" in screen_text(app)
        app.screen.query_one("#f-name").value = "Budi Santoso"  # type: ignore[attr-defined]
        await press_button(pilot, "#ok")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen)
                         and "Budi Santoso" in screen_text(app))
        assert [m.name for m in app.ctx.store.members("dinas-alfa")] == ["Budi Santoso"]
