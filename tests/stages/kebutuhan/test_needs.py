"""Needs assessment core (workshop.stages.kebutuhan.needs): plain unit tests, no Textual."""

from __future__ import annotations

import subprocess
import sys

import pytest
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from workshop.export.markdown import needs_markdown
from workshop.model import (
    Approval,
    ExistingSop,
    Member,
    NeedRow,
    Sop,
    SopRecord,
    Unit,
    Vote,
)
from workshop.pedoman import load_pedoman
from workshop.resources import sop_templates_dir
from workshop.sopfile import load_sop
from workshop.stages.kebutuhan import needs


def row(id: str, output: str = "", aspek: str = "", title: str = "", activity: str = "rutin",
        **kw: object) -> NeedRow:
    return NeedRow(id=id, output=output, aspek=aspek, title=title, activity=activity,
                   **kw)  # type: ignore[arg-type]


# -- titles -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("aspek", "output", "title"),
    [
        ("penyusunan", "Renstra", "Penyusunan Renstra"),
        ("penyusunan", "renstra", "Penyusunan Renstra"),
        ("pelaporan", "LKjIP tahunan", "Pelaporan LKjIP Tahunan"),
        ("distribusi", "laporan keuangan dan aset", "Distribusi Laporan Keuangan dan Aset"),
        ("  publikasi ", "  informasi   publik ", "Publikasi Informasi Publik"),
        ("pengelolaan", "pengelolaan surat masuk", "Pengelolaan Surat Masuk"),
        ("", "Surat keluar", "Surat Keluar"),
        ("penyusunan", "", ""),
    ],
)
def test_title_is_aspek_plus_output(aspek: str, output: str, title: str) -> None:
    assert needs.suggest_title(aspek, output) == title


def test_suggested_title_only_when_empty() -> None:
    assert needs.with_suggested_title(row("a", "Renja", "penyusunan")).title == "Penyusunan Renja"
    kept = needs.with_suggested_title(row("a", "Renja", "penyusunan", title="Renja Dinas"))
    assert kept.title == "Renja Dinas"


def test_aspects_come_from_the_guideline() -> None:
    aspek = load_pedoman().aspek
    for word in needs.DEFAULT_ASPECTS:
        assert word in aspek


def test_outline_cells_blank_repeated_levels() -> None:
    rows = [
        row("1", "Renstra", tugas="Perencanaan", fungsi="Rencana", kegiatan="Rapat"),
        row("2", "Renja", tugas="Perencanaan", fungsi="Rencana", kegiatan="Rapat"),
        row("3", "LKjIP", tugas="Perencanaan", fungsi="Pelaporan", kegiatan="Rapat"),
        row("4", "SPJ", tugas="Keuangan", fungsi="Pelaporan", kegiatan="Rapat"),
    ]
    assert needs.outline_cells(rows) == [
        ("Perencanaan", "Rencana", "", "Rapat"),
        ("", "", "", ""),
        ("", "Pelaporan", "", "Rapat"),
        ("Keuangan", "Pelaporan", "", "Rapat"),
    ]


# -- coverage ---------------------------------------------------------------------------------


def test_outputs_without_title_are_listed() -> None:
    rows = [
        row("1", "Renstra", "penyusunan", "Penyusunan Renstra"),
        row("2", "Laporan kinerja", "pelaporan"),
        row("3", "", "", ""),
    ]
    cov = needs.coverage(rows)
    assert [r.id for r in cov.untitled] == ["2"]
    assert cov.titled == 1 and cov.outputs == 2
    assert "1 output belum punya judul SOP: “Laporan kinerja”" in cov.warnings[0]
    assert not cov.complete


def test_service_only_unit_gets_the_output_based_warning() -> None:
    rows = [
        row("1", "Izin usaha", "penerbitan", "Penerbitan Izin Usaha", "pelayanan"),
        row("2", "Renja", "penyusunan", "", "rutin"),
    ]
    cov = needs.coverage(rows)
    assert cov.service_only
    text = " ".join(cov.warnings)
    assert "SOP disusun berbasis output, bukan hanya layanan langsung kepada masyarakat" in text
    assert "“Renja”" in text


def test_balanced_unit_has_no_warning() -> None:
    rows = [
        row("1", "Izin usaha", "penerbitan", "Penerbitan Izin Usaha", "pelayanan"),
        row("2", "Renja", "penyusunan", "Penyusunan Renja", "rutin"),
    ]
    cov = needs.coverage(rows)
    assert cov.complete and cov.warnings == () and not cov.service_only


def test_only_services_without_other_outputs_is_fine() -> None:
    rows = [row("1", "Izin usaha", "penerbitan", "Penerbitan Izin Usaha", "pelayanan")]
    assert needs.coverage(rows).warnings == ()


# -- pasting ----------------------------------------------------------------------------------


def test_paste_pipe_lines_one_row_each() -> None:
    text = (
        "Perencanaan | Penyusunan program | Menyusun renstra | Rapat penyusunan | Renstra "
        "| penyusunan\n"
        "\n"
        "Umum | Persuratan | Mengelola surat | Agenda surat | surat masuk | pengelolaan | "
        "| pelayanan\n"
    )
    rows = needs.parse_pasted_rows(text)
    assert len(rows) == 2
    assert (rows[0].tugas, rows[0].fungsi, rows[0].uraian_tugas, rows[0].kegiatan) == (
        "Perencanaan", "Penyusunan program", "Menyusun renstra", "Rapat penyusunan")
    assert rows[0].output == "Renstra" and rows[0].aspek == "penyusunan"
    assert rows[0].title == "Penyusunan Renstra" and rows[0].activity == "rutin"
    assert rows[1].title == "Pengelolaan Surat Masuk" and rows[1].activity == "pelayanan"


def test_paste_tabs_from_a_spreadsheet() -> None:
    rows = needs.parse_pasted_rows("A\tB\tC\tD\tLaporan kinerja\tPelaporan\tJudul sendiri")
    assert rows[0].aspek == "pelaporan"
    assert rows[0].title == "Judul sendiri"


def test_paste_markdown_tabel6_back() -> None:
    unit = Unit(slug="dinas", name="Dinas")
    original = [row("k-1", "Renstra", "penyusunan", "Penyusunan Renstra", tugas="T", fungsi="F")]
    text = needs_markdown(unit, original)
    table_lines = [ln for ln in text.splitlines() if ln.startswith("|")]
    rows = needs.parse_pasted_rows("\n".join(table_lines))
    assert len(rows) == 1
    assert (rows[0].tugas, rows[0].fungsi, rows[0].output, rows[0].title) == (
        "T", "F", "Renstra", "Penyusunan Renstra")


def test_paste_indented_outline() -> None:
    text = (
        "Perencanaan\n"
        "  Penyusunan dokumen perencanaan\n"
        "    - Renstra | penyusunan\n"
        "    - Renja | penyusunan\n"
        "  Pelaporan\n"
        "    - LKjIP | pelaporan\n"
        "Keuangan\n"
        "\tPenatausahaan\n"
        "\t\tSPJ\n"
    )
    rows = needs.parse_pasted_rows(text)
    assert [(r.tugas, r.fungsi, r.output, r.title) for r in rows] == [
        ("Perencanaan", "Penyusunan dokumen perencanaan", "Renstra", "Penyusunan Renstra"),
        ("Perencanaan", "Penyusunan dokumen perencanaan", "Renja", "Penyusunan Renja"),
        ("Perencanaan", "Pelaporan", "LKjIP", "Pelaporan LKjIP"),
        ("Keuangan", "Penatausahaan", "SPJ", "SPJ"),
    ]


def test_paste_two_columns_are_output_and_aspek() -> None:
    rows = needs.parse_pasted_rows("Renstra | penyusunan\nSurat masuk | Pengelolaan\n",
                                   load_pedoman().aspek)
    assert [(r.tugas, r.output, r.aspek, r.title) for r in rows] == [
        ("", "Renstra", "penyusunan", "Penyusunan Renstra"),
        ("", "Surat masuk", "pengelolaan", "Pengelolaan Surat Masuk"),
    ]


def test_paste_plain_lines_are_outputs() -> None:
    rows = needs.parse_pasted_rows("Surat masuk\nSurat keluar\n")
    assert [r.output for r in rows] == ["Surat masuk", "Surat keluar"]
    assert needs.parse_pasted_rows("  \n\n") == []


def test_paste_keeps_markup_like_text_as_data() -> None:
    rows = needs.parse_pasted_rows("[b]Tugas[/b] | F | U | K | Laporan [/x] | pelaporan")
    assert rows[0].tugas == "[b]Tugas[/b]"
    assert rows[0].title == "Pelaporan Laporan [/x]"


# -- existing SOPs ----------------------------------------------------------------------------


@pytest.mark.parametrize("decision", ["revisi", "ganti"])
def test_revise_or_replace_becomes_a_needs_row(decision: str) -> None:
    ex = ExistingSop(id="ada-001", title="SOP Pelayanan Izin", decision=decision, reason="lama")
    new = needs.need_from_existing(ex)
    assert new is not None
    assert new.title == "SOP Pelayanan Izin" and new.source == "existing:ada-001"
    assert needs.need_from_existing(ex, [new]) is None  # not twice


@pytest.mark.parametrize("decision", ["tetap", "cabut", ""])
def test_keep_or_retire_adds_nothing(decision: str) -> None:
    assert needs.need_from_existing(ExistingSop(id="x", title="T", decision=decision)) is None


# -- overlaps ---------------------------------------------------------------------------------


def test_surat_masuk_variants_group_across_three_units() -> None:
    units = {
        "dinkes": [row("k-001", title="Pengelolaan Surat Masuk"),
                   row("k-002", title="Pengelolaan Surat Keluar")],
        "dpu": [row("k-001", title="Penatausahaan surat masuk"),
                row("k-002", title="Penyusunan Renstra")],
        "camat": [row("k-001", title="SOP Surat Masuk"), row("k-002", title="Surat Keluar")],
    }
    groups = needs.find_overlaps(units)
    masuk = [g for g in groups if any("asuk" in i.title for i in g.items)]
    assert len(masuk) == 1
    g = masuk[0]
    assert sorted(g.units) == ["camat", "dinkes", "dpu"]
    assert {i.title for i in g.items} == {
        "Pengelolaan Surat Masuk", "Penatausahaan surat masuk", "SOP Surat Masuk"}
    assert needs.percent(g.score) == "80%"
    for group in groups:  # Surat Masuk is never grouped with Surat Keluar
        kinds = {("masuk" in i.title.lower()) for i in group.items}
        assert len(kinds) == 1
    keluar = [g for g in groups if any("eluar" in i.title for i in g.items)]
    assert len(keluar) == 1 and sorted(keluar[0].units) == ["camat", "dinkes"]


def test_surat_masuk_is_not_surat_keluar() -> None:
    assert needs.similarity("Surat Masuk", "Surat Keluar") < needs.DEFAULT_OVERLAP_THRESHOLD
    assert needs.similarity("Pengelolaan Surat Masuk", "Pengelolaan Surat Keluar") < 0.6
    assert needs.similarity("Penyusunan Renstra", "Penyusunan Renja") < 0.6
    assert needs.similarity("Pengelolaan Surat Masuk", "SOP surat-masuk!") == pytest.approx(0.8)
    assert needs.similarity("", "Surat") == 0.0


def test_overlaps_only_across_units_and_threshold_configurable() -> None:
    units = {
        "a": [row("1", title="Pengelolaan Surat Masuk"), row("2", title="SOP Surat Masuk")],
        "b": [row("1", title="Surat Masuk dan Disposisi")],
    }
    assert needs.find_overlaps({"a": units["a"]}) == []  # same unit: no group
    assert needs.find_overlaps(units, threshold=0.9) == []
    loose = needs.find_overlaps(units, threshold=0.5)
    assert len(loose) == 1 and sorted(loose[0].units) == ["a", "b"]


def test_outputs_count_for_overlap_too() -> None:
    units = {
        "a": [row("1", output="Dokumen Renja", title="Penyusunan Rencana Kerja")],
        "b": [row("1", output="dokumen renja", title="Renja Tahunan Dinas")],
    }
    groups = needs.find_overlaps(units)
    assert len(groups) == 1 and needs.percent(groups[0].score) == "100%"


def test_group_title_is_the_most_common() -> None:
    units = {
        "a": [row("1", title="Pengelolaan Surat Masuk")],
        "b": [row("1", title="Pengelolaan surat masuk")],
        "c": [row("1", title="SOP Surat Masuk")],
    }
    assert needs.find_overlaps(units)[0].title == "Pengelolaan Surat Masuk"


# -- adoption ---------------------------------------------------------------------------------


def test_position_mapping_defaults_and_overrides() -> None:
    template = load_sop(sop_templates_dir() / "surat-masuk.yaml")
    unit = Unit(slug="dinkes", name="Dinas Kesehatan", head_position="Kepala Dinas")
    mapping = needs.position_map(template, unit, {"Kasubbag Umum dan Kepegawaian":
                                                  "Kasubbag Umum"})
    assert mapping["Kepala OPD"] == "Kepala Dinas"
    assert mapping["Kasubbag Umum dan Kepegawaian"] == "Kasubbag Umum"
    assert mapping["Sekretaris"] == "Sekretaris"
    no_head = needs.position_map(template, Unit(slug="x", name="X"))
    assert no_head["Kepala OPD"] == "Kepala OPD"


def test_unit_position_map_own_values_over_defaults() -> None:
    template = load_sop(sop_templates_dir() / "surat-masuk.yaml")
    unit = Unit(slug="bkd", name="Badan Kepegawaian Daerah", head_position="Kepala Badan")
    defaults = {"Kasubbag Umum dan Kepegawaian": "Kasubbag Umum", "Sekretaris": "Sekretaris Dinas"}
    mapping = needs.unit_position_map(
        template, unit, defaults,
        {"Sekretaris": "  Sekretaris   Badan ", "Kepala Bidang": "   ", "Tidak Ada": "X"})
    assert mapping["Sekretaris"] == "Sekretaris Badan"  # own value, whitespace tidied
    assert mapping["Kasubbag Umum dan Kepegawaian"] == "Kasubbag Umum"  # from the defaults
    assert mapping["Kepala OPD"] == "Kepala Badan"  # the unit's head position
    assert mapping["Kepala Bidang"] == "Kepala Bidang"  # own value empty: the generic name
    assert "Tidak Ada" not in mapping
    assert needs.unit_position_map(template, unit) == needs.position_map(template, unit)


def test_known_positions_head_team_then_sop_actors() -> None:
    unit = Unit(slug="camat", name="Kecamatan Garung", head_position="Camat")
    members = [Member(id="1", unit="camat", name="Ani", position="Sekretaris Kecamatan"),
               Member(id="2", unit="camat", name="Budi", position=""),
               Member(id="3", unit="camat", name="Cici", position="camat")]
    kept = SopRecord(id="a", sop=Sop(actors=["Kasi Trantib", "Sekretaris Kecamatan"],
                                     approval=Approval(position="Camat")))
    retired = SopRecord(id="b", status="dicabut", sop=Sop(actors=["Kasi Lama"]))
    assert needs.known_positions(unit, members, [kept, retired]) == [
        "Camat", "Sekretaris Kecamatan", "Kasi Trantib"]
    assert needs.known_positions(Unit(slug="x", name="X")) == []


def test_adopt_renames_actors_steps_and_approver() -> None:
    template = load_sop(sop_templates_dir() / "surat-masuk.yaml")
    unit = Unit(slug="camat", name="Kecamatan Garung", head_position="Camat")
    mapping = needs.position_map(template, unit, {"Kasubbag Umum dan Kepegawaian":
                                                  "Kasubbag Umum", "Kepala Bidang": "Kasi"})
    sop = needs.adopt(template, unit, mapping)
    assert sop.unit == "Kecamatan Garung"
    assert "Camat" in sop.actors and "Kepala OPD" not in sop.actors
    assert "Kasubbag Umum" in sop.actors and "Kasi" in sop.actors
    assert {s.actor for s in sop.steps} <= set(sop.actors)
    assert sop.approval.position == "Camat"
    assert sop.category == "" and sop.number == ""
    assert sop.classification.generality == "generik"
    assert template.actors[3] == "Kepala OPD"  # the template itself is untouched


def test_adopt_merges_positions_mapped_to_one_name() -> None:
    template = load_sop(sop_templates_dir() / "surat-masuk.yaml")
    unit = Unit(slug="u", name="U")
    sop = needs.adopt(template, unit, {"Sekretaris": "Kepala OPD"})
    assert sop.actors.count("Kepala OPD") == 1


def test_adoption_counts_units_per_general_sop() -> None:
    template = load_sop(sop_templates_dir() / "surat-masuk.yaml")
    rec = SopRecord(id="sop-001", sop=template, template="surat-masuk")
    dup = SopRecord(id="sop-002", sop=template, template="surat-masuk")
    gone = SopRecord(id="sop-003", sop=template, template="cuti-pegawai", status="dicabut")
    own = SopRecord(id="sop-004", sop=template)
    counts = needs.adoption_counts({"a": [rec, dup], "b": [rec, own], "c": [gone]})
    assert counts == {"surat-masuk": 2}
    assert needs.adopted_units({"a": [rec], "b": [own]}, "surat-masuk") == ["a"]


def test_general_sop_from_a_group() -> None:
    templates = {"surat-masuk": load_sop(sop_templates_dir() / "surat-masuk.yaml"),
                 "surat-keluar": load_sop(sop_templates_dir() / "surat-keluar.yaml")}
    found = needs.best_template("SOP Surat Masuk", templates)
    assert found is not None and found[0] == "surat-masuk"
    assert needs.best_template("Penyusunan Renstra", templates) is None
    base = templates["surat-masuk"]
    g = needs.general_sop("Penatausahaan Surat Masuk", base)
    assert g.title == "Penatausahaan Surat Masuk" and g.steps == base.steps
    empty = needs.general_sop("Pengelolaan Kendaraan Dinas")
    assert empty.steps == [] and empty.classification.generality == "generik"
    assert needs.general_id("Pengelolaan Kendaraan Dinas!") == "umum:pengelolaan-kendaraan-dinas"
    rec = SopRecord(id="s", sop=empty, template="umum:pengelolaan-kendaraan-dinas")
    assert list(needs.general_sops_in_use({"a": [rec]})) == ["umum:pengelolaan-kendaraan-dinas"]


def test_draft_from_need_carries_title_unit_and_activity() -> None:
    unit = Unit(slug="d", name="Dinas Kesehatan")
    sop = needs.draft_from_need(row("k", "Renja", "penyusunan", activity="penugasan"), unit)
    assert (sop.title, sop.unit, sop.classification.activity) == (
        "Penyusunan Renja", "Dinas Kesehatan", "penugasan")


# -- voting and ranking -----------------------------------------------------------------------


def test_vote_budget() -> None:
    votes = [Vote("u", "m-1", "k-1", 2)]
    assert needs.next_vote(votes, "u", "m-1", "k-2", +1).count == 1
    votes.append(Vote("u", "m-1", "k-2", 1))
    with pytest.raises(needs.VoteRefused, match="Jatah suara sudah habis \\(3 suara"):
        needs.next_vote(votes, "u", "m-1", "k-3", +1)
    assert needs.next_vote(votes, "u", "m-1", "k-1", -1).count == 1
    assert needs.next_vote(votes, "u", "m-2", "k-1", +1, budget=1).count == 1
    with pytest.raises(needs.VoteRefused, match="Belum ada suara"):
        needs.next_vote(votes, "u", "m-1", "k-9", -1)
    assert needs.votes_used(votes, "u", "m-1") == 3
    assert needs.votes_used(votes, "other", "m-1") == 0


def test_ranking_by_votes_then_score_then_order() -> None:
    rows = [
        row("k-1", title="Penyusunan Renstra"),
        row("k-2", title="Pengelolaan Surat Masuk", urgency=3, frequency=3, risk=1),
        row("k-3", title="Pelaporan LKjIP"),
        row("k-4", output="Tanpa judul"),
        row("k-5", title="Penyusunan Renja"),
    ]
    votes = [Vote("u", "m-1", "k-3", 2), Vote("u", "m-2", "k-3", 1), Vote("u", "m-2", "k-1", 1),
             Vote("other", "m-9", "k-5", 3)]
    ranked = needs.rank_needs(rows, votes, "u")
    assert [(r.rank, r.row.id, r.votes, r.score) for r in ranked] == [
        (1, "k-3", 3, 0), (2, "k-1", 1, 0), (3, "k-2", 0, 7), (4, "k-5", 0, 0)]
    assert needs.ranked_rows(rows, [], "u")[0].id == "k-2"


def test_inventory_per_unit_and_all_units() -> None:
    a = Unit(slug="a", name="A")
    b = Unit(slug="b", name="B")
    rows_a = [row("k-001", title="Satu"), row("k-002", title="Dua")]
    rows_b = [row("k-001", title="Tiga")]
    votes = [Vote("a", "m-1", "k-002", 1)]
    inv = needs.inventory([(a, rows_a), (b, rows_b)], votes)
    assert [r.row.title for r in inv.for_unit("a")] == ["Dua", "Satu"]
    assert [(i.unit.slug, i.ranked.row.title, i.ranked.votes) for i in inv.items] == [
        ("a", "Dua", 1), ("a", "Satu", 0), ("b", "Tiga", 0)]
    rows, vs = needs.votes_for_export([(a, rows_a), (b, rows_b)], votes)
    assert [r.id for _, rs in rows for r in rs] == ["a/k-001", "a/k-002", "b/k-001"]
    assert vs[0].need == "a/k-002"


# -- Tabel 6 Markdown -------------------------------------------------------------------------


def test_tabel6_markdown_parsed_back_has_eight_columns_and_one_row_per_title() -> None:
    unit = Unit(slug="d", name="Dinas | Kesehatan")
    pasted = needs.parse_pasted_rows(
        "Perencanaan\n  Penyusunan rencana\n    - Renstra | penyusunan\n"
        "    - Renja | penyusunan\n  Pelaporan\n    - LKjIP [final] | pelaporan\n"
    )
    rows = [NeedRow(**{**r.__dict__, "id": f"k-{i}"}) for i, r in enumerate(pasted)]
    text = needs_markdown(unit, rows)
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    tree = SyntaxTreeNode(md.parse(text))
    tables = [n for n in tree.walk() if n.type == "table"]
    assert len(tables) == 1
    head = [n for n in tables[0].walk() if n.type == "th"]
    header = [n.children[0].children[0].content if n.children else "" for n in head]
    assert header == ["No", "Tugas", "Fungsi", "Uraian Tugas", "Kegiatan", "Output",
                      "Aspek Kegiatan", "Judul SOP"]
    body = [n for n in tables[0].walk() if n.type == "tr"][1:]
    assert len(body) == 3
    for tr in body:
        assert len([c for c in tr.children if c.type == "td"]) == 8
    assert "Penyusunan Renstra" in text and "Pelaporan LKjIP" in text


def test_core_does_not_import_textual() -> None:
    code = "import sys, workshop.stages.kebutuhan.needs; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
