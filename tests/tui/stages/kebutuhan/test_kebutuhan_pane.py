"""Pilot tests of the Penilaian Kebutuhan stage (workshop/tui/stages/kebutuhan/pane.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import DataTable, Input, Select, SelectionList, Static, TextArea

from tests.tui.conftest import frozen_now, screen_text, table_rows
from tests.tui.fast_keys import press_button, type_keys, wait_for_widget, wait_until
from workshop.model import ExistingSop, NeedRow
from workshop.resources import sop_templates_dir
from workshop.sopfile import load_sop
from workshop.stages.kebutuhan import needs
from workshop.store import Store
from workshop.tui.app import WorkshopApp
from workshop.tui.stages.kebutuhan.dialogs import (
    Adoption,
    AdoptScreen,
    ExistingForm,
    NeedForm,
    PasteNeedsScreen,
)
from workshop.tui.stages.kebutuhan.pane import KebutuhanPane

SIZE = (120, 36)


def workshop(tmp_path: Path, units: list[tuple[str, str]]) -> Store:
    store = Store.create(tmp_path / "ws", "Pendampingan SOP", now=frozen_now)
    for name, head in units:
        store.add_unit(name, head_position=head)
    return store


async def open_kebutuhan(pilot, tab: str = "tab-tabel6") -> KebutuhanPane:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("ctrl+2")
    await pilot.pause()
    pane = pilot.app.screen.query_one(KebutuhanPane)
    pane.show_tab(tab)
    await pilot.pause()
    await pilot.pause()
    return pane


def table(app: WorkshopApp, selector: str) -> DataTable[object]:
    return app.screen.query_one(selector, DataTable)


def cells_by_key(data: DataTable[object]) -> list[dict[str, str]]:
    """The rows of a table as {column key: shown text} (only the columns that fit are shown)."""
    keys = [str(column.key.value) for column in data.ordered_columns]
    return [dict(zip(keys, row, strict=True)) for row in table_rows(data)]


def notes(app: WorkshopApp) -> str:
    return " ".join(str(n.message) for n in app._notifications)


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let the writes' NeedsChanged messages and the redraws they cause run (slow CI too)."""
    for _ in range(3):
        await pilot.pause()


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await type_keys(pilot, *text)


async def test_enter_a_function_with_two_outputs_vote_and_see_the_ranked_inventory(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    store = workshop(tmp_path, [("Dinas Kesehatan", "Kepala Dinas")])
    slug = store.units()[0].slug
    store.add_member(slug, "Ani", role="ketua")
    store.add_member(slug, "Budi")
    app = make_app(store.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_kebutuhan(pilot)
        app.screen.query_one("#in-tugas", Input).focus()
        # Tab moves across the columns; the title is suggested from aspek + output.
        for value in ("Perencanaan", "Penyusunan rencana", "Menyusun dokumen perencanaan",
                      "Rapat penyusunan", "Renstra"):
            await type_text(pilot, value)
            await pilot.press("tab")
        await type_text(pilot, "penyusunan")
        await settle(pilot)
        assert app.screen.query_one("#in-title", Input).value == "Penyusunan Renstra"
        await pilot.press("enter")  # accept the suggestion
        await settle(pilot)
        # Focus is back on Output; tugas..kegiatan are kept for the next output.
        assert app.screen.focused is app.screen.query_one("#in-output", Input)
        await type_text(pilot, "laporan kinerja")
        await pilot.press("tab")
        await type_text(pilot, "pelaporan")
        await pilot.press("enter")
        await settle(pilot)
        rows = cells_by_key(table(app, "#needs-table"))
        assert [(r["output"], r["title"]) for r in rows] == [
            ("Renstra", "Penyusunan Renstra"), ("laporan kinerja", "Pelaporan Laporan Kinerja")]
        assert [(r.tugas, r.kegiatan, r.title) for r in store.needs(slug)] == [
            ("Perencanaan", "Rapat penyusunan", "Penyusunan Renstra"),
            ("Perencanaan", "Rapat penyusunan", "Pelaporan Laporan Kinerja")]
        assert "2 judul SOP dari 2 output" in screen_text(app)

        # Voting: Ani gives 2 votes to the report, Budi 1; a 4th vote of Ani is refused.
        pane = app.screen.query_one(KebutuhanPane)
        pane.show_tab("tab-prioritas")
        await settle(pilot)
        members = {m.name: m.id for m in store.members(slug)}
        picker = app.screen.query_one("#vote-member", Select)
        picker.value = members["Ani"]
        await settle(pilot)
        votes_table = table(app, "#vote-table")
        votes_table.focus()
        votes_table.move_cursor(row=1)  # Pelaporan Laporan Kinerja
        await pilot.press("plus", "plus")
        await settle(pilot)
        assert "Sisa suara: 1 dari 3" in screen_text(app)
        votes_table.move_cursor(row=votes_table.get_row_index(store.needs(slug)[0].id))
        await pilot.press("plus", "plus")
        await settle(pilot)
        assert "Jatah suara sudah habis (3 suara per anggota)" in notes(app)
        picker.value = members["Budi"]
        await settle(pilot)
        votes_table.focus()
        votes_table.move_cursor(row=votes_table.get_row_index(store.needs(slug)[1].id))
        await pilot.press("plus")
        await settle(pilot)
        assert sum(v.count for v in store.votes(slug)) == 4

        pane.show_tab("tab-inventaris")
        await settle(pilot)
        inv = cells_by_key(table(app, "#inventory-table"))
        assert [(r["rank"], r["title"], r["votes"]) for r in inv] == [
            ("1", "Pelaporan Laporan Kinerja", "3"), ("2", "Penyusunan Renstra", "1")]
        assert "unit" not in inv[0]  # one unit's list: its name is in the summary
        assert "Daftar Kebutuhan SOP — Dinas Kesehatan: 2 judul" in screen_text(app)

        # The Markdown export: Tabel 6 with its eight columns, titles in vote order.
        table(app, "#inventory-table").focus()
        await pilot.press("m")
        await settle(pilot)
        text = (store.path / "exports" / f"kebutuhan-{slug}.md").read_text(encoding="utf-8")
        assert ("| No | Tugas | Fungsi | Uraian Tugas | Kegiatan | Output | Aspek Kegiatan "
                "| Judul SOP |") in text
        assert text.index("Pelaporan Laporan Kinerja") < text.index("Penyusunan Renstra")


async def test_adopt_a_template_into_three_units_with_position_mapping(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    store = workshop(tmp_path, [("Dinas Kesehatan", "Kepala Dinas"),
                                ("Badan Keuangan", "Kepala Badan"),
                                ("Kecamatan Garung", "Camat")])
    template = load_sop(sop_templates_dir() / "surat-masuk.yaml")
    positions = needs.generic_positions(template)
    app = make_app(store.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_kebutuhan(pilot, "tab-umum")
        general = table(app, "#general-table")
        general.focus()
        general.move_cursor(row=general.get_row_index("surat-masuk"))
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AdoptScreen)
        await pilot.click("#all")
        box = app.screen.query_one(
            f"#ad-pos-{positions.index('Kasubbag Umum dan Kepegawaian')}", Input)
        box.focus()
        await type_text(pilot, "Kasubbag Umum")
        await pilot.click("#ok")
        await settle(pilot)
        assert not isinstance(app.screen, AdoptScreen)
        assert "3 draf SOP “Pengelolaan Surat Masuk” dibuat" in notes(app)
        heads = {"Dinas Kesehatan": "Kepala Dinas", "Badan Keuangan": "Kepala Badan",
                 "Kecamatan Garung": "Camat"}
        for unit in store.units():
            [record] = store.sops(unit.slug)
            assert record.status == "draf" and record.template == "surat-masuk"
            assert record.sop.unit == unit.name
            assert heads[unit.name] in record.sop.actors
            assert "Kasubbag Umum" in record.sop.actors
            assert "Kepala OPD" not in record.sop.actors
            assert "Kasubbag Umum dan Kepegawaian" not in {s.actor for s in record.sop.steps}
        row = general.get_row_index("surat-masuk")
        assert table_rows(general)[row][1] == "3 dari 3"
        # Adopting again skips the units that already hold it.
        await pilot.press("a")
        await settle(pilot)
        await pilot.click("#all")
        await pilot.click("#ok")
        await settle(pilot)
        assert "Sudah diadopsi sebelumnya" in notes(app)
        assert all(len(store.sops(u.slug)) == 1 for u in store.units())


async def test_adopt_into_three_units_with_a_different_mapping_per_unit(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    store = workshop(tmp_path, [("Dinas Kesehatan", "Kepala Dinas"),
                                ("Badan [Keuangan] & Aset", "Kepala Badan"),
                                ("Kecamatan Garung", "Camat")])
    dinkes, badan, camat = store.units()
    store.add_member(badan.slug, "Rina", position="Sekretaris Badan")
    template = load_sop(sop_templates_dir() / "surat-masuk.yaml")
    positions = needs.generic_positions(template)

    def box(pos: str) -> Input:
        return app.screen.query_one(f"#ad-pos-{positions.index(pos)}", Input)

    async def retype(pos: str, text: str) -> None:
        box(pos).focus()
        await pilot.pause()
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, text)

    def target() -> str:
        return str(app.screen.query_one("#ad-target", Select).value)

    app = make_app(store.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_kebutuhan(pilot, "tab-umum")
        general = table(app, "#general-table")
        general.focus()
        general.move_cursor(row=general.get_row_index("surat-masuk"))
        await pilot.press("a")
        await wait_for_widget(pilot, "#ad-units")
        assert isinstance(app.screen, AdoptScreen)
        # Nothing chosen yet: the target steppers and OK say what to do.
        await press_button(pilot, "#ad-next")
        await settle(pilot)
        assert "Pilih unitnya lebih dulu" in screen_text(app)
        await press_button(pilot, "#ok")
        await settle(pilot)
        assert "Pilih sedikitnya satu unit yang mengadopsi" in screen_text(app)
        assert isinstance(app.screen, AdoptScreen)
        await press_button(pilot, "#all")
        await settle(pilot)
        # The all-units row: one name for every unit.
        await retype("Kasubbag Umum dan Kepegawaian", "Kasubbag Umum")
        # Dinas Kesehatan: prefilled with what it would get (head position from the unit).
        await press_button(pilot, "#ad-next")
        await settle(pilot)
        assert target() == dinkes.slug
        assert box("Kepala OPD").value == "Kepala Dinas"
        assert box("Kasubbag Umum dan Kepegawaian").value == "Kasubbag Umum"
        assert box("Sekretaris").value == "Sekretaris"
        await retype("Sekretaris", "Sekretaris Dinas")
        # Badan Keuangan: the team's position completes what is typed (right arrow accepts).
        await press_button(pilot, "#ad-next")
        await settle(pilot)
        assert target() == badan.slug
        assert box("Kepala OPD").value == "Kepala Badan"
        assert box("Sekretaris").value == "Sekretaris"
        assert "Jabatan di Badan [Keuangan] & Aset (kepala: Kepala Badan)" in str(
            app.screen.query_one("#ad-map-hint", Static).content)  # a name, not markup
        await retype("Sekretaris", "Sek")
        await wait_until(pilot, lambda: box("Sekretaris")._suggestion == "Sekretaris Badan")
        await pilot.press("right")
        await settle(pilot)
        assert box("Sekretaris").value == "Sekretaris Badan"
        # Kecamatan Garung, picked in the target list: two own names, one emptied (keeps the
        # generic name), one changed and changed back (inherits again).
        app.screen.query_one("#ad-target", Select).value = camat.slug
        await settle(pilot)
        assert box("Kepala OPD").value == "Camat"
        await retype("Sekretaris", "Sekretaris Kecamatan")
        await retype("Kepala Bidang", "Kepala Seksi")
        await retype("Kasubbag Umum dan Kepegawaian", "   ")
        await retype("Kepala OPD", "Camat Garung")
        await retype("Kepala OPD", "Camat")
        assert str(app.screen.query_one("#ad-changed", Static).content) == (
            "Diubah khusus: Dinas Kesehatan (1 jabatan), Badan [Keuangan] & Aset (1 jabatan), "
            "Kecamatan Garung (3 jabatan).")
        # Back on the all-units row: a later default reaches every unit not changed there.
        app.screen.query_one("#ad-target", Select).value = "*semua*"
        await settle(pilot)
        assert box("Kasubbag Umum dan Kepegawaian").value == "Kasubbag Umum"
        assert box("Sekretaris").value == ""
        await retype("Pengadministrasi Umum", "Pengadministrasi Persuratan")
        await press_button(pilot, "#ok")
        await wait_until(pilot, lambda: all(store.sops(u.slug) for u in (dinkes, badan, camat)))
        assert not isinstance(app.screen, AdoptScreen)
        expected = {
            dinkes.slug: {"Kepala Dinas", "Sekretaris Dinas", "Kasubbag Umum", "Kepala Bidang",
                          "Pengadministrasi Persuratan"},
            badan.slug: {"Kepala Badan", "Sekretaris Badan", "Kasubbag Umum", "Kepala Bidang",
                         "Pengadministrasi Persuratan"},
            camat.slug: {"Camat", "Sekretaris Kecamatan", "Kasubbag Umum dan Kepegawaian",
                         "Kepala Seksi", "Pengadministrasi Persuratan"},
        }
        for slug, actors in expected.items():
            [record] = store.sops(slug)
            assert record.template == "surat-masuk" and record.status == "draf"
            assert set(record.sop.actors) == actors
            assert {s.actor for s in record.sop.steps} == actors
        assert store.sops(camat.slug)[0].sop.approval.position == "Camat"
        await wait_until(pilot, lambda: table_rows(general)[
            general.get_row_index("surat-masuk")][1] == "3 dari 3")
        assert table_rows(general)[general.get_row_index("surat-masuk")][1] == "3 dari 3"
        assert "3 draf SOP “Pengelolaan Surat Masuk” dibuat" in notes(app)


async def test_adoption_dialog_reset_and_units_dropped(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    store = workshop(tmp_path, [("Dinas Kesehatan", "Kepala Dinas"), ("Dinas PU", "")])
    dinkes, pu = store.units()
    template = load_sop(sop_templates_dir() / "permintaan-atk.yaml")
    app = make_app(store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        results: list[Adoption | None] = []
        app.push_screen(AdoptScreen(template, store.units(), chosen=[dinkes.slug, pu.slug]),
                        results.append)
        await wait_for_widget(pilot, "#ad-target")
        picker = app.screen.query_one("#ad-target", Select)
        picker.value = pu.slug
        await settle(pilot)
        head = app.screen.query_one(
            f"#ad-pos-{needs.generic_positions(template).index('Kepala OPD')}", Input)
        assert head.value == "Kepala OPD"  # no head position recorded for this unit
        assert "(jabatan kepala belum diisi)" in screen_text(app)
        head.value = "Kepala Dinas PU"
        await settle(pilot)
        changed = app.screen.query_one("#ad-changed", Static)
        assert str(changed.content) == "Diubah khusus: Dinas PU (1 jabatan)."
        # Two positions given one name become one actor column: the dialog says so.
        positions = needs.generic_positions(template)
        app.screen.query_one(f"#ad-pos-{positions.index('Pegawai')}", Input).value = (
            "Kepala Dinas PU")
        await settle(pilot)
        assert str(changed.content).endswith(
            "Perhatian, jabatan berbeda dengan nama yang sama menjadi satu kolom pelaksana: "
            "Dinas PU: Pegawai dan Kepala OPD → “Kepala Dinas PU”.")
        await press_button(pilot, "#ad-reset")
        await settle(pilot)
        assert head.value == "Kepala OPD"
        assert "Perhatian" not in str(changed.content)
        assert str(changed.content).startswith("Semua unit memakai pemetaan yang sama")
        # A unit taken off the list is no longer a mapping target.
        head.value = "Kepala Dinas PU"
        await settle(pilot)
        units = app.screen.query_one("#ad-units", SelectionList)
        units.deselect(pu.slug)
        await settle(pilot)
        assert picker.value == "*semua*"
        await press_button(pilot, "#ad-next")
        await settle(pilot)
        assert picker.value == dinkes.slug
        await press_button(pilot, "#ad-next")
        await settle(pilot)
        assert picker.value == "*semua*"  # Dinas PU is skipped: only the chosen units
        await press_button(pilot, "#ok")
        await wait_until(pilot, lambda: bool(results))
        [choice] = results
        assert choice is not None and choice.units == [dinkes.slug]
        assert list(choice.mappings) == [dinkes.slug]
        assert choice.mappings[dinkes.slug]["Kepala OPD"] == "Kepala Dinas"
        assert choice.mapping_for(template, pu)["Kepala OPD"] == "Kepala OPD"


async def test_overlapping_titles_become_one_general_sop(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    store = workshop(tmp_path, [("Dinas Kesehatan", "Kepala Dinas"),
                                ("Dinas PU", "Kepala Dinas"),
                                ("Kecamatan Garung", "Camat")])
    titles = ["Pengelolaan Surat Masuk", "Penatausahaan surat masuk", "SOP Surat Masuk"]
    for unit, title in zip(store.units(), titles, strict=True):
        store.add_need(unit.slug, NeedRow(id="", output="surat", title=title))
    store.add_need(store.units()[2].slug, NeedRow(id="", title="Surat Keluar"))
    app = make_app(store.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_kebutuhan(pilot, "tab-overlap")
        rows = table_rows(table(app, "#overlap-table"))
        assert {r[3] for r in rows} == set(titles)
        assert all(r[1] == "80%" or r[1] == "100%" for r in rows)
        assert "Surat Keluar" not in {r[3] for r in rows}
        assert "1 kelompok tumpang tindih" in screen_text(app)
        table(app, "#overlap-table").focus()
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, AdoptScreen)
        assert app.screen.query_one("#ad-title", Input).value == "Pengelolaan Surat Masuk"
        assert "Berdasarkan templat “Pengelolaan Surat Masuk”" in screen_text(app)
        await pilot.click("#ok")
        await settle(pilot)
        for unit in store.units():
            records = store.sops(unit.slug)
            assert len(records) == 1 and records[0].template == "surat-masuk"
            linked = [r for r in store.needs(unit.slug) if r.sop_id == records[0].id]
            assert len(linked) == 1 and linked[0].title in titles


async def test_existing_sop_revision_becomes_a_needs_row(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    store = workshop(tmp_path, [("Dinas Kesehatan", "Kepala Dinas")])
    slug = store.units()[0].slug
    store.add_existing_sop(slug, ExistingSop(id="", title="SOP Pelayanan [Izin] Praktik"))
    app = make_app(store.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_kebutuhan(pilot, "tab-lama")
        existing = table(app, "#existing-table")
        assert table_rows(existing)[0][1:3] == ["SOP Pelayanan [Izin] Praktik", "(belum)"]
        existing.focus()
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ExistingForm)
        app.screen.query_one("#ef-decision", Select).value = "revisi"
        await pilot.click("#ok")
        await settle(pilot)
        assert "Tuliskan alasan keputusan ini." in screen_text(app)
        app.screen.query_one("#ef-reason", Input).value = "Dasar hukum berubah"
        await pilot.click("#ok")
        await settle(pilot)
        assert not isinstance(app.screen, ExistingForm)
        assert table_rows(existing)[0][2:5] == ["Revisi", "Dasar hukum berubah", "ada"]
        [row] = store.needs(slug)
        assert row.title == "SOP Pelayanan [Izin] Praktik"
        assert row.source.startswith("existing:")
        # Deciding again does not add a second row.
        await pilot.press("e")
        await settle(pilot)
        await pilot.click("#ok")
        await settle(pilot)
        assert len(store.needs(slug)) == 1


async def test_paste_rows_coverage_warning_edit_and_draft(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    store = workshop(tmp_path, [("Dinas [Perizinan] & PTSP", "Kepala Dinas")])
    slug = store.units()[0].slug
    app = make_app(store.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_kebutuhan(pilot)
        needs_table = table(app, "#needs-table")
        needs_table.focus()
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, PasteNeedsScreen)
        app.screen.query_one(TextArea).text = (
            "Pelayanan | Perizinan | Menerbitkan izin | Verifikasi | Izin usaha | penerbitan "
            "| | pelayanan\n"
            "Perencanaan | Program | Menyusun renja | Rapat | Renja [/x] | penyusunan | "
            "| rutin\n"
        )
        await pilot.click("#ok")
        await settle(pilot)
        rows = store.needs(slug)
        assert [r.title for r in rows] == ["Penerbitan Izin Usaha", "Penyusunan Renja [/x]"]
        assert "2 baris ditambahkan ke Tabel 6." in notes(app)
        assert "Renja [/x]" in screen_text(app)
        # Make the second row a service title only: the coverage warning explains why.
        store.update_need(slug, rows[1].id, title="")
        app.screen.query_one(KebutuhanPane).refresh_data()
        await settle(pilot)
        text = screen_text(app)
        assert "output belum punya judul SOP" in text
        assert "SOP disusun berbasis output, bukan hanya layanan langsung" in text
        # Edit the row back with a suggested title.
        needs_table.focus()
        needs_table.move_cursor(row=1)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, NeedForm)
        await pilot.click("#suggest")
        await pilot.click("#ok")
        await settle(pilot)
        assert store.needs(slug)[1].title == "Penyusunan Renja [/x]"
        assert "SOP disusun berbasis output" not in screen_text(app)
        # Turn the row into a draft SOP for the development stage.
        await pilot.press("d")
        await settle(pilot)
        [record] = store.sops(slug)
        assert record.sop.title == "Penyusunan Renja [/x]"
        assert record.sop.unit == "Dinas [Perizinan] & PTSP" and record.need == rows[1].id
        assert store.needs(slug)[1].sop_id == record.id
        assert cells_by_key(needs_table)[1]["draft"] == "ada"
        await pilot.press("d")
        await settle(pilot)
        assert "sudah menjadi draf SOP" in notes(app)
        assert len(store.sops(slug)) == 1


async def test_tabel6_columns_fit_the_width(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    store = workshop(tmp_path, [("Dinas Kesehatan", "Kepala Dinas")])
    slug = store.units()[0].slug
    store.add_needs(slug, [
        NeedRow(id="", tugas="Pelayanan kesehatan", fungsi="Perizinan", uraian_tugas="Izin",
                kegiatan="Verifikasi", output="Izin praktik", aspek="penerbitan",
                title="Penerbitan Izin Praktik Bidan dan Perawat Mandiri", activity="pelayanan"),
        NeedRow(id="", tugas="Pelayanan kesehatan", fungsi="Perizinan", uraian_tugas="Izin",
                kegiatan="Verifikasi", output="Rekomendasi", aspek="penerbitan",
                title="Penerbitan Rekomendasi", activity="pelayanan"),
    ])
    app = make_app(store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_kebutuhan(pilot)
        needs_table = table(app, "#needs-table")
        await wait_until(pilot, lambda: needs_table.row_count == 2)
        # 80 columns: the output and its title first; the rest is one key away.
        assert [str(c.key.value) for c in needs_table.ordered_columns] == [
            "no", "output", "title", "activity", "draft"]
        assert "Sebagian kolom tak muat di layar; e: baris lengkap." in screen_text(app)
        shown = screen_text(app)
        assert "Penerbitan Izin Praktik Bidan dan Perawat Mandiri" not in shown
        [line] = [x for x in shown.splitlines() if "Penerbitan Izin" in x]
        assert "…" in line  # cut with an ellipsis, the whole row is in the Ubah dialog
        # A projector terminal: every column of the form, in its order, texts whole.
        await pilot.resize_terminal(200, 50)
        await wait_until(pilot, lambda: len(needs_table.ordered_columns) == 10)
        assert [str(c.label) for c in needs_table.ordered_columns] == [
            "No", "Tugas", "Fungsi", "Uraian Tugas", "Kegiatan", "Output", "Aspek Kegiatan",
            "Judul SOP", "Jenis", "Draf"]
        rows = cells_by_key(needs_table)
        assert (rows[0]["tugas"], rows[1]["tugas"]) == ("Pelayanan kesehatan", "")
        shown = screen_text(app)
        assert "Penerbitan Izin Praktik Bidan dan Perawat Mandiri" in shown
        assert "Sebagian kolom tak muat" not in shown


async def test_tables_keep_every_column_on_screen_at_80x24(
    tmp_path: Path, make_app: Callable[..., WorkshopApp]
) -> None:
    store = workshop(tmp_path, [("Dinas Kesehatan", "Kepala Dinas")])
    slug = store.units()[0].slug
    store.add_existing_sop(slug, ExistingSop(
        id="", title="SOP Pencatatan Manual Kunjungan Pasien Puskesmas Tahun 2016",
        decision="cabut", reason="Kunjungan pasien sudah dicatat di aplikasi SIMPUS sejak 2018"))
    app = make_app(store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_kebutuhan(pilot, "tab-lama")
        existing = table(app, "#existing-table")
        await wait_until(pilot, lambda: existing.row_count == 1)
        await settle(pilot)
        shown = screen_text(app)
        header = next(x for x in shown.splitlines() if "SOP yang ada" in x)
        assert "Keputusan" in header and "Alasan" in header and "Tabel 6" in header
        [line] = [x for x in shown.splitlines() if "SOP Pencatatan" in x]
        assert "Cabut" in line and "Kunjungan" in line and line.count("…") == 2


async def test_no_units_yet(tmp_path: Path, make_app: Callable[..., WorkshopApp]) -> None:
    store = workshop(tmp_path, [])
    app = make_app(store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_kebutuhan(pilot)
        assert "Belum ada unit. Tambahkan unit di tahap Persiapan." in screen_text(app)
        app.screen.query_one("#needs-table", DataTable).focus()
        await pilot.press("t")
        await settle(pilot)
        assert "Tambahkan unit lebih dulu." in notes(app)
