"""Penerapan and monev: status transitions, due dates, evaluation decisions, Tabel 7 export."""

from __future__ import annotations

from datetime import date

import pytest
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from workshop.export.markdown import evaluation_markdown, monitoring_markdown
from workshop.model import (
    Approval,
    Dates,
    Evaluation,
    ImplementationRecord,
    MonitoringRow,
    Sop,
    SopRecord,
    Step,
    Unit,
)
from workshop.pedoman import load_pedoman
from workshop.stages.monev.monev import (
    MonevError,
    add_monitoring,
    add_months,
    current_period,
    due_items,
    evaluate,
    implementation_plan,
    next_evaluation,
    next_monitoring,
    overdue_items,
    period_end,
    record_implementation,
    share_text,
)

UNIT = Unit(slug="dinkes", name="Dinas Kesehatan")
QUESTIONS = [q.text for q in load_pedoman().evaluation_questions]


def approved(id: str = "sop-001", title: str = "Pengelolaan Surat Masuk",
             effective: str | None = "2018-07-10") -> SopRecord:
    sop = Sop(title=title, number="800/SOP.01/Dinkes/2018",
              dates=Dates(created="2018-07-01", effective=effective),
              approval=Approval("Kepala Dinas", "dr. Ani", ""),
              actors=["Petugas"],
              steps=[Step("Menerima surat", "Petugas", "start", ["Surat"], "5 menit", "Surat"),
                     Step("Mengarsipkan surat", "Petugas", "end", ["Surat"], "5 menit", "Arsip")])
    return SopRecord(id=id, sop=sop, status="disahkan")


def implemented(id: str = "sop-001", title: str = "Pengelolaan Surat Masuk") -> SopRecord:
    record = approved(id, title)
    record_implementation(record, ImplementationRecord("2018-08-01", "sosialisasi"))
    return record


# -- dates ---------------------------------------------------------------------------------------


def test_add_months_keeps_the_day_or_takes_the_last_of_the_month() -> None:
    assert add_months(date(2018, 7, 10), 6) == date(2019, 1, 10)
    assert add_months(date(2018, 8, 31), 6) == date(2019, 2, 28)
    assert add_months(date(2019, 12, 31), 12) == date(2020, 12, 31)


def test_periods() -> None:
    assert current_period(date(2018, 6, 30)) == "2018-S1"
    assert current_period(date(2018, 7, 1)) == "2018-S2"
    assert period_end("2018-S2") == date(2018, 12, 31)
    assert period_end("2018-S3") is None


def test_due_dates_follow_the_effective_date_then_the_last_monitoring() -> None:
    record = approved()
    assert next_monitoring(record) == date(2019, 1, 10)
    assert next_evaluation(record) == date(2019, 7, 10)
    record.monitoring.append(MonitoringRow("2018-S2", "Berjalan dengan baik", date="2018-12-20"))
    assert next_monitoring(record) == date(2019, 6, 20)
    record.monitoring.append(MonitoringRow("2019-S1", "Berjalan dengan baik"))  # no date
    assert next_monitoring(record) == date(2019, 12, 30)  # end of semester + 6 months
    record.evaluations.append(Evaluation("2019-05-02", [True] * 7, decision="tetap"))
    assert next_evaluation(record) == date(2020, 5, 2)


def test_only_sops_in_force_have_due_dates() -> None:
    draft = approved(effective=None)
    assert next_monitoring(draft) is None
    retired = approved()
    retired.status = "dicabut"
    assert next_evaluation(retired) is None


def test_due_and_overdue_lists() -> None:
    early = approved("sop-001", "Surat Masuk", "2018-01-15")
    late = approved("sop-002", "Cuti Pegawai", "2018-07-10")
    items = due_items([(UNIT, [late, early])], date(2018, 8, 1))
    assert [d.describe() for d in items] == [
        "Monitoring Surat Masuk (Dinas Kesehatan): 2018-07-15 (terlambat 17 hari)",
        "Monitoring Cuti Pegawai (Dinas Kesehatan): 2019-01-10 (162 hari lagi)",
        "Evaluasi Surat Masuk (Dinas Kesehatan): 2019-01-15 (167 hari lagi)",
        "Evaluasi Cuti Pegawai (Dinas Kesehatan): 2019-07-10 (343 hari lagi)",
    ]
    overdue = overdue_items([(UNIT, [late, early])], date(2019, 1, 15))
    assert [(d.sop_id, d.kind, d.when()) for d in overdue] == [
        ("sop-001", "monitoring", "2018-07-15 (terlambat 184 hari)"),
        ("sop-002", "monitoring", "2019-01-10 (terlambat 5 hari)"),
    ]


# -- penerapan ----------------------------------------------------------------------------------


def test_a_sosialisasi_makes_the_sop_diterapkan() -> None:
    record = approved()
    record_implementation(record, ImplementationRecord("2018-08-01", "sosialisasi",
                                                       " Petugas TU ", "Rapat", 25))
    assert record.status == "diterapkan"
    assert record.implementation == [ImplementationRecord("2018-08-01", "sosialisasi",
                                                          "Petugas TU", "Rapat", 25)]


def test_a_draft_cannot_be_implemented() -> None:
    record = approved()
    record.status = "draf"
    with pytest.raises(MonevError, match="belum disahkan"):
        record_implementation(record, ImplementationRecord("2018-08-01", "sosialisasi"))


def test_implementation_needs_a_known_kind_and_a_date() -> None:
    with pytest.raises(MonevError, match="Jenis penerapan 'rapat' tidak dikenal"):
        record_implementation(approved(), ImplementationRecord("2018-08-01", "rapat"))
    with pytest.raises(MonevError, match="Tanggal penerapan '1 Agustus' tidak sah"):
        record_implementation(approved(), ImplementationRecord("1 Agustus", "sosialisasi"))


def test_plan_lists_what_is_still_to_be_done() -> None:
    one, two, draft = approved("a", "A"), approved("b", "B"), approved("c", "C")
    draft.status = "draf"
    for kind in ("sosialisasi", "pelatihan", "distribusi"):
        record_implementation(two, ImplementationRecord("2018-08-01", kind))
    record_implementation(one, ImplementationRecord("2018-08-01", "pelatihan"))
    plan = implementation_plan([one, two, draft])
    assert [(r.id, missing) for r, missing in plan] == [("a", ["sosialisasi", "distribusi"])]


# -- monitoring ---------------------------------------------------------------------------------


def test_monitoring_not_running_well_marks_perlu_revisi() -> None:
    record = approved()
    record_implementation(record, ImplementationRecord("2018-08-01", "sosialisasi"))
    add_monitoring(record, MonitoringRow("2018-S2", "Tidak berjalan dengan baik", "Lambat",
                                         "Sederhanakan verifikasi", "RS",
                                         ["observasi_supervisor"], "2018-12-20"))
    assert record.status == "perlu revisi"
    # the same period again replaces the row
    add_monitoring(record, MonitoringRow("2018-S2", "Berjalan dengan baik", date="2018-12-21"))
    assert [m.assessment for m in record.monitoring] == ["Berjalan dengan baik"]


def test_monitoring_is_checked() -> None:
    record = implemented()
    with pytest.raises(MonevError, match="Periode '2018' tidak sah"):
        add_monitoring(record, MonitoringRow("2018", "Berjalan dengan baik"))
    with pytest.raises(MonevError, match="Metode monitoring 'survei' tidak dikenal"):
        add_monitoring(record, MonitoringRow("2018-S2", "Berjalan dengan baik",
                                             methods=["survei"]))
    with pytest.raises(MonevError, match="Tuliskan tindakan"):
        add_monitoring(record, MonitoringRow("2018-S2", "Tidak berjalan dengan baik"))
    with pytest.raises(MonevError, match="Pilih penilaian"):
        add_monitoring(record, MonitoringRow("2018-S2", "Baik"))
    with pytest.raises(MonevError, match="belum diterapkan; belum dapat dimonitor"):
        add_monitoring(approved(), MonitoringRow("2018-S2", "Berjalan dengan baik"))
    record.status = "draf"
    with pytest.raises(MonevError, match="belum dapat dimonitor"):
        add_monitoring(record, MonitoringRow("2018-S2", "Berjalan dengan baik"))


# -- evaluation ---------------------------------------------------------------------------------


def two_no() -> list[bool]:
    return [True, False, True, True, False, True, True]


def test_revisi_opens_version_2_draft_with_the_findings_as_comments() -> None:
    record = approved()
    record_implementation(record, ImplementationRecord("2018-08-01", "sosialisasi"))
    add_monitoring(record, MonitoringRow("2018-S2", "Tidak berjalan dengan baik", "Lambat",
                                         "Sederhanakan", "RS", date="2018-12-20"))
    notes = ["", "Istilah sulit", "", "", "", "", ""]
    evaluate(record, Evaluation("2019-07-10", two_no(), notes, "revisi", "Terlalu panjang"),
             author="Tim Evaluasi", at="2019-07-10T10:00:00")
    assert record.version == 2
    assert record.status == "draf"
    assert record.versions[0].version == 1 and record.versions[0].status == "perlu revisi"
    assert record.sop.dates.revised == "2019-07-10"
    assert record.sop.dates.effective is None
    assert record.change_summary == ("Revisi hasil evaluasi 2019-07-10 (5 dari 7 Ya (71%)): "
                                     "Terlalu panjang")
    assert [(c.id, c.author, c.text) for c in record.reviews] == [
        ("k-001", "Tim Evaluasi",
         "Evaluasi 2019-07-10: Apakah SOP mudah dipahami? Tidak. Istilah sulit"),
        ("k-002", "Tim Evaluasi", "Evaluasi 2019-07-10: Apakah SOP mampu mengatasi "
         "permasalahan yang berkaitan dengan proses? Tidak."),
        ("k-003", "Tim Evaluasi",
         "Monitoring 2018-S2: tidak berjalan dengan baik. Lambat Tindakan: Sederhanakan"),
        ("k-004", "Tim Evaluasi", "Alasan revisi: Terlalu panjang"),
    ]
    assert all(not c.resolved for c in record.reviews)
    assert share_text(record.evaluations[0]) == "5 dari 7 Ya (71%)"


def test_cabut_retires_with_the_reason_and_needs_one() -> None:
    record = implemented()
    with pytest.raises(MonevError, match="alasan pencabutan"):
        evaluate(record, Evaluation("2019-07-10", [False] * 7, decision="cabut"),
                 author="x", at="t")
    evaluate(record, Evaluation("2019-07-10", [False] * 7, decision="cabut",
                                reason="Diganti SOP Persuratan Elektronik"), author="x", at="t")
    assert record.status == "dicabut"
    assert record.retired_reason == "Diganti SOP Persuratan Elektronik"
    assert next_monitoring(record) is None


def test_tetap_puts_the_sop_back_in_force() -> None:
    record = approved()
    record.status = "perlu revisi"
    evaluate(record, Evaluation("2019-07-10", [True] * 7, decision="tetap"), author="x", at="t")
    assert record.status == "diterapkan"
    assert record.evaluations[0].notes == [""] * 7


def test_evaluation_needs_seven_answers_and_a_decision() -> None:
    with pytest.raises(MonevError, match=r"Jawab ketujuh pertanyaan evaluasi \(6 dari 7"):
        evaluate(implemented(), Evaluation("2019-07-10", [True] * 6, decision="tetap"),
                 author="x", at="t")
    with pytest.raises(MonevError, match="Pilih tindak lanjut"):
        evaluate(implemented(), Evaluation("2019-07-10", [True] * 7), author="x", at="t")
    with pytest.raises(MonevError, match="belum diterapkan; belum dapat dievaluasi"):
        evaluate(approved(), Evaluation("2019-07-10", [True] * 7, decision="tetap"),
                 author="x", at="t")


# -- exports parsed back ------------------------------------------------------------------------


def tables(markdown: str) -> list[list[list[str]]]:
    tree = SyntaxTreeNode(MarkdownIt("commonmark", {"html": False}).enable("table")
                          .parse(markdown))
    out: list[list[list[str]]] = []

    def text(node: SyntaxTreeNode) -> str:
        if node.type == "text":
            return node.content
        return "".join(text(c) for c in node.children)

    def walk(node: SyntaxTreeNode) -> None:
        if node.type == "table":
            out.append([[text(cell) for cell in row.children]
                        for section in node.children for row in section.children])
            return
        for child in node.children:
            walk(child)

    walk(tree)
    return out


def test_tabel_7_parses_back_with_six_columns() -> None:
    good = approved("a", "Surat Masuk")
    bad = approved("b", "Cuti | Pegawai")
    for r in (good, bad):
        record_implementation(r, ImplementationRecord("2018-08-01", "sosialisasi"))
    add_monitoring(good, MonitoringRow("2018-S2", "Berjalan dengan baik", "Lancar", "", "AB",
                                       ["observasi_supervisor"]))
    add_monitoring(bad, MonitoringRow("2018-S2", "Tidak berjalan dengan baik",
                                      "Terlambat [2] hari", "Reviu *ulang*", "CD"))
    [table] = tables(monitoring_markdown(UNIT, [good, bad], "2018-S2"))
    assert table[0] == ["No", "Prosedur", "Penilaian Terhadap Penerapan",
                        "Catatan Hasil Penilaian", "Tindakan yang Harus Diambil", "Paraf Penilai"]
    assert all(len(row) == 6 for row in table)
    assert table[1:] == [
        ["1", "Surat Masuk", "Berjalan dengan baik", "Lancar", "", "AB"],
        ["2", "Cuti | Pegawai", "Tidak berjalan dengan baik", "Terlambat [2] hari",
         "Reviu *ulang*", "CD"],
    ]


def test_evaluation_export_shows_the_answers_and_the_share() -> None:
    record = implemented()
    evaluate(record, Evaluation("2019-07-10", two_no(), decision="tetap"), author="x", at="t")
    summary, questions = tables(evaluation_markdown(UNIT, [record], QUESTIONS))
    assert summary[1] == ["1", "Pengelolaan Surat Masuk", "2019-07-10", "5 dari 7", "71%",
                          "tetap"]
    assert len(questions) == 8
    assert questions[2][:4] == ["2", "Apakah SOP mudah dipahami?", "", "✓"]


@pytest.mark.parametrize("module", ["workshop.stages.monev.monev",
                                    "workshop.stages.pengembangan.handoff"])
def test_core_modules_do_not_import_textual(module: str) -> None:
    import subprocess
    import sys
    from pathlib import Path

    code = (f"import importlib, sys\nimportlib.import_module({module!r})\n"
            "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'textual')))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[3],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
