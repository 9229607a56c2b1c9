"""Markdown drafts: one SOP, a unit's SOP book, Tabel 6, Tabel 7, evaluation, minutes, report.

Pure functions: model values in, a Markdown string out. No file reading, no store, no UI.
Every user value goes through :mod:`workshop.export.mdutil` so it renders literally and never
breaks a table; the fixed labels are our own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeAlias

from workshop.export import mdutil
from workshop.export.mdutil import cell, cell_list, inline, join_blocks, table
from workshop.export.progress import UnitReport
from workshop.export.sop_table import ACTIVITY_LABEL, NUMBER_LABEL, SymbolCell, sop_table
from workshop.export.sopview import actor_columns, total_time_text
from workshop.fields import IDENTITY_LISTS
from workshop.model import (
    Evaluation,
    Event,
    Member,
    MonitoringRow,
    NeedRow,
    Session,
    Sop,
    SopRecord,
    Unit,
    Vote,
)
from workshop.status import is_retired

IDENTITY_HEADING = "Bagian Identitas"
# The parts of a unit's SOP book after the cover (level 2 headings); each starts a printed page.
BOOK_PARTS = (
    "Keputusan Penetapan (draf)",
    "Daftar Isi",
    "Penjelasan Singkat",
    "Standar Operasional Prosedur",
)
FLOWCHART_HEADING = "Bagian Flowchart"

NEEDS_HEADER = (
    "No",
    "Tugas",
    "Fungsi",
    "Uraian Tugas",
    "Kegiatan",
    "Output",
    "Aspek Kegiatan",
    "Judul SOP",
)
MONITORING_HEADER = (
    "No",
    "Prosedur",
    "Penilaian Terhadap Penerapan",
    "Catatan Hasil Penilaian",
    "Tindakan yang Harus Diambil",
    "Paraf Penilai",
)

EMPTY = "-"


def _h(level: int, text: str) -> str:
    """A heading with fixed (trusted) text."""
    return "#" * max(1, min(level, 6)) + " " + text


def _or_dash(value: str | None) -> str:
    return cell(value or "", empty=EMPTY)


# ---------------------------------------------------------------------------------------------
# One SOP
# ---------------------------------------------------------------------------------------------


def symbol_text(sop: Sop, number: int) -> str:
    """The text drawn in the performer's cell of the Markdown table for step ``number``."""
    return _symbol_label(sop_table(sop).rows[number - 1].symbol)


def _symbol_label(symbol: SymbolCell) -> str:
    if symbol.kind == "start":
        return "⬭ Mulai"
    if symbol.kind == "end":
        return "⬭ Selesai"
    if symbol.kind == "decision":
        yes_text = str(symbol.yes) if symbol.yes is not None else "?"
        no_text = str(symbol.no) if symbol.no is not None else "?"
        return f"◇ Ya → {yes_text}; Tidak → {no_text}"
    if symbol.jump is not None:
        return f"▭ → {symbol.jump}"
    return "▭"


def _approval_text(sop: Sop) -> str:
    a = sop.approval
    parts = [inline(a.position), inline(a.name)]
    if a.nip.strip():
        parts.append("NIP. " + inline(a.nip))
    text = ", ".join(p for p in parts if p)
    return text or EMPTY


@dataclass(frozen=True)
class MdTable:
    """A GFM table kept as its cells (escaped Markdown, see :func:`mdutil.table`) until written,
    so that the HTML export can render it without parsing it back."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def markdown(self) -> str:
        return table(self.header, self.rows)


Block: TypeAlias = str | MdTable


def _identity(sop: Sop, level: int) -> str:
    return "\n\n".join(_text(b) for b in _identity_blocks(sop, level))


def _text(block: Block) -> str:
    return block if isinstance(block, str) else block.markdown()


def _identity_blocks(sop: Sop, level: int) -> list[Block]:
    rows = [
        ("Unit Kerja", _or_dash(sop.unit)),
        ("Nomor SOP", _or_dash(sop.number)),
        ("Tanggal Pembuatan", _or_dash(sop.dates.created)),
        ("Tanggal Revisi", _or_dash(sop.dates.revised)),
        ("Tanggal Efektif", _or_dash(sop.dates.effective)),
        ("Disahkan oleh", _approval_text(sop)),
        ("Nama SOP", _or_dash(sop.title)),
    ]
    head = MdTable(("Unsur", "Isi"), tuple(rows))
    lists = {key: cell_list(getattr(sop, key)) or EMPTY for key, _ in IDENTITY_LISTS}
    labels = dict(IDENTITY_LISTS)
    pairs = [
        ("legal_basis", "qualifications"),
        ("related", "equipment"),
        ("warnings", "records"),
    ]
    box_rows: list[tuple[str, str]] = []
    for i, (left, right) in enumerate(pairs):
        if i > 0:
            box_rows.append((f"**{labels[left]}**", f"**{labels[right]}**"))
        box_rows.append((lists[left], lists[right]))
    first_left, first_right = pairs[0]
    boxes = MdTable((labels[first_left], labels[first_right]), tuple(box_rows))
    blocks: list[Block] = [_h(level, IDENTITY_HEADING), head, boxes]
    c = sop.classification
    kinds = [
        v for v in (c.nature, c.scope, c.completeness, c.generality, c.activity) if v and v.strip()
    ]
    if kinds:
        blocks.append("Jenis SOP: " + ", ".join(inline(v) for v in kinds) + ".")
    return blocks


def flowchart_table(sop: Sop) -> str:
    """The flowchart table (:func:`export.sop_table.sop_table`) as a GFM table:
    No | Kegiatan | one column per actor | Kelengkapan | Waktu | Output | Keterangan."""
    view = sop_table(sop)
    header = [
        NUMBER_LABEL,
        ACTIVITY_LABEL,
        *(inline(a) or EMPTY for a in view.actors),
        *(c.label for c in view.columns),
    ]
    rows: list[list[str]] = []
    for row in view.rows:
        actor_cells = [""] * len(view.actors)
        actor_cells[row.actor] = _symbol_label(row.symbol)
        rows.append(
            [
                str(row.number),
                cell(row.activity),
                *actor_cells,
                *(cell_list(v) if isinstance(v, tuple) else cell(v) for v in row.values),
            ]
        )
    return table(header, rows)


def sop_markdown(
    sop: Sop,
    *,
    status: str | None = None,
    heading_level: int = 1,
    with_table: bool = True,
) -> str:
    """The Markdown draft of one SOP: title, identity block, flowchart table, total time.

    ``with_table=False`` leaves the table out (the HTML export draws the flowchart as SVG
    right after the "Bagian Flowchart" heading, and parsing a table it would drop is wasted).
    """
    blocks = sop_blocks(sop, status=status, heading_level=heading_level, with_table=with_table)
    return join_blocks(_text(b) for b in blocks)


def sop_blocks(
    sop: Sop,
    *,
    status: str | None = None,
    heading_level: int = 1,
    with_table: bool = True,
) -> list[Block]:
    """The blocks :func:`sop_markdown` joins, with the identity tables as :class:`MdTable`."""
    level = max(1, min(heading_level, 5))
    blocks: list[Block] = [mdutil.heading(level, mdutil.one_line(sop.title) or "SOP tanpa judul")]
    if status is not None:
        blocks.append(f"Status: {inline(status) or EMPTY}")
    blocks.extend(_identity_blocks(sop, level + 1))
    blocks.append(_h(level + 1, FLOWCHART_HEADING))
    if sop.steps:
        if with_table:
            blocks.append(flowchart_table(sop))
    else:
        blocks.append("Belum ada langkah.")
    blocks.append(total_time_text(sop))
    return blocks


# ---------------------------------------------------------------------------------------------
# The unit's SOP book
# ---------------------------------------------------------------------------------------------

DEFINITIONS: tuple[tuple[str, str], ...] = (
    (
        "SOP AP",
        "Standar Operasional Prosedur Administrasi Pemerintahan: serangkaian petunjuk tertulis "
        "yang dibakukan tentang bagaimana dan kapan suatu kegiatan pemerintahan dilakukan, "
        "di mana, dan oleh siapa.",
    ),
    ("Pelaksana", "Jabatan yang mengerjakan suatu kegiatan; ditulis sebagai jabatan, bukan nama."),
    (
        "Mutu Baku",
        "Ukuran setiap kegiatan: kelengkapan (bahan/persyaratan), waktu dan output.",
    ),
    ("Kapsul", "Simbol mulai dan selesai."),
    ("Kotak", "Simbol proses: kegiatan yang dikerjakan."),
    ("Belah ketupat", "Simbol keputusan dengan dua jawaban, Ya dan Tidak."),
    ("Anak panah", "Arah alur dari satu kegiatan ke kegiatan berikutnya."),
    ("Segilima", "Penghubung antarhalaman: alur berlanjut di halaman lain."),
)


def decree_author(unit: Unit, event: Event) -> str:
    """Who sets the SOPs, escaped: "Kepala Dinas Kesehatan Kabupaten Wonosobo".

    The head's position and the unit's name are joined without repeating a shared word
    ("Kepala Dinas" + "Dinas Kesehatan"); "Kepala" stands in when no position is recorded.
    """
    head = mdutil.one_line(unit.head_position) or "Kepala"
    name = mdutil.one_line(unit.name)
    head_words, name_words = head.split(), name.split()
    overlap = 0
    for k in range(min(len(head_words), len(name_words)), 0, -1):
        if [w.lower() for w in head_words[-k:]] == [w.lower() for w in name_words[:k]]:
            overlap = k
            break
    words = head_words + name_words[overlap:]
    region = mdutil.one_line(event.host_government)
    if region.lower().startswith("pemerintah "):
        region = region[len("pemerintah ") :]
    if region and region.lower() not in name.lower():
        words += region.split()
    return inline(" ".join(words))


def _book_records(records: Sequence[SopRecord]) -> list[SopRecord]:
    return [r for r in records if not is_retired(r.status)]


def book_markdown(
    unit: Unit,
    records: Sequence[SopRecord],
    event: Event,
    *,
    year: str,
    with_tables: bool = True,
) -> str:
    """A unit's SOP book: cover, draft decree, contents, short notes, then every SOP.

    Retired SOPs (``dicabut``) are left out. SOP titles are level 3 headings under the book's
    part "Standar Operasional Prosedur". ``with_tables=False``: see :func:`sop_markdown`.
    """
    sops = _book_records(records)
    unit_name = inline(unit.name) or EMPTY
    author = decree_author(unit, event)
    host = inline(event.host_government)
    year_text = inline(year)

    cover = [
        "# Standar Operasional Prosedur Administrasi Pemerintahan",
        f"**{unit_name}**",
    ]
    if host:
        cover.append(host)
    cover.append(f"Tahun {year_text}")
    cover.append(f"Memuat {len(sops)} SOP AP.")

    all_bases: list[str] = []
    for r in sops:
        for basis in r.sop.legal_basis:
            if mdutil.one_line(basis) and mdutil.one_line(basis) not in all_bases:
                all_bases.append(mdutil.one_line(basis))
    regulation = "Peraturan Menteri PAN-RB Nomor 35 Tahun 2012"
    if not any(regulation.lower() in b.lower() for b in all_bases):
        all_bases.insert(0, regulation + " tentang Pedoman Penyusunan SOP AP")

    decree = [
        f"## {BOOK_PARTS[0]}",
        f"KEPUTUSAN {decree_author(unit, event).upper()}",
        "NOMOR: ........................",
        "TENTANG STANDAR OPERASIONAL PROSEDUR ADMINISTRASI PEMERINTAHAN DI LINGKUNGAN "
        f"{unit_name.upper()}",
        "**Menimbang:** bahwa agar tugas dan fungsi dilaksanakan secara tertib, efisien, "
        "terukur dan dapat dipertanggungjawabkan, perlu menetapkan standar operasional "
        "prosedur administrasi pemerintahan dengan keputusan pimpinan.",
        "**Mengingat:**",
        mdutil.numbered(all_bases),
        "**MEMUTUSKAN**",
        "**Menetapkan:**",
        "1. KESATU: Standar Operasional Prosedur Administrasi Pemerintahan di lingkungan "
        f"{unit_name} sebagaimana tercantum dalam Lampiran keputusan ini.\n"
        "2. KEDUA: SOP AP sebagaimana dimaksud pada diktum KESATU menjadi acuan bagi setiap "
        "pelaksana dalam menjalankan kegiatannya.\n"
        "3. KETIGA: Keputusan ini mulai berlaku pada tanggal ditetapkan.",
        "Ditetapkan di: ........................  \nPada tanggal: ........................",
        author,
        "(nama dan NIP)",
    ]

    contents_rows = [
        [str(i), _or_dash(r.sop.number), _or_dash(r.sop.title), _or_dash(r.status)]
        for i, r in enumerate(sops, start=1)
    ]
    contents = [
        f"## {BOOK_PARTS[1]}",
        "1. Keputusan Penetapan\n2. Penjelasan Singkat\n3. Standar Operasional Prosedur:",
        table(("No", "Nomor SOP", "Nama SOP", "Status"), contents_rows)
        if contents_rows
        else "Belum ada SOP.",
    ]

    summary_rows = [
        [
            str(i),
            _or_dash(r.sop.title),
            str(len(actor_columns(r.sop)) if r.sop.steps else len(r.sop.actors)),
            str(len(r.sop.steps)),
            cell(total_time_text(r.sop)),
        ]
        for i, r in enumerate(sops, start=1)
    ]
    kinds: dict[str, int] = defaultdict(int)
    for r in sops:
        kinds[r.sop.classification.activity or "belum ditentukan"] += 1
    kinds_text = ", ".join(f"{inline(k)}: {n}" for k, n in sorted(kinds.items()))
    notes = [
        f"## {BOOK_PARTS[2]}",
        "### Ruang Lingkup",
        f"Buku ini memuat {len(sops)} SOP AP {unit_name} yang mengatur kegiatan "
        "administrasi pemerintahan di unit ini, baik pelayanan kepada pihak luar maupun "
        "kegiatan internal yang menghasilkan output unit."
        + (f" Jenis kegiatan: {kinds_text}." if sops else ""),
        "### Ringkasan",
        table(("No", "Nama SOP", "Jumlah Pelaksana", "Jumlah Langkah", "Waktu"), summary_rows)
        if summary_rows
        else "Belum ada SOP.",
        "### Definisi",
        "\n".join(f"- **{term}**: {meaning}" for term, meaning in DEFINITIONS),
    ]

    parts = [
        *cover,
        *decree,
        *contents,
        *notes,
        f"## {BOOK_PARTS[3]}",
    ]
    for r in sops:
        parts.append(sop_markdown(r.sop, status=r.status, heading_level=3, with_table=with_tables))
    return join_blocks(parts)


# ---------------------------------------------------------------------------------------------
# Needs assessment (Tabel 6) and the inventory of all units
# ---------------------------------------------------------------------------------------------


def _needs_table(rows: Sequence[NeedRow]) -> str:
    body = [
        [
            str(i),
            cell(r.tugas),
            cell(r.fungsi),
            cell(r.uraian_tugas),
            cell(r.kegiatan),
            cell(r.output),
            cell(r.aspek),
            cell(r.title),
        ]
        for i, r in enumerate(rows, start=1)
    ]
    return table(NEEDS_HEADER, body)


def needs_markdown(unit: Unit, rows: Sequence[NeedRow], *, heading_level: int = 1) -> str:
    """Tabel 6, Formulir Identifikasi SOP AP Berdasarkan Tugas dan Fungsi, for one unit."""
    level = max(1, min(heading_level, 6))
    blocks = [
        _h(level, "Formulir Identifikasi SOP AP Berdasarkan Tugas dan Fungsi"),
        f"Unit: {inline(unit.name) or EMPTY}",
        _needs_table(rows) if rows else "Belum ada baris kebutuhan.",
    ]
    return join_blocks(blocks)


def inventory_markdown(
    units_rows: Sequence[tuple[Unit, Sequence[NeedRow]]], votes: Sequence[Vote] = ()
) -> str:
    """The needs inventory of all units: totals, every proposed title with its votes, Tabel 6s.

    ``votes`` are summed per unit and need id (need ids are unique only inside a unit); titles
    are listed most votes first.
    """
    tally: dict[tuple[str, str], int] = defaultdict(int)
    for v in votes:
        tally[(v.unit, v.need)] += v.count
    summary = [
        [
            str(i),
            cell(u.name, empty=EMPTY),
            str(len(rows)),
            str(sum(1 for r in rows if r.sop_id)),
        ]
        for i, (u, rows) in enumerate(units_rows, start=1)
    ]
    titled = [(u, r) for u, rows in units_rows for r in rows if mdutil.one_line(r.title)]
    # Most votes first, then the facilitator's score (urgensi + frekuensi + risiko), as the
    # ranking in the app (needs.rank_needs).
    titled.sort(
        key=lambda ur: (
            -tally.get((ur[0].slug, ur[1].id), 0),
            -(ur[1].urgency + ur[1].frequency + ur[1].risk),
            mdutil.one_line(ur[1].title).lower(),
        )
    )
    title_rows = [
        [
            str(i),
            cell(r.title),
            cell(u.name, empty=EMPTY),
            cell(r.aspek),
            cell(r.activity),
            str(tally.get((u.slug, r.id), 0)),
            str(r.urgency + r.frequency + r.risk),
        ]
        for i, (u, r) in enumerate(titled, start=1)
    ]
    groups: dict[str, list[str]] = defaultdict(list)
    for u, r in titled:
        name = mdutil.one_line(u.name)
        key = mdutil.one_line(r.title).lower()
        if name not in groups[key]:
            groups[key].append(name)
    shared = [(k, names) for k, names in sorted(groups.items()) if len(names) > 1]

    blocks = [
        "# Inventaris Kebutuhan SOP AP",
        "## Rekapitulasi per Unit",
        table(("No", "Unit", "Jumlah Kebutuhan", "Sudah Menjadi Draf"), summary)
        if summary
        else "Belum ada unit.",
        "## Daftar Judul SOP",
        table(
            ("No", "Judul SOP", "Unit", "Aspek Kegiatan", "Jenis Kegiatan", "Suara", "Skor"),
            title_rows,
        )
        if title_rows
        else "Belum ada judul SOP.",
    ]
    if shared:
        blocks.append("## Judul yang Sama di Beberapa Unit")
        blocks.append(
            "Judul berikut diusulkan oleh lebih dari satu unit; pertimbangkan SOP generik "
            "atau periksa tumpang tindih tugas."
        )
        blocks.append(
            "\n".join(
                f"- {inline(key)}: {', '.join(inline(n) for n in names)}" for key, names in shared
            )
        )
    for u, rows in units_rows:
        blocks.append(needs_markdown(u, rows, heading_level=2))
    return join_blocks(blocks)


# ---------------------------------------------------------------------------------------------
# Monitoring (Tabel 7) and evaluation
# ---------------------------------------------------------------------------------------------


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
) -> str:
    """Tabel 7, Monitoring Pelaksanaan SOP AP: one row per SOP (latest row of ``period``).

    SOPs without a monitoring row for the period get empty cells: the form to fill in.
    ``method_names`` maps stored method ids (``observasi_supervisor``) to their names.
    """
    names = method_names or {}
    sops = _book_records(records)
    body: list[list[str]] = []
    methods: list[str] = []
    for i, r in enumerate(sops, start=1):
        m = _pick_monitoring(r, period)
        if m is None:
            body.append([str(i), cell(r.sop.title, empty=EMPTY), "", "", "", ""])
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
        f"Unit: {inline(unit.name) or EMPTY}  \nPeriode: {inline(period or '') or 'terakhir'}",
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
    sops = _book_records(records)
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
                _or_dash(ev.date),
                f"{yes} dari {len(ev.answers)}",
                f"{round(ev.share_yes * 100)}%",
                _or_dash(decisions.get(ev.decision, ev.decision)),
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
        blocks.append(_h(2, f"{i}. " + (inline(r.sop.title) or "SOP tanpa judul")))
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


# ---------------------------------------------------------------------------------------------
# Minutes of a session (berita acara pendampingan)
# ---------------------------------------------------------------------------------------------

ROLE_NAMES = {"ketua": "Ketua", "sekretaris": "Sekretaris", "anggota": "Anggota"}


def minutes_markdown(
    event: Event,
    session: Session,
    units: Sequence[Unit],
    members: Sequence[Member],
    produced: Mapping[str, Sequence[str]],
    *,
    stage_names: Mapping[str, str] | None = None,
) -> str:
    """Berita acara pendampingan: attendance, agenda, decisions, action items, unit results.

    ``units``/``members`` are all of the workshop's; attendance comes from the session.
    ``produced`` maps a unit slug to what that unit produced in the session (user text).
    ``stage_names`` maps a stage id (``kebutuhan``) to its name (from the pedoman).
    """
    names = {u.slug: mdutil.one_line(u.name) for u in units}
    stages = stage_names or {}
    when = inline(session.date or "") or "........"
    place = inline(event.venue) or "........"
    opening = (
        f"Pada tanggal {when}, bertempat di {place}, telah dilaksanakan "
        f"{inline(session.title) or 'sesi pendampingan'} dalam rangka "
        f"{inline(event.title) or 'pendampingan penyusunan SOP AP'}"
        + (f" yang diselenggarakan oleh {inline(event.organiser)}" if event.organiser else "")
        + "."
    )
    attended_members = [m for m in members if m.id in session.attended_members]
    present_units = list(session.attended_units)
    for m in attended_members:
        if m.unit not in present_units:
            present_units.append(m.unit)
    attendance_rows = []
    for slug in present_units:
        unit_members = [m for m in attended_members if m.unit == slug]
        if not unit_members:
            attendance_rows.append([cell(names.get(slug, slug), empty=EMPTY), EMPTY, EMPTY, EMPTY])
        for m in unit_members:
            attendance_rows.append(
                [
                    cell(names.get(slug, slug), empty=EMPTY),
                    cell(m.name, empty=EMPTY),
                    cell(m.position, empty=EMPTY),
                    cell(ROLE_NAMES.get(m.role, m.role), empty=EMPTY),
                ]
            )
    attendance = [[str(i), *row] for i, row in enumerate(attendance_rows, start=1)]

    agenda = [
        [
            str(i),
            cell(item.title, empty=EMPTY),
            cell(stages.get(item.stage, item.stage), empty=EMPTY),
            str(item.minutes),
            cell(item.notes),
        ]
        for i, item in enumerate(session.agenda, start=1)
    ]
    actions = [
        [
            str(i),
            cell(a.what, empty=EMPTY),
            cell(names.get(a.unit, a.unit), empty="semua"),
            _or_dash(a.due),
            "selesai" if a.done else "belum",
        ]
        for i, a in enumerate(session.actions, start=1)
    ]
    results = [
        [
            str(i),
            cell(names.get(slug, slug), empty=EMPTY),
            cell_list(produced.get(slug, ()), numbered=False) or EMPTY,
        ]
        for i, slug in enumerate(
            [*present_units, *(s for s in produced if s not in present_units)], start=1
        )
    ]

    blocks = [
        "# Berita Acara Pendampingan Penyusunan SOP AP",
        f"**{inline(session.title) or 'Sesi'}**",
        opening,
        "## Daftar Hadir",
        table(("No", "Unit", "Nama", "Jabatan", "Peran"), attendance)
        if attendance
        else "Belum ada daftar hadir.",
    ]
    if session.guests:
        blocks.append("Undangan lain: " + "; ".join(inline(g) for g in session.guests) + ".")
    blocks += [
        "## Agenda",
        table(("No", "Agenda", "Tahap", "Waktu (menit)", "Catatan"), agenda)
        if agenda
        else "Tidak ada agenda.",
        "## Keputusan",
        mdutil.numbered(session.decisions) or "Tidak ada keputusan yang dicatat.",
        "## Tindak Lanjut",
        table(("No", "Tindakan", "Unit", "Tenggat", "Status"), actions)
        if actions
        else "Tidak ada tindak lanjut.",
        "## Hasil per Unit",
        table(("No", "Unit", "Yang Dihasilkan"), results) if results else "Belum ada hasil.",
    ]
    if mdutil.one_line(session.notes):
        blocks += ["## Catatan", inline(session.notes)]
    if session.parking_lot:
        blocks += ["## Hal yang Ditunda", mdutil.bullets(session.parking_lot)]
    signers = [inline(f) for f in event.facilitators if mdutil.one_line(f)]
    blocks.append(
        "Demikian berita acara ini dibuat untuk digunakan sebagaimana mestinya.\n\n"
        + "Fasilitator: "
        + (", ".join(signers) if signers else "........................")
    )
    return join_blocks(blocks)


# ---------------------------------------------------------------------------------------------
# Workshop report: progress of every unit through the five stages
# ---------------------------------------------------------------------------------------------


def _bar(percent: int) -> str:
    p = max(0, min(100, percent))
    filled = round(p / 20)
    return "■" * filled + "□" * (5 - filled) + f" {p}%"


def report_markdown(
    event: Event,
    summaries: Sequence[UnitReport],
    stages: Sequence[tuple[str, str]],
) -> str:
    """The workshop report: one row per unit, one column per stage (``(id, name)`` pairs)."""
    header = ["No", "Unit", *(inline(name) for _, name in stages), "Kebutuhan", "SOP", "Disahkan"]
    rows = [
        [
            str(i),
            cell(s.unit.name, empty=EMPTY),
            *(_bar(s.stages.get(stage_id, 0)) for stage_id, _ in stages),
            str(s.needs),
            str(s.sops),
            str(s.approved),
        ]
        for i, s in enumerate(summaries, start=1)
    ]
    total_sops = sum(s.sops for s in summaries)
    total_approved = sum(s.approved for s in summaries)
    period = " s.d. ".join(inline(d) for d in (event.start_date, event.end_date) if d)
    blocks = [
        "# Laporan Pendampingan Penyusunan SOP AP",
        f"**{inline(event.title) or 'Pendampingan SOP AP'}**",
        "  \n".join(
            line
            for line in (
                f"Penyelenggara: {inline(event.organiser)}" if event.organiser else "",
                f"Pemerintah daerah: {inline(event.host_government)}"
                if event.host_government
                else "",
                f"Tempat: {inline(event.venue)}" if event.venue else "",
                f"Waktu: {period}" if period else "",
            )
            if line
        ),
        "## Ringkasan",
        f"{len(summaries)} unit mengikuti pendampingan; {total_sops} SOP disusun, "
        f"{total_approved} di antaranya telah disahkan.",
        "## Kemajuan per Unit",
        table(header, rows) if rows else "Belum ada unit.",
        "Persentase menunjukkan kemajuan unit pada setiap tahap (■ = 20%).",
    ]
    return join_blocks(blocks)
