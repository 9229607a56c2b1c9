"""Penerapan and Monitoring & Evaluasi: records, status transitions and due dates. Pure: no I/O.

Use the functions that change a record inside ``Store.update_record(unit, sop_id, fn)``; they
raise :class:`MonevError` (an Indonesian message) when the change is not allowed.

Status transitions
    ``record_implementation``: an approved SOP (disahkan) gets a sosialisasi / pelatihan /
    distribusi record and becomes *diterapkan*.
    ``add_monitoring``: a Tabel 7 row for an implemented SOP (diterapkan or perlu revisi; an
    SOP only disahkan is socialised first); "Tidak berjalan dengan baik"
    marks it *perlu revisi* (the evaluation decides what follows).
    ``evaluate``: the seven answers and a decision. *tetap* keeps (or puts back) the SOP as
    diterapkan; *revisi* opens the next version as a draft (``approval.start_new_version``)
    with the findings attached as review comments (every "Tidak" answer with its note, and the
    Tabel 7 rows "Tidak berjalan dengan baik" of the current version); *cabut* retires the SOP
    with the reason.

Due dates (``pedoman.yaml``: ``monitoring_interval_months``, ``evaluation_interval_months``)
    The next monitoring is due an interval after the latest monitoring of the current version
    (its date, or the end of its semester when it has none), else after the effective date.
    The next evaluation likewise after the latest evaluation, else after the effective date.
    Only SOPs in force have due dates: disahkan, diterapkan or perlu revisi, with an effective
    date. A month is added calendar-wise; the 31st becomes the last day of a shorter month.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from workshop.model import (
    EVALUATION_DECISIONS,
    MONITORING_ASSESSMENTS,
    Comment,
    Evaluation,
    ImplementationRecord,
    MonitoringRow,
    SopRecord,
    Unit,
)
from workshop.pedoman import Pedoman, load_pedoman
from workshop.stages.pengembangan.approval import ApprovalError, start_new_version
from workshop.status import SopStatus, is_implemented, is_in_force

__all__ = [
    "EVALUATION",
    "MONITORING",
    "DueItem",
    "MonevError",
    "add_monitoring",
    "add_months",
    "current_period",
    "due_items",
    "evaluate",
    "evaluation_comments",
    "implementation_plan",
    "next_evaluation",
    "next_monitoring",
    "overdue_items",
    "parse_date",
    "period_end",
    "record_implementation",
    "share_text",
]

MONITORING: Final = "monitoring"
EVALUATION: Final = "evaluasi"
GOOD, NOT_GOOD = MONITORING_ASSESSMENTS
_PERIOD = re.compile(r"^(\d{4})-S([12])$")


class MonevError(Exception):
    """A penerapan / monev change that cannot be made; ``str(error)`` is for the user."""


# ---------------------------------------------------------------------------------------------
# Dates and periods
# ---------------------------------------------------------------------------------------------


def parse_date(text: str | None) -> date | None:
    """An ISO date (the first 10 characters of a date or timestamp), or None."""
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def _require_date(text: str | None, what: str) -> str:
    day = parse_date(text)
    if day is None:
        raise MonevError(f"Tanggal {what} '{text or ''}' tidak sah. Tuliskan TTTT-BB-HH, "
                         "mis. 2018-07-10.")
    return day.isoformat()


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (the 31st becomes the month's last day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def current_period(day: date) -> str:
    """The semester of ``day``: "2018-S1" (January-June) or "2018-S2"."""
    return f"{day.year}-S{1 if day.month <= 6 else 2}"


def period_end(period: str) -> date | None:
    """Last day of a semester "YYYY-S1" / "YYYY-S2"; None for another text."""
    m = _PERIOD.match(period.strip())
    if not m:
        return None
    year = int(m.group(1))
    return date(year, 6, 30) if m.group(2) == "1" else date(year, 12, 31)


def _row_day(row: MonitoringRow) -> date | None:
    return parse_date(row.date) or period_end(row.period)


# ---------------------------------------------------------------------------------------------
# Due dates
# ---------------------------------------------------------------------------------------------


def _effective(record: SopRecord) -> date | None:
    if not is_in_force(record.status):
        return None
    return parse_date(record.sop.dates.effective)


def next_monitoring(record: SopRecord, pedoman: Pedoman | None = None) -> date | None:
    """When the next monitoring of ``record`` is due; None when it is not in force."""
    effective = _effective(record)
    if effective is None:
        return None
    days = [d for d in (_row_day(r) for r in record.monitoring) if d is not None and
            d >= effective]
    base = max(days) if days else effective
    return add_months(base, (pedoman or load_pedoman()).monitoring_interval_months)


def next_evaluation(record: SopRecord, pedoman: Pedoman | None = None) -> date | None:
    """When the next evaluation of ``record`` is due; None when it is not in force."""
    effective = _effective(record)
    if effective is None:
        return None
    days = [d for d in (parse_date(e.date) for e in record.evaluations) if d is not None and
            d >= effective]
    base = max(days) if days else effective
    return add_months(base, (pedoman or load_pedoman()).evaluation_interval_months)


@dataclass(frozen=True)
class DueItem:
    """A monitoring or an evaluation due for one SOP."""

    unit: str  # slug
    unit_name: str
    sop_id: str
    title: str
    kind: str  # MONITORING | EVALUATION
    due: date
    today: date

    @property
    def overdue(self) -> bool:
        return self.due < self.today

    @property
    def days(self) -> int:
        """Days until the due date (negative when overdue)."""
        return (self.due - self.today).days

    @property
    def kind_label(self) -> str:
        return "Monitoring" if self.kind == MONITORING else "Evaluasi"

    def when(self) -> str:
        """E.g. "2019-01-10 (terlambat 12 hari)", "2019-01-10 (hari ini)"."""
        due = self.due.isoformat()
        if self.days < 0:
            return f"{due} (terlambat {-self.days} hari)"
        if self.days == 0:
            return f"{due} (hari ini)"
        return f"{due} ({self.days} hari lagi)"

    def describe(self) -> str:
        """One line in Bahasa Indonesia, e.g. for the board."""
        return f"{self.kind_label} {self.title} ({self.unit_name}): {self.when()}"


def due_items(
    units: Iterable[tuple[Unit, Sequence[SopRecord]]],
    today: date,
    pedoman: Pedoman | None = None,
) -> list[DueItem]:
    """The next monitoring and evaluation of every SOP in force, earliest first.

    ``units`` may be a generator: one unit's records are held at a time.
    """
    ped = pedoman or load_pedoman()
    out: list[DueItem] = []
    for unit, records in units:
        for record in records:
            for kind, due in ((MONITORING, next_monitoring(record, ped)),
                              (EVALUATION, next_evaluation(record, ped))):
                if due is not None:
                    out.append(DueItem(unit.slug, unit.name, record.id, record.sop.title,
                                       kind, due, today))
    out.sort(key=lambda d: (d.due, d.unit_name.casefold(), d.title.casefold(), d.kind))
    return out


def overdue_items(
    units: Sequence[tuple[Unit, Sequence[SopRecord]]],
    today: date,
    pedoman: Pedoman | None = None,
) -> list[DueItem]:
    """The due items whose date has passed, most overdue first."""
    return [d for d in due_items(units, today, pedoman) if d.overdue]


# ---------------------------------------------------------------------------------------------
# Penerapan
# ---------------------------------------------------------------------------------------------


def record_implementation(
    record: SopRecord, item: ImplementationRecord, pedoman: Pedoman | None = None
) -> None:
    """Add a sosialisasi / pelatihan / distribusi record; a disahkan SOP becomes diterapkan."""
    if not is_in_force(record.status):
        raise MonevError(f'SOP "{record.sop.title}" belum disahkan (status {record.status}). '
                         "Hanya SOP yang sudah disahkan yang diterapkan.")
    kinds = [k.id for k in (pedoman or load_pedoman()).implementation_kinds]
    if item.kind not in kinds:
        raise MonevError(f"Jenis penerapan '{item.kind}' tidak dikenal. Pilih salah satu: "
                         f"{', '.join(kinds)}.")
    if item.reached < 0:
        raise MonevError("Jumlah peserta tidak boleh negatif.")
    item.date = _require_date(item.date, "penerapan")
    item.audience = item.audience.strip()
    item.method = item.method.strip()
    record.implementation.append(item)
    if record.status == SopStatus.DISAHKAN:
        record.status = SopStatus.DITERAPKAN.value


def implementation_plan(
    records: Sequence[SopRecord], pedoman: Pedoman | None = None
) -> list[tuple[SopRecord, list[str]]]:
    """The unit's plan: every SOP in force with the implementation kinds it still lacks
    (ids, in the order of ``pedoman.yaml``); SOPs that lack none are left out."""
    kinds = [k.id for k in (pedoman or load_pedoman()).implementation_kinds]
    plan: list[tuple[SopRecord, list[str]]] = []
    for record in records:
        if not is_in_force(record.status):
            continue
        done = {i.kind for i in record.implementation}
        missing = [k for k in kinds if k not in done]
        if missing:
            plan.append((record, missing))
    return plan


# ---------------------------------------------------------------------------------------------
# Monitoring (Tabel 7)
# ---------------------------------------------------------------------------------------------


def add_monitoring(
    record: SopRecord, row: MonitoringRow, pedoman: Pedoman | None = None
) -> None:
    """Add (or replace, for the same period) the Tabel 7 row of an implemented SOP.

    "Tidak berjalan dengan baik" marks the SOP *perlu revisi*.
    """
    if not is_implemented(record.status):
        raise MonevError(f'SOP "{record.sop.title}" belum diterapkan; belum dapat dimonitor. '
                         "Catat dulu sosialisasinya di tahap Penerapan.")
    if row.assessment not in MONITORING_ASSESSMENTS:
        raise MonevError("Pilih penilaian: Berjalan dengan baik / Tidak berjalan dengan baik.")
    if period_end(row.period) is None:
        raise MonevError(f"Periode '{row.period}' tidak sah. Tuliskan TTTT-S1 atau TTTT-S2, "
                         "mis. 2018-S2.")
    methods = {m.id for m in (pedoman or load_pedoman()).monitoring_methods}
    unknown = [m for m in row.methods if m not in methods]
    if unknown:
        raise MonevError(f"Metode monitoring '{unknown[0]}' tidak dikenal.")
    if row.assessment == NOT_GOOD and not row.action.strip():
        raise MonevError("Tuliskan tindakan yang harus diambil bila SOP tidak berjalan dengan "
                         "baik.")
    if row.date is not None:
        row.date = _require_date(row.date, "monitoring")
    row.period = row.period.strip()
    record.monitoring = [m for m in record.monitoring if m.period != row.period] + [row]
    if row.assessment == NOT_GOOD and record.status == SopStatus.DITERAPKAN:
        record.status = SopStatus.PERLU_REVISI.value


# ---------------------------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------------------------


def share_text(evaluation: Evaluation) -> str:
    """E.g. "5 dari 7 Ya (71%)"."""
    yes = sum(1 for a in evaluation.answers if a)
    return f"{yes} dari {len(evaluation.answers)} Ya ({round(evaluation.share_yes * 100)}%)"


def _next_comment_id(record: SopRecord, taken: set[str]) -> str:
    n = len(record.reviews) + 1
    while f"k-{n:03d}" in taken:
        n += 1
    taken.add(f"k-{n:03d}")
    return f"k-{n:03d}"


def evaluation_comments(
    record: SopRecord, evaluation: Evaluation, questions: Sequence[str]
) -> list[str]:
    """The findings of an evaluation as review texts: each "Tidak" answer with its note, then
    the Tabel 7 rows "Tidak berjalan dengan baik" since the effective date, then the reason."""
    texts: list[str] = []
    when = evaluation.date or ""
    for index, answer in enumerate(evaluation.answers):
        if answer:
            continue
        question = questions[index] if index < len(questions) else f"Pertanyaan {index + 1}"
        note = evaluation.notes[index].strip() if index < len(evaluation.notes) else ""
        texts.append(f"Evaluasi {when}: {question} Tidak." + (f" {note}" if note else ""))
    effective = parse_date(record.sop.dates.effective)
    for row in record.monitoring:
        day = _row_day(row)
        if row.assessment != NOT_GOOD or (effective and day and day < effective):
            continue
        text = f"Monitoring {row.period}: tidak berjalan dengan baik."
        if row.notes.strip():
            text += f" {row.notes.strip()}"
        if row.action.strip():
            text += f" Tindakan: {row.action.strip()}"
        texts.append(text)
    if evaluation.reason.strip():
        texts.append(f"Alasan revisi: {evaluation.reason.strip()}")
    return texts


def evaluate(
    record: SopRecord,
    evaluation: Evaluation,
    *,
    author: str,
    at: str,
    pedoman: Pedoman | None = None,
) -> None:
    """Store an evaluation and carry out its decision (see the module docstring).

    ``author`` signs the review comments of a *revisi*; ``at`` is the timestamp.
    """
    ped = pedoman or load_pedoman()
    questions = [q.text for q in ped.evaluation_questions]
    if not is_implemented(record.status):
        raise MonevError(f'SOP "{record.sop.title}" belum diterapkan; belum dapat dievaluasi. '
                         "Catat dulu sosialisasinya di tahap Penerapan.")
    if len(evaluation.answers) != len(questions):
        raise MonevError(f"Jawab ketujuh pertanyaan evaluasi ({len(evaluation.answers)} dari "
                         f"{len(questions)} terjawab).")
    if evaluation.decision not in EVALUATION_DECISIONS:
        raise MonevError("Pilih tindak lanjut: tetap, revisi atau cabut.")
    evaluation.date = _require_date(evaluation.date, "evaluasi")
    evaluation.notes = [
        (evaluation.notes[i].strip() if i < len(evaluation.notes) else "")
        for i in range(len(questions))
    ]
    evaluation.reason = evaluation.reason.strip()
    if evaluation.decision == "cabut" and not evaluation.reason:
        raise MonevError("Tuliskan alasan pencabutan SOP.")
    comments = evaluation_comments(record, evaluation, questions)
    record.evaluations.append(evaluation)
    if evaluation.decision == "tetap":
        record.status = SopStatus.DITERAPKAN.value
    elif evaluation.decision == "cabut":
        record.status = SopStatus.DICABUT.value
        record.retired_reason = evaluation.reason
    else:
        summary = f"Revisi hasil evaluasi {evaluation.date} ({share_text(evaluation)})"
        if evaluation.reason:
            summary += f": {evaluation.reason}"
        try:
            start_new_version(record, revised=evaluation.date, summary=summary, at=at)
        except ApprovalError as exc:
            raise MonevError(str(exc)) from None
        taken = {c.id for c in record.reviews}
        for text in comments:
            record.reviews.append(Comment(id=_next_comment_id(record, taken),
                                          author=author.strip() or "Evaluasi",
                                          text=text, at=at))
