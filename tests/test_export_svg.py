"""The SVG flowchart: symbols, branch labels, pages and connectors, watermark, routing."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_export_support import SVG_NS, long_sop, surat_masuk, svg_root, symbols, texts

from workshop import flow
from workshop.export.svg import PAGE_H, PAGE_W, connector_letter, flowchart_svg
from workshop.model import Sop, Step

STEP_KINDS = ("start", "process", "decision", "end")


def _step_symbols(pages: list[str]) -> list[ET.Element]:
    return [e for page in pages for e in symbols(page) if e.get("data-kind") in STEP_KINDS]


def test_one_symbol_per_step_with_the_right_kind() -> None:
    sop = surat_masuk()
    pages = flowchart_svg(sop, approved=False)
    assert len(pages) == 1
    found = _step_symbols(pages)
    assert [int(e.get("data-step", "0")) for e in found] == list(range(1, 9))
    assert [e.get("data-kind") for e in found] == [s.kind for s in sop.steps]
    shapes = {e.get("data-kind"): e.tag.removeprefix(SVG_NS) for e in found}
    assert shapes == {"start": "rect", "process": "rect", "decision": "polygon", "end": "rect"}
    capsules = [e for e in found if e.get("data-kind") in ("start", "end")]
    assert all(float(e.get("rx", "0")) > 0 for e in capsules)
    boxes = [e for e in found if e.get("data-kind") == "process"]
    assert all(e.get("rx") is None for e in boxes)


def test_symbol_sits_in_the_performers_column() -> None:
    sop = surat_masuk()
    page = flowchart_svg(sop, approved=True)[0]
    header_x = {}
    for text in svg_root(page).iter(SVG_NS + "text"):
        if text.get("class") == "head":
            spans = list(text.iter(SVG_NS + "tspan"))
            if spans:
                header_x[" ".join("".join(s.itertext()) for s in spans)] = float(
                    spans[0].get("x", "0")
                )
    assert set(sop.actors) <= set(header_x)
    for e in _step_symbols([page]):
        step = sop.step(int(e.get("data-step", "0")))
        assert _center(e)[0] == pytest.approx(header_x[step.actor])


def test_decision_branches_have_ya_and_tidak_labels() -> None:
    sop = surat_masuk()
    page = flowchart_svg(sop, approved=False)[0]
    root = svg_root(page)
    labels = Counter(
        (e.get("data-from"), "".join(e.itertext()))
        for e in root.iter(SVG_NS + "text")
        if e.get("class") == "edge-label"
    )
    assert labels == Counter({("2", "Ya"): 1, ("2", "Tidak"): 1, ("5", "Ya"): 1, ("5", "Tidak"): 1})
    edges = {
        (e.get("data-from"), e.get("data-to"), e.get("data-label"))
        for e in root.iter(SVG_NS + "path")
        if e.get("class") == "edge"
    }
    expected = {
        (str(n), str(t), label) for n in range(1, 9) for t, label in flow.successors(sop, n)
    }
    assert edges == expected


def test_forty_steps_are_split_with_matching_connector_letters() -> None:
    sop = long_sop(40)
    pages = flowchart_svg(sop, approved=False, rows_per_page=20)
    assert len(pages) == 2
    per_page = [sorted(int(e.get("data-step", "0")) for e in _step_symbols([p])) for p in pages]
    assert per_page == [list(range(1, 21)), list(range(21, 41))]

    # Arrows that cross the cut: 20 -> 21 (flow) and 21 -> 18 (a Tidak loop-back).
    crossing = [
        (n, t)
        for n in range(1, 41)
        for t, _ in flow.successors(sop, n)
        if (n - 1) // 20 != (t - 1) // 20
    ]
    assert crossing == [(20, 21), (21, 18)]
    connectors: dict[str, list[tuple[int, int]]] = {}
    for index, page in enumerate(pages):
        for e in symbols(page):
            if e.get("data-kind") == "connector":
                connectors.setdefault(e.get("data-connector", ""), []).append(
                    (index, int(e.get("data-step", "0")))
                )
    # One letter per crossing arrow, each letter on both sides of the cut, at its two ends.
    assert connectors == {"A": [(0, 20), (1, 21)], "B": [(0, 18), (1, 21)]}
    # Every connector shows its letter.
    for page in pages:
        n_connectors = sum(1 for e in symbols(page) if e.get("data-kind") == "connector")
        assert sorted(texts(page, "connector-label")) == sorted(
            e.get("data-connector", "") for e in symbols(page) if e.get("data-kind") == "connector"
        )
        assert n_connectors == 2
    # The Tidak label of decision 21 goes with the arrow to connector B on page 2.
    b_edges = [
        e
        for e in svg_root(pages[1]).iter(SVG_NS + "path")
        if e.get("data-via") == "B" and e.get("data-from") == "21"
    ]
    assert [e.get("data-label") for e in b_edges] == ["Tidak"]


def test_many_connectors_are_lettered_past_z() -> None:
    assert [connector_letter(i) for i in (0, 1, 25, 26, 27, 51, 52)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
    ]


def test_page_count_follows_rows_per_page() -> None:
    assert len(flowchart_svg(long_sop(40), approved=True, rows_per_page=10)) == 4
    assert len(flowchart_svg(long_sop(20), approved=True, rows_per_page=20)) == 1
    assert flowchart_svg(Sop(title="Kosong"), approved=True) == []


def _watermarks(page: str) -> list[str]:
    return [
        "".join(e.itertext())
        for e in svg_root(page).iter(SVG_NS + "text")
        if e.get("class") == "watermark"
    ]


def test_approved_sops_have_no_watermark() -> None:
    pages = flowchart_svg(long_sop(40), approved=True)
    assert all(_watermarks(p) == [] for p in pages)
    assert all("DRAF" not in "".join(svg_root(p).itertext()) for p in pages)


def test_every_page_of_a_draft_has_the_watermark() -> None:
    pages = flowchart_svg(long_sop(40), approved=False)
    assert [_watermarks(p) for p in pages] == [["DRAF"], ["DRAF"]]
    for p in pages:
        mark = next(e for e in svg_root(p).iter(SVG_NS + "text") if e.get("class") == "watermark")
        assert "rotate(-30" in mark.get("transform", "")


def test_user_text_is_escaped_and_svg_has_no_scripts_or_links() -> None:
    sop = surat_masuk()
    sop.title = 'A & B <script>alert("x")</script>'
    sop.actors[0] = "<b onload='x'>Petugas</b>"
    for s in sop.steps:
        if s.actor == "Pengadministrasi Umum":
            s.actor = sop.actors[0]
    sop.steps[2].note = "]]> <!-- --> &amp;"
    page = flowchart_svg(sop, approved=False)[0]
    root = svg_root(page)  # well-formed XML
    tags = {e.tag.removeprefix(SVG_NS) for e in root.iter()}
    assert tags <= {"svg", "title", "rect", "text", "tspan", "line", "path", "polygon"}
    for e in root.iter():
        assert not any(k.lower().startswith("on") or "href" in k for k in e.attrib)
    assert 'A & B <script>alert("x")</script>' in "".join(root.itertext())


# -- routing -----------------------------------------------------------------------------------


def _center(e: ET.Element) -> tuple[float, float]:
    if e.tag == SVG_NS + "rect":
        return (
            float(e.get("x", "0")) + float(e.get("width", "0")) / 2,
            float(e.get("y", "0")) + float(e.get("height", "0")) / 2,
        )
    pts = _points(e)
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def _points(e: ET.Element) -> list[tuple[float, float]]:
    return [(float(a), float(b)) for a, b in (p.split(",") for p in e.get("points", "").split())]


def _inside(e: ET.Element, x: float, y: float, margin: float = 1.5) -> bool:
    """Is (x, y) strictly inside the symbol (shrunk by ``margin``)?"""
    if e.tag == SVG_NS + "rect":
        x0, y0 = float(e.get("x", "0")), float(e.get("y", "0"))
        w, h = float(e.get("width", "0")), float(e.get("height", "0"))
        r = float(e.get("rx", "0"))
        if not (x0 + margin < x < x0 + w - margin and y0 + margin < y < y0 + h - margin):
            return False
        if r == 0:
            return True
        cx = min(max(x, x0 + r), x0 + w - r)
        cy = y0 + h / 2
        return (x - cx) ** 2 + (y - cy) ** 2 < (r - margin) ** 2
    pts = _points(e)
    cx, cy = _center(e)
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    a, b = (max(xs) - min(xs)) / 2, (max(ys) - min(ys)) / 2
    if e.get("data-kind") == "decision":
        return abs(x - cx) / (a - margin) + abs(y - cy) / (b - margin) < 1
    return abs(x - cx) < a - margin and abs(y - cy) < b - margin


def _segments(d: str) -> list[tuple[float, float, float, float]]:
    nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", d)]
    pts = list(zip(nums[::2], nums[1::2], strict=True))
    return [(*pts[i], *pts[i + 1]) for i in range(len(pts) - 1)]


def two_skips() -> Sop:
    """A decision whose Ya and Tidak both jump forward (both would leave on the right)."""
    return Sop(
        title="Dua Lompatan",
        actors=["A", "B", "C"],
        steps=[
            Step("Mulai", "A", "start"),
            Step("Apakah lengkap?", "A", "decision", if_yes=4, if_no=5),
            Step("Melengkapi", "B"),
            Step("Memeriksa", "A", next=6),
            Step("Menolak", "C"),
            Step("Selesai", "A", "end"),
        ],
    )


@pytest.mark.parametrize(
    ("sop", "rows"),
    [
        (surat_masuk(), 20),
        (surat_masuk(), 4),
        (long_sop(40), 20),
        (long_sop(30), 12),
        (two_skips(), 20),
        (two_skips(), 3),
    ],
    ids=["surat-masuk", "surat-masuk-paged", "long-40", "long-30-paged", "skips", "skips-paged"],
)
def test_arrows_are_orthogonal_and_never_cross_a_symbol(sop: Sop, rows: int) -> None:
    for page in flowchart_svg(sop, approved=True, rows_per_page=rows):
        _assert_clean_routes(page)


def _bbox(e: ET.Element) -> tuple[float, float, float, float]:
    if e.tag == SVG_NS + "rect":
        x, y = float(e.get("x", "0")), float(e.get("y", "0"))
        return x, y, x + float(e.get("width", "0")), y + float(e.get("height", "0"))
    pts = _points(e)
    return (
        min(p[0] for p in pts),
        min(p[1] for p in pts),
        max(p[0] for p in pts),
        max(p[1] for p in pts),
    )


def _assert_clean_routes(page: str) -> None:
    """Every arrow segment is horizontal or vertical and never enters a symbol."""
    shapes = [(s, _bbox(s)) for s in symbols(page)]
    paths = [e for e in svg_root(page).iter(SVG_NS + "path") if e.get("class") == "edge"]
    for path in paths:
        for x1, y1, x2, y2 in _segments(path.get("d", "")):
            assert x1 == x2 or y1 == y2, path.get("d")
            lo_x, hi_x, lo_y, hi_y = min(x1, x2), max(x1, x2), min(y1, y2), max(y1, y2)
            near = [
                s for s, (a, b, c, d) in shapes if lo_x < c and hi_x > a and lo_y < d and hi_y > b
            ]
            length = max(hi_x - lo_x, hi_y - lo_y)
            for i in range(int(length) + 1):
                t = i / length if length else 0
                x, y = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
                hit = [s.get("data-step") for s in near if _inside(s, x, y)]
                assert hit == [], f"arrow {path.get('d')} crosses symbol {hit}"


@st.composite
def flows(draw: st.DrawFn) -> tuple[Sop, int]:
    n = draw(st.integers(min_value=2, max_value=30))
    actors = [f"Pelaksana {i}" for i in range(draw(st.integers(min_value=1, max_value=8)))]
    steps = []
    for i in range(1, n + 1):
        kind = (
            "start"
            if i == 1
            else "end"
            if i == n
            else draw(st.sampled_from(["process", "process", "decision", "end"]))
        )
        target = st.integers(min_value=1, max_value=n)
        steps.append(
            Step(
                f"Langkah {i}",
                draw(st.sampled_from(actors)),
                kind,
                if_yes=draw(st.none() | target) if kind == "decision" else None,
                if_no=draw(target) if kind == "decision" else None,
                next=draw(st.none() | target) if kind in ("start", "process") else None,
            )
        )
    return Sop(title="Acak", actors=actors, steps=steps), draw(st.integers(2, 20))


@settings(max_examples=40, deadline=None)
@given(flows())
def test_random_flows_route_around_every_symbol(case: tuple[Sop, int]) -> None:
    sop, rows = case
    pages = flowchart_svg(sop, approved=True, rows_per_page=rows)
    assert len(_step_symbols(pages)) == len(sop.steps)
    letters = Counter(
        e.get("data-connector")
        for p in pages
        for e in symbols(p)
        if e.get("data-kind") == "connector"
    )
    assert all(count == 2 for count in letters.values())
    for page in pages:
        _assert_clean_routes(page)


def test_loop_back_goes_around_on_the_left() -> None:
    sop = surat_masuk()  # step 5 (Kasubbag Umum) Tidak -> 3 (Pengadministrasi Umum)
    page = flowchart_svg(sop, approved=True)[0]
    loop = next(
        e
        for e in svg_root(page).iter(SVG_NS + "path")
        if e.get("data-from") == "5" and e.get("data-to") == "3"
    )
    segs = _segments(loop.get("d", ""))
    assert len(segs) == 3
    (x1, _, lane, _), (_, ya, _, yb), (_, _, x_end, _) = segs
    step3 = next(e for e in symbols(page) if e.get("data-step") == "3")
    left_of_3 = float(step3.get("x", "0"))
    assert lane < left_of_3 < x1  # the lane runs left of the target's column symbol
    assert ya > yb  # upwards
    assert x_end == pytest.approx(left_of_3)  # enters step 3 from its left side


def test_unlisted_actor_and_bad_target_do_not_crash() -> None:
    sop = Sop(
        title="Rusak",
        actors=["A"],
        steps=[
            Step("Mulai", "A", "start"),
            Step("Apakah benar?", "", "decision", if_no=99),
            Step("Selesai", "C", "end"),
        ],
    )
    page = flowchart_svg(sop, approved=False)[0]
    assert len(_step_symbols([page])) == 3
    heads = " ".join(texts(page, "head"))
    assert "(pelaksana belum diisi)" in heads and "C" in heads


def _height(page: str) -> float:
    return float(svg_root(page).get("viewBox", "0 0 0 0").split()[3])


def test_pages_fit_a4_landscape_and_long_rows_start_new_pages() -> None:
    sop = long_sop(40)
    pages = flowchart_svg(sop, approved=True)
    assert all(_height(p) <= PAGE_H for p in pages)
    assert all(float(svg_root(p).get("viewBox", "").split()[2]) == PAGE_W for p in pages)
    for step in sop.steps:
        step.activity = "Memeriksa kelengkapan berkas permohonan " * 4  # four lines
    tall = flowchart_svg(sop, approved=True)
    assert len(tall) > 2 and all(_height(p) <= PAGE_H * 1.15 for p in tall)
    counted = sorted(int(e.get("data-step", "0")) for e in _step_symbols(tall))
    assert counted == list(range(1, 41))
    # without a height limit only rows_per_page cuts
    assert len(flowchart_svg(sop, approved=True, page_height=None)) == 2


def test_more_actors_than_fit_widen_the_page() -> None:
    sop = long_sop(10)
    sop.actors = [f"Pelaksana {i}" for i in range(10)]
    for i, step in enumerate(sop.steps):
        step.actor = sop.actors[i % 10]
    page = flowchart_svg(sop, approved=True)[0]
    assert float(svg_root(page).get("viewBox", "").split()[2]) > PAGE_W


def test_total_time_is_printed_under_the_last_page_only() -> None:
    pages = flowchart_svg(long_sop(40), approved=True)
    assert [texts(p, "total-time") for p in pages] == [
        [],
        ["Total waktu (jalur Ya): 3 jam 20 menit."],
    ]


def test_two_forward_branches_leave_from_different_points() -> None:
    page = flowchart_svg(two_skips(), approved=False)[0]
    firsts = {
        e.get("data-label"): _segments(e.get("d", ""))[0][:2]
        for e in svg_root(page).iter(SVG_NS + "path")
        if e.get("data-from") == "2"
    }
    diamond = next(e for e in symbols(page) if e.get("data-step") == "2")
    cx, cy = _center(diamond)
    assert firsts["Ya"][0] == pytest.approx(cx) and firsts["Ya"][1] > cy  # bottom vertex
    assert firsts["Tidak"][0] > cx and firsts["Tidak"][1] == pytest.approx(cy)  # right vertex


@pytest.mark.parametrize(("steps", "pages"), [(9, 1), (10, 1), (11, 2), (19, 2)])
def test_a_lone_last_step_is_folded_into_the_page_before(steps: int, pages: int) -> None:
    sop = long_sop(steps)
    for step in sop.steps:
        step.activity = "Memeriksa kelengkapan berkas permohonan " * 3  # four lines: 9 rows fit
    result = flowchart_svg(sop, approved=True)
    assert len(result) == pages
    assert all(_height(p) <= PAGE_H * 1.15 for p in result)
