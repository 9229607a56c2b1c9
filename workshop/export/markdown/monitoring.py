"""Monitoring (Tabel 7) and the yearly evaluation of a unit's SOPs.

Pure functions: model values in, Markdown out (see :mod:`workshop.export.markdown`)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

from workshop.datetext import semester_label
from workshop.export import mdutil
from workshop.export.markdown.unitcommon import book_records
from workshop.export.mdutil import (
    EMPTY,
    cell,
    fixed_heading,
    inline,
    join_blocks,
    or_dash,
    table,
)
from workshop.model import (
    MONITORING_ASSESSMENTS,
    Evaluation,
    MonitoringRow,
    SopRecord,
    Unit,
)

MONITORING_HEADER = (
    "No",
    "Prosedur",
    "Penilaian Terhadap Penerapan",
    "Catatan Hasil Penilaian",
    "Tindakan yang Harus Diambil",
    "Paraf Penilai",
)

_PERIOD = re.compile(r"^(\d{4})-S([12])$")
# A blank row's assessment cell: both choices, one to be struck out by the assessor.
BOTH_ASSESSMENTS = " / ".join(MONITORING_ASSESSMENTS)


def period_label(period: str) -> str:
    """A stored period ("2018-S2") as people write it ("Semester II 2018"); else as written."""
    m = _PERIOD.match(period.strip())
    if m is None:
        return period
    return semester_label(date(int(m.group(1)), 1 if m.group(2) == "1" else 7, 1))


def latest_period(records: Sequence[SopRecord]) -> str | None:
    """The latest period any of ``records`` has a monitoring row for (ids sort by time)."""
    periods = [m.period for r in records for m in r.monitoring if _PERIOD.match(m.period)]
    return max(periods) if periods else None


def _pick_monitoring(record: SopRecord, period: str | None) -> MonitoringRow | None:
    rows = record.monitoring
    if period is not None:
        rows = [m for m in rows if m.period == period]
    return rows[-1] if rows else None


def monitoring_markdown(
    unit: Unit,
    records: Sequence[SopRecord],
    period: str | None = None,
    *,
    method_names: Mapping[str, str] | None = None,
    today: date | None = None,
) -> str:
    """Tabel 7, Monitoring Pelaksanaan SOP AP: one row per SOP (latest row of ``period``).

    Without ``period``: the latest period the unit's SOPs were monitored in, or the semester
    of ``today`` (the form for the current period) when none was. SOPs without a row for the
    period get the form to fill in: both assessments to choose from, empty cells.
    ``method_names`` maps stored method ids (``observasi_supervisor``) to their names.
    """
    names = method_names or {}
    sops = book_records(records)
    period = period or latest_period(sops)
    shown_period = (
        period_label(period) if period else semester_label(today or date.today())
    )
    body: list[list[str]] = []
    methods: list[str] = []
    for i, r in enumerate(sops, start=1):
        m = _pick_monitoring(r, period)
        if m is None:
            body.append([str(i), cell(r.sop.title, empty=EMPTY), BOTH_ASSESSMENTS, "", "", ""])
            continue
        for method in m.methods:
            if method not in methods:
                methods.append(method)
        body.append(
            [
                str(i),
                cell(r.sop.title, empty=EMPTY),
                cell(m.assessment),
                cell(m.notes),
                cell(m.action),
                cell(m.assessor),
            ]
        )
    blocks = [
        "# Monitoring Pelaksanaan SOP AP",
        f"Unit: {inline(unit.name) or EMPTY}  \nPeriode: {inline(shown_period)}",
        table(MONITORING_HEADER, body) if body else "Belum ada SOP.",
        "Penilaian Terhadap Penerapan: Berjalan dengan baik / Tidak berjalan dengan baik.",
    ]
    if methods:
        blocks.append(
            "Metode monitoring: " + ", ".join(inline(names.get(m, m)) for m in methods) + "."
        )
    return join_blocks(blocks)


def _yes_no(answers: Sequence[bool], index: int) -> tuple[str, str]:
    if index >= len(answers):
        return "", ""
    return ("✓", "") if answers[index] else ("", "✓")


def evaluation_markdown(
    unit: Unit,
    records: Sequence[SopRecord],
    questions: Sequence[str],
    *,
    decision_names: Mapping[str, str] | None = None,
) -> str:
    """Evaluasi Penerapan SOP AP: a summary table, then the questions per SOP (latest answers).

    ``decision_names`` maps stored decision ids (``revisi``) to their names (``Direvisi``).
    """
    decisions = decision_names or {}
    sops = book_records(records)
    latest: list[tuple[SopRecord, Evaluation | None]] = [
        (r, r.evaluations[-1] if r.evaluations else None) for r in sops
    ]
    summary: list[list[str]] = []
    for i, (r, ev) in enumerate(latest, start=1):
        if ev is None:
            summary.append([str(i), cell(r.sop.title, empty=EMPTY), EMPTY, EMPTY, EMPTY, EMPTY])
            continue
        yes = sum(1 for a in ev.answers if a)
        summary.append(
            [
                str(i),
                cell(r.sop.title, empty=EMPTY),
                or_dash(ev.date),
                f"{yes} dari {len(ev.answers)}",
                f"{round(ev.share_yes * 100)}%",
                or_dash(decisions.get(ev.decision, ev.decision)),
            ]
        )
    blocks = [
        "# Evaluasi Penerapan SOP AP",
        f"Unit: {inline(unit.name) or EMPTY}",
        "## Rekapitulasi",
        table(("No", "Nama SOP", "Tanggal", "Jawaban Ya", "Persentase Ya", "Keputusan"), summary)
        if summary
        else "Belum ada SOP.",
    ]
    for i, (r, ev) in enumerate(latest, start=1):
        blocks.append(fixed_heading(2, f"{i}. " + (inline(r.sop.title) or "SOP tanpa judul")))
        answers = ev.answers if ev else []
        notes = ev.notes if ev else []
        rows = []
        for q_index, question in enumerate(questions):
            ya, tidak = _yes_no(answers, q_index)
            note = notes[q_index] if q_index < len(notes) else ""
            rows.append([str(q_index + 1), cell(question), ya, tidak, cell(note)])
        blocks.append(table(("No", "Pertanyaan", "Ya", "Tidak", "Catatan"), rows))
        if ev is not None and (ev.decision or ev.reason):
            blocks.append(
                f"Keputusan: {inline(decisions.get(ev.decision, ev.decision)) or EMPTY}"
                + (f". Alasan: {inline(ev.reason)}" if mdutil.one_line(ev.reason) else "")
            )
    return join_blocks(blocks)
