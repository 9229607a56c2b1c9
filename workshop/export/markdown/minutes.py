"""The minutes of a session (berita acara pendampingan).

Pure functions: model values in, Markdown out (see :mod:`workshop.export.markdown`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from workshop.datetext import long_date
from workshop.export import mdutil
from workshop.export.markdown.letter import signature_table
from workshop.export.mdutil import (
    EMPTY,
    cell,
    cell_list,
    inline,
    join_blocks,
    or_dash,
    table,
)
from workshop.model import (
    Event,
    Member,
    Session,
    Unit,
)

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
    when = inline(long_date(session.date))
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
            or_dash(a.due),
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
    facilitators = [f for f in event.facilitators if mdutil.one_line(f)] or [""]
    blocks += [
        "Demikian notulen ini dibuat untuk digunakan sebagaimana mestinya.",
        "## Tanda Tangan",
        signature_table(
            [*(("Fasilitator", f, event.organiser) for f in facilitators), ("Notulis", "", "")]
        ),
    ]
    return join_blocks(blocks)
