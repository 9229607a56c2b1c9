"""Property tests: no user text breaks a table, injects markup, or escapes the output folder.

Every text field gets pipes, newlines, backticks, ``<script>``, markup brackets, entities,
right-to-left text and emoji, mixed with arbitrary Unicode.
"""

from __future__ import annotations

import re
import tempfile
import xml.etree.ElementTree as ET
from functools import partial
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_export_support import paragraphs, table_with, tables

from workshop.datetext import BLANK
from workshop.export.html import render_html
from workshop.export.markdown import (
    NEEDS_HEADER,
    book_markdown,
    minutes_markdown,
    needs_markdown,
    sop_markdown,
)
from workshop.export.mdutil import inline, one_line
from workshop.export.naming import slugify, unique_names
from workshop.export.svg import flowchart_svg
from workshop.exporting import Job, run_jobs
from workshop.model import (
    ActionItem,
    AgendaItem,
    Approval,
    Dates,
    Event,
    Member,
    NeedRow,
    Session,
    Sop,
    SopRecord,
    Step,
    Unit,
)
from workshop.names import is_reserved

FRAGMENTS = [
    "|",
    "CON",  # Windows device names
    "lpt1",
    "\\|",
    "\\",
    "\n",
    "\r\n",
    "\t",
    "`",
    "```",
    "*",
    "**",
    "_",
    "[",
    "]",
    "[/x]",
    "[b]teks[/b]",
    "](javascript:alert(1))",
    "<",
    ">",
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    '" onload="alert(1)',
    "<!--",
    "]]>",
    "&",
    "&amp;",
    "&#60;",
    "#",
    "# ",
    "- ",
    "1. ",
    "---",
    "===",
    "    ",
    "~~",
    "!",
    "{",
    "}",
    "..",
    "/",
    "../",
    "\x00",
    "\u2028",
    "\u00a0",
    "\u202e",
    "\u200f",
    "العربية",
    "עברית",
    "😀",
    "👨‍👩‍👧",
    "Menerima surat",
    "Kasubbag Umum",
    " ",
]

nasty = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.characters(codec="utf-8")), max_size=10
).map("".join)
nasty_list = st.lists(nasty, max_size=3)

PROPS = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Whole SOPs are costly to generate: fewer examples (each has dozens of nasty fields).
SOP_PROPS = settings(PROPS, max_examples=40)


def _sop(draw: st.DrawFn) -> Sop:
    actors = draw(st.lists(nasty, min_size=1, max_size=4))
    n = draw(st.integers(min_value=1, max_value=6))
    steps = []
    for _ in range(n):
        kind = draw(st.sampled_from(["start", "process", "decision", "end"]))
        steps.append(
            Step(
                activity=draw(nasty),
                actor=draw(st.sampled_from(actors)) if draw(st.booleans()) else draw(nasty),
                kind=kind,
                requirements=draw(nasty_list),
                time=draw(nasty),
                output=draw(nasty),
                note=draw(nasty),
                if_yes=draw(st.none() | st.integers(min_value=0, max_value=n + 1)),
                if_no=draw(st.none() | st.integers(min_value=1, max_value=n))
                if kind == "decision"
                else None,
                next=draw(st.none() | st.integers(min_value=1, max_value=n)),
            )
        )
    return Sop(
        title=draw(nasty),
        number=draw(nasty),
        unit=draw(nasty),
        dates=Dates(draw(nasty), None, draw(st.none() | nasty)),
        approval=Approval(draw(nasty), draw(nasty), draw(nasty)),
        legal_basis=draw(nasty_list),
        qualifications=draw(nasty_list),
        related=draw(nasty_list),
        equipment=draw(nasty_list),
        warnings=draw(nasty_list),
        records=draw(nasty_list),
        actors=actors,
        steps=steps,
    )


sops = st.composite(_sop)()


# -- Markdown ----------------------------------------------------------------------------------


@PROPS
@given(nasty)
def test_escaped_text_renders_literally(text: str) -> None:
    shown = paragraphs(inline(text) or "x")
    assert shown == [one_line(text) or "x"]


@PROPS
@given(st.lists(st.tuples(*[nasty] * 7), min_size=1, max_size=5))
def test_needs_table_never_breaks(rows: list[tuple[str, ...]]) -> None:
    needs = [
        NeedRow(str(i), tugas=a, fungsi=b, uraian_tugas=c, kegiatan=d, output=e, aspek=f, title=g)
        for i, (a, b, c, d, e, f, g) in enumerate(rows)
    ]
    table = table_with(needs_markdown(Unit("u", "Unit"), needs), "No")
    assert table.header == list(NEEDS_HEADER)
    assert [row[1:] for row in table.rows] == [[one_line(v) for v in r] for r in rows]


@SOP_PROPS
@given(sops)
def test_flowchart_table_never_breaks(sop: Sop) -> None:
    md = sop_markdown(sop)
    flow = [t for t in tables(md) if t.header[:2] == ["No", "Kegiatan"]]
    assert len(flow) == 1
    table = flow[0]
    width = len(table.header)
    n_actor_cols = width - 6
    assert table.header[-4:] == ["Kelengkapan", "Waktu", "Output", "Keterangan"]
    assert len(table.rows) == len(sop.steps)
    for number, row in enumerate(table.rows, start=1):
        assert len(row) == width
        assert row[0] == str(number)
        assert row[1] == one_line(sop.step(number).activity)
        assert sum(1 for c in row[2 : 2 + n_actor_cols] if c.strip()) == 1
        assert row[-1] == one_line(sop.step(number).note)
    kop = table_with(md, "Nomor SOP")
    assert len(kop.rows) == 5 and all(len(r) == 2 for r in kop.rows)
    assert dict(kop.rows)["Nama SOP"] == (one_line(sop.title) or BLANK)


@SOP_PROPS
@given(st.lists(sops, min_size=1, max_size=2), nasty, nasty)
def test_book_tables_never_break(items: list[Sop], unit_name: str, year: str) -> None:
    records = [SopRecord(str(i), s) for i, s in enumerate(items)]
    md = book_markdown(Unit("u", unit_name), records, Event(host_government=unit_name), year=year)
    contents = next(t for t in tables(md) if "Status" in t.header)
    assert contents.header == ["No", "Nomor SOP", "Nama SOP", "Status"]
    assert [r[2] for r in contents.rows] == [one_line(s.title) or "-" for s in items]
    decree = table_with(md, "No")  # the Lampiran of the Keputusan comes first
    assert decree.header == ["No", "Nomor SOP", "Nama SOP"]
    assert [r[2] for r in decree.rows] == [one_line(s.title) or "........" for s in items]


@PROPS
@given(nasty, nasty, nasty, nasty_list)
def test_minutes_tables_never_break(name: str, title: str, what: str, produced: list[str]) -> None:
    unit = Unit("u", name)
    session = Session(
        "s",
        title,
        agenda=[AgendaItem(what, "kebutuhan", 30, what)],
        attended_members=["m"],
        actions=[ActionItem(what, "u", what)],
        decisions=[what],
    )
    md = minutes_markdown(
        Event(), session, [unit], [Member("m", "u", name, position=what)], {"u": produced}
    )
    attendance = table_with(md, "No")
    assert attendance.rows == [
        ["1", one_line(name) or "-", one_line(name) or "-", one_line(what) or "-", "Anggota"]
    ]
    results = next(t for t in tables(md) if "Yang Dihasilkan" in t.header)
    assert len(results.rows) == 1 and len(results.rows[0]) == 3


# -- HTML and SVG ------------------------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


@SOP_PROPS
@given(sops, st.booleans())
def test_html_never_has_scripts_or_event_attributes(sop: Sop, approved: bool) -> None:
    html = render_html(sop_markdown(sop), title=sop.title, sops=[(sop, approved)])
    parser = _Tags()
    parser.feed(html)
    parser.close()
    allowed = {
        "html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "p", "table",
        "thead", "tbody", "tr", "th", "td", "strong", "ol", "ul", "li", "figure", "div",
        "section",
        "svg", "rect", "text", "tspan", "line", "path", "polygon",
    }  # fmt: skip
    for tag, attrs in parser.tags:
        assert tag in allowed, tag
        for key, _ in attrs:
            assert not key.startswith("on"), (tag, key)
            assert key not in ("href", "src", "xlink:href", "style"), (tag, key)
    assert "<script" not in html.lower()
    svgs = re.findall(r"<svg .*?</svg>", html, flags=re.S)
    assert len(svgs) == len(flowchart_svg(sop, approved=approved))
    for svg in svgs:
        ET.fromstring(svg)  # well-formed


# -- file names --------------------------------------------------------------------------------


@PROPS
@given(st.lists(nasty, min_size=1, max_size=8))
def test_names_are_safe_stable_and_unique(titles: list[str]) -> None:
    names = unique_names(titles, "md")
    assert names == unique_names(list(titles), "md")
    assert len(set(names)) == len(names)
    for name in names:
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*\.md", name), name
        assert len(name) <= 60 + 12
        assert not is_reserved(name)  # never a Windows device name (con.md, nul.md...)
    assert all(slugify(t) for t in titles)


def _heading_of(title: str) -> str:
    return f"# {inline(title)}\n"


@PROPS
@given(st.lists(nasty, min_size=1, max_size=6), nasty)
def test_exports_never_write_outside_the_output_folder(
    titles: list[str], folder_title: str
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        out = root / "out"
        folder = unique_names([folder_title], "d")[0]
        jobs = [
            Job((folder, name), partial(_heading_of, t))
            for t, name in zip(titles, unique_names(titles, "md"), strict=True)
        ]
        written = run_jobs(jobs, out)
        assert len(written) == len(titles)
        everything = [p for p in root.rglob("*") if p.is_file()]
        assert sorted(everything) == sorted(written)
        for p in everything:
            assert p.resolve().is_relative_to(out.resolve())
