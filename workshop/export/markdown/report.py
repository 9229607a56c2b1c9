"""The laporan akhir pendampingan: what the workshop set out to do, did, produced and left open.

Chapters (level 2 headings, :data:`REPORT_CHAPTERS`): Pendahuluan (why SOP AP, the problems
Penilaian Kebutuhan found per unit), Pelaksanaan (the sessions with attendance), Hasil per Unit
(every SOP with its number and status, the general SOPs adopted), Permasalahan dan Tindak
Lanjut (the sessions' decisions, action items and postponed matters), Rekomendasi (derived
from the data: what each unit still has to do), Lampiran (Tabel 6 summary, progress per stage),
and the signatures. Percentages are written as numbers (no bar glyphs: they print everywhere).

Pure functions: model values in, Markdown out (see :mod:`workshop.export.markdown`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from workshop.datetext import BLANK, long_date
from workshop.export import mdutil
from workshop.export.markdown.berita_acara import present_units
from workshop.export.markdown.letter import letterhead, place_of, signature_table
from workshop.export.markdown.unitcommon import book_records
from workshop.export.mdutil import EMPTY, cell, fixed_heading, inline, join_blocks, or_dash, table
from workshop.export.progress import UnitReport
from workshop.model import Event, ExistingSop, Member, NeedRow, Session, SopRecord, Unit
from workshop.regulations import Register, replaced_lines
from workshop.status import is_in_force

REPORT_CHAPTERS = (
    "Pendahuluan",
    "Pelaksanaan",
    "Hasil per Unit",
    "Permasalahan dan Tindak Lanjut",
    "Rekomendasi",
    "Lampiran",
    "Tanda Tangan",
)
SESSION_STATES = {
    "planned": "direncanakan",
    "running": "berlangsung",
    "paused": "dijeda",
    "ended": "selesai",
}
WHY_SOP_AP = (
    "Standar Operasional Prosedur Administrasi Pemerintahan (SOP AP) menuliskan secara baku "
    "siapa mengerjakan apa, dengan bahan apa, berapa lama dan dengan hasil apa pada setiap "
    "kegiatan unit. Dengan SOP AP pekerjaan tidak bergantung pada orang tertentu, pelayanan "
    "dapat diukur, dan perbaikan dapat ditelusuri. Peraturan Menteri Pendayagunaan Aparatur "
    "Negara dan Reformasi Birokrasi Nomor 35 Tahun 2012 menjadi pedoman penyusunannya: "
    "persiapan, penilaian kebutuhan, pengembangan, penerapan, serta monitoring dan evaluasi."
)


@dataclass(frozen=True)
class UnitFacts:
    """What the report reads of one unit."""

    unit: Unit
    progress: UnitReport
    members: Sequence[Member] = ()
    needs: Sequence[NeedRow] = ()
    records: Sequence[SopRecord] = ()
    existing: Sequence[ExistingSop] = ()
    template_titles: Mapping[str, str] = field(default_factory=dict)  # template id -> title


def _period(event: Event) -> str:
    start, end = event.start_date, event.end_date
    if start and end and start != end:
        return f"{long_date(start)} s.d. {long_date(end)}"
    return long_date(start or end)


def _problems(facts: UnitFacts, readiness: Sequence[tuple[str, str]]) -> list[str]:
    u = facts.unit
    found = []
    missing = [label for item, label in readiness if item not in u.readiness]
    if missing:
        found.append("kesiapan belum lengkap: " + ", ".join(missing))
    if not mdutil.one_line(u.sk_number):
        found.append("SK Tim Penyusun belum terbit")
    if not facts.needs:
        found.append("Tabel 6 belum diisi")
    for e in facts.existing:
        if e.decision in ("revisi", "ganti", "cabut"):
            reason = f": {mdutil.one_line(e.reason)}" if mdutil.one_line(e.reason) else ""
            found.append(f"SOP lama perlu {e.decision}: {mdutil.one_line(e.title)}{reason}")
    return found


def _unit_results(i: int, facts: UnitFacts) -> list[str]:
    sops = book_records(facts.records)
    rows = [
        [
            str(n),
            cell(r.sop.number, empty=BLANK),
            cell(r.sop.title, empty=EMPTY),
            or_dash(r.status),
            "SOP umum" if r.template else "disusun unit",
        ]
        for n, r in enumerate(sops, start=1)
    ]
    adopted = [facts.template_titles.get(r.template, r.sop.title) for r in sops if r.template]
    titled = sum(1 for n in facts.needs if mdutil.one_line(n.title))
    blocks = [
        fixed_heading(3, f"{i}. " + (inline(facts.unit.name) or EMPTY)),
        f"Tabel 6: {len(facts.needs)} kegiatan, {titled} berjudul SOP. "
        f"SOP: {len(sops)}, {sum(1 for r in sops if is_in_force(r.status))} telah disahkan.",
        table(("No", "Nomor SOP", "Nama SOP", "Status", "Asal"), rows)
        if rows
        else "Belum ada SOP yang disusun.",
    ]
    if adopted:
        blocks.append("SOP umum yang diadopsi: " + "; ".join(inline(t) for t in adopted) + ".")
    return blocks


def _recommendations(
    units: Sequence[UnitFacts], sessions: Sequence[Session], register: Register
) -> list[str]:
    found = []
    for f in units:
        name = mdutil.one_line(f.unit.name)
        sops = book_records(f.records)
        pending = [r for r in sops if not is_in_force(r.status)]
        todo = []
        if not mdutil.one_line(f.unit.sk_number):
            todo.append("menerbitkan SK Tim Penyusun")
        if pending:
            todo.append(f"menyelesaikan reviu dan uji coba {len(pending)} SOP lalu mengajukan "
                        "penetapannya")
        waiting = [r for r in sops if is_in_force(r.status) and not r.implementation]
        if waiting:
            todo.append(f"menyosialisasikan {len(waiting)} SOP yang telah disahkan")
        applied = [r for r in sops if r.implementation]
        if applied and any(not r.monitoring for r in applied):
            todo.append("melakukan monitoring (Tabel 7) setiap semester atas SOP yang diterapkan")
        for r in sops:
            for _, line, new in replaced_lines(r.sop.legal_basis, register):
                todo.append(f"memperbarui dasar hukum SOP {mdutil.one_line(r.sop.title)} "
                            f"({line.split(' tentang ')[0]} diganti {new.short})")
        if todo:
            found.append(f"{name}: " + "; ".join(todo) + ".")
    open_actions = sum(1 for s in sessions for a in s.actions if not a.done)
    if open_actions:
        found.append(f"Menuntaskan {open_actions} tindak lanjut sesi yang belum selesai "
                     "(lihat Bab Permasalahan dan Tindak Lanjut).")
    return found


def report_markdown(
    event: Event,
    units: Sequence[UnitFacts],
    sessions: Sequence[Session],
    stages: Sequence[tuple[str, str]],
    register: Register,
    *,
    members: Sequence[Member] = (),
    readiness: Sequence[tuple[str, str]] = (),
    letterhead_lines: Sequence[str] = (),
) -> str:
    """The laporan akhir pendampingan (see the module docstring for its chapters).

    ``members``: every unit's team (for attendance counts); ``readiness``: the guideline's
    readiness items ``(id, label)``; ``stages``: ``(id, name)`` of the five stages.
    """
    names = {f.unit.slug: mdutil.one_line(f.unit.name) for f in units}
    title = inline(event.title) or "Pendampingan Penyusunan SOP AP"
    cover = [
        letterhead(letterhead_lines),
        "# Laporan Akhir Pendampingan Penyusunan SOP AP",
        f"**{title}**",
        "  \n".join(
            line
            for line in (
                f"Penyelenggara: {inline(event.organiser) or BLANK}",
                f"Pemerintah daerah: {inline(event.host_government) or BLANK}",
                f"Tempat: {inline(event.venue) or BLANK}",
                f"Waktu: {inline(_period(event))}",
                f"Unit peserta: {len(units)}",
            )
        ),
    ]
    problems = [(f.unit.name, _problems(f, readiness)) for f in units]
    problem_lines = [
        f"- **{inline(name)}**: " + "; ".join(inline(p) for p in found) + "."
        for name, found in problems
        if found
    ]
    intro = [
        fixed_heading(2, f"1. {REPORT_CHAPTERS[0]}"),
        "### Latar Belakang",
        WHY_SOP_AP,
        "Penilaian Kebutuhan menemukan hal-hal berikut pada unit peserta:",
        "\n".join(problem_lines)
        or "Tidak ada permasalahan yang tercatat pada Penilaian Kebutuhan.",
        "### Ruang Lingkup",
        f"Pendampingan diikuti {len(units)} unit: "
        + (", ".join(inline(f.unit.name) for f in units) or BLANK)
        + ".",
    ]
    session_rows = []
    for i, s in enumerate(sessions, start=1):
        present = present_units(s, members)
        session_rows.append([
            str(i),
            cell(s.title, empty=EMPTY),
            cell(long_date(s.date)),
            SESSION_STATES.get(s.state, s.state),
            str(len(present)),
            str(len(s.attended_members)),
        ])
    held = [
        fixed_heading(2, f"2. {REPORT_CHAPTERS[1]}"),
        table(("No", "Sesi", "Tanggal", "Keadaan", "Unit Hadir", "Peserta Hadir"), session_rows)
        if session_rows
        else "Belum ada sesi yang dicatat.",
    ]
    results = [fixed_heading(2, f"3. {REPORT_CHAPTERS[2]}")]
    for i, f in enumerate(units, start=1):
        results += _unit_results(i, f)
    decisions = [
        f"{inline(d)} ({inline(s.title)})" for s in sessions for d in s.decisions
        if mdutil.one_line(d)
    ]
    actions = [
        [str(i), cell(a.what, empty=EMPTY), cell(names.get(a.unit, a.unit), empty="semua"),
         or_dash(long_date(a.due, blank="")), "selesai" if a.done else "belum"]
        for i, a in enumerate((a for s in sessions for a in s.actions), start=1)
    ]
    postponed = [p for s in sessions for p in s.parking_lot if mdutil.one_line(p)]
    follow_up = [
        fixed_heading(2, f"4. {REPORT_CHAPTERS[3]}"),
        "### Kesepakatan",
        "\n".join(f"{n}. {d}" for n, d in enumerate(decisions, start=1))
        or "Tidak ada kesepakatan yang dicatat.",
        "### Tindak Lanjut",
        table(("No", "Tindakan", "Unit", "Tenggat", "Status"), actions)
        if actions
        else "Tidak ada tindak lanjut yang dicatat.",
        "### Hal yang Ditunda",
        mdutil.bullets(postponed) or "Tidak ada hal yang ditunda.",
    ]
    recs = _recommendations(units, sessions, register)
    advice = [
        fixed_heading(2, f"5. {REPORT_CHAPTERS[4]}"),
        "\n".join(f"{n}. {inline(r)}" for n, r in enumerate(recs, start=1))
        or "Semua unit telah menyelesaikan tahapannya; lanjutkan monitoring dan evaluasi berkala.",
    ]
    needs_rows = [
        [
            str(i),
            cell(f.unit.name, empty=EMPTY),
            str(len(f.needs)),
            str(sum(1 for n in f.needs if mdutil.one_line(n.title))),
            str(sum(1 for n in f.needs if n.sop_id)),
            str(len(f.existing)),
        ]
        for i, f in enumerate(units, start=1)
    ]
    stage_rows = [
        [
            str(i),
            cell(f.unit.name, empty=EMPTY),
            *(f"{f.progress.stages.get(sid, 0)}%" for sid, _ in stages),
            str(f.progress.sops),
            str(f.progress.approved),
        ]
        for i, f in enumerate(units, start=1)
    ]
    annex = [
        fixed_heading(2, f"6. {REPORT_CHAPTERS[5]}"),
        "### Lampiran 1: Ringkasan Kebutuhan SOP (Tabel 6)",
        table(("No", "Unit", "Kegiatan", "Berjudul SOP", "Sudah Disusun", "SOP Lama"), needs_rows)
        if needs_rows
        else "Belum ada unit.",
        "### Lampiran 2: Kemajuan per Tahap",
        table(("No", "Unit", *(inline(n) for _, n in stages), "SOP", "Disahkan"), stage_rows)
        if stage_rows
        else "Belum ada unit.",
        "Persentase menunjukkan kemajuan unit pada setiap tahap.",
    ]
    facilitators = [f for f in event.facilitators if mdutil.one_line(f)] or [""]
    signed = [
        fixed_heading(2, REPORT_CHAPTERS[6]),
        f"{inline(place_of(event.host_government)) or BLANK}, "
        f"{inline(long_date(event.end_date or event.start_date))}",
        signature_table(
            [
                *(("Fasilitator", f, event.organiser) for f in facilitators),
                ("Mengetahui", "", f"Pimpinan {mdutil.one_line(event.organiser)}".strip()),
            ]
        ),
    ]
    return join_blocks([*cover, *intro, *held, *results, *follow_up, *advice, *annex, *signed])
