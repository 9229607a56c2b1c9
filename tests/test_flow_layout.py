"""The flowchart layout: text wrapped only at spaces, geometry in mm on the chosen paper."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from test_export_support import long_sop, surat_masuk, texts

from workshop.docsettings import PAPERS, find_paper
from workshop.export import flow_layout as fl
from workshop.export import mdutil
from workshop.export.fontwidths import text_width
from workshop.export.svg import flowchart_svg
from workshop.model import Sop, Step

LONG_NAMES = [
    "Pengadministrasi Umum",
    "Kasubbag Umum dan Kepegawaian",
    "Sekretaris",
    "Kepala Dinas",
    "Kepala Bidang Pembinaan",
    "Verifikator Keuangan",
    "Bendahara Pengeluaran Pembantu",
    "Pengelola Kepegawaian",
]


def crowded() -> Sop:
    """Eight actors with long names (narrow columns) and a long word in the narrow Waktu."""
    steps = [Step("Mulai", LONG_NAMES[0], "start", time="5 menit")]
    for i, actor in enumerate(LONG_NAMES[1:], start=2):
        steps.append(Step(f"Memeriksa berkas {i}", actor, time="dikembalikan",
                          note="Berkas dikembalikan kepada pemohon"))
    steps.append(Step("Selesai", LONG_NAMES[0], "end"))
    return Sop(title="Ramai", actors=list(LONG_NAMES), steps=steps)


def test_actor_names_and_narrow_cells_are_never_cut_mid_word() -> None:
    sop = crowded()
    page = flowchart_svg(sop, approved=True)[0]
    heads = texts(page, "head")
    for name in LONG_NAMES:
        assert name in heads  # the lines of the header, joined by spaces, give the name back
    words = {w for s in sop.steps for v in (s.activity, s.time, s.note) for w in v.split()}
    layout = fl.flow_pages(sop)[0]
    for row in layout.rows:
        for _, block in row.cells:
            for line in block.lines:
                assert set(line.split()) <= words | {str(n) for n in range(1, 10)} | {"-"}
    for cell in layout.header:
        assert " ".join(cell.text.lines) in {*LONG_NAMES, "No", "Kegiatan", "Pelaksana",
                                             "Mutu Baku", "Kelengkapan", "Waktu", "Output",
                                             "Keterangan"}


def test_a_word_wider_than_its_column_shrinks_the_font_to_fit() -> None:
    layout = fl.flow_pages(crowded())[0]
    column = next(c for c in layout.columns if c.key == "time")
    block = next(b for row in layout.rows for i, b in row.cells
                 if layout.columns[i].key == "time" and "dikembalikan" in b.lines)
    assert block.font < fl.FONT
    assert text_width("dikembalikan", block.font) <= column.width - 2 * fl.PAD
    actor = next(c for c in layout.header if c.text.lines and "Pengadministrasi" in c.text.lines)
    assert actor.text.font <= fl.SMALL
    assert text_width("Pengadministrasi", actor.text.font) <= actor.text.box.w - 2 * fl.PAD


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab -\t\nxyzWMé\u00a0")), max_size=90),
    st.sampled_from([8.0, 13.6, 18.0, 37.0, 56.0]),
    st.booleans(),
)
def test_wrap_breaks_only_at_spaces_and_fits(text: str, width: float, bold: bool) -> None:
    lines, size = fl.wrap_text(text, width, fl.FONT, bold=bold)
    flat = mdutil.one_line(text)
    assert " ".join(lines) == flat
    assert fl.MIN_FONT <= size <= fl.FONT
    for line in lines:
        fits = text_width(line, size, bold=bold) <= width - 2 * fl.PAD + 1e-9
        assert fits or (" " not in line and size == fl.MIN_FONT)
    assert fl.wrap_text(text, width, fl.FONT, bold=bold) == (lines, size)  # memo


def test_pages_are_in_mm_on_the_chosen_paper() -> None:
    sop = long_sop(26)
    for paper in PAPERS:
        width, height = fl.printable_area(paper)
        pages = fl.flow_pages(sop, paper)
        assert all(p.height <= height for p in pages)
        assert all(abs(p.width - width) < 1e-6 for p in pages)
        steps = [s for p in pages for s in p.steps]
        assert steps == list(range(1, 27))
        for page in pages:
            for sym in page.symbols:
                col = next(c for c in page.columns if c.actor is not None
                           and c.label == sop.actors[sop.actors.index(sop.step(sym.step).actor)])
                if sym.kind != "connector":
                    assert col.x < sym.x - sym.half_w and sym.x + sym.half_w < col.x + col.width
    a4, f4 = find_paper("a4"), find_paper("f4")
    assert a4 is not None and f4 is not None
    assert fl.flow_pages(sop, f4)[0].columns[2].width > fl.flow_pages(sop, a4)[0].columns[2].width


def test_surat_masuk_routes_reference_their_symbols() -> None:
    page = fl.flow_pages(surat_masuk())[0]
    for route in page.routes:
        start, end = page.symbols[route.start], page.symbols[route.end]
        assert (start.step, end.step) == (route.source, route.target)
        assert len(route.points) >= 2
