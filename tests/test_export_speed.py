"""The fast paths of the exporters give exactly what the plain versions gave (issue 12)."""

from __future__ import annotations

import html as html_lib
import importlib
import os
import re
import sys
from functools import partial
from pathlib import Path
from xml.sax.saxutils import escape as sax_escape
from xml.sax.saxutils import quoteattr

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_export_properties import nasty, sops

from workshop import flow, writing
from workshop.export import html as html_export
from workshop.export import mdutil, svg
from workshop.export.html import render_html, sop_html
from workshop.export.markdown import default_document, sop_markdown
from workshop.exporting import ExportFailed, Job, run_jobs, workshop_jobs
from workshop.model import Sop, Step
from workshop.store import Store

ROOT = Path(__file__).resolve().parent.parent

# The implementation before the fast paths, kept here as the reference.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~!{}])")
_LEADING = re.compile(r"^([#+\-=>]|\d+[.)])")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")


def _ref_one_line(text: str) -> str:
    return " ".join(_CONTROL.sub("", text).split())


def _ref_inline(text: str) -> str:
    escaped = _SPECIAL.sub(r"\\\1", _ref_one_line(text))
    return _LEADING.sub(lambda m: mdutil._escape_marker(m.group(1)), escaped)


TRICKY = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("#+-=>.)1٣² \t\n\r\x0b\x0c\x1c\x85\xa0\u2028")),
        st.sampled_from(list("*_`[]<>|&~!{}\\\x00\x7f\x9f")),
        st.characters(),
    ),
    max_size=30,
)


@settings(max_examples=2000, deadline=None)
@given(TRICKY)
def test_inline_and_one_line_match_the_reference(text: str) -> None:
    assert mdutil.one_line(text) == _ref_one_line(text)
    assert mdutil.inline(text) == _ref_inline(text)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("1. Kepala", "1\\. Kepala"),
        ("# judul", "\\# judul"),
        ("> kutip", "\\> kutip"),
        ("a|b", "a\\|b"),
        ("Baris\x07 satu\nbaris dua", "Baris satu baris dua"),
        ("biasa saja", "biasa saja"),
    ],
)
def test_inline_examples(text: str, shown: str) -> None:
    assert mdutil.inline(text) == shown


@pytest.mark.skipif(sys.platform == "win32",
                    reason="making a symlink needs administrator rights or developer mode")
def test_run_jobs_refuses_a_folder_symlink_leaving_the_output(tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "unit").symlink_to(elsewhere)
    with pytest.raises(ExportFailed, match="akan keluar dari folder keluaran"):
        run_jobs([Job(("unit", "a.md"), lambda: "x")], out)
    assert list(elsewhere.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32",
                    reason="making a symlink needs administrator rights or developer mode")
def test_run_jobs_refuses_a_file_symlink_leaving_the_output(tmp_path: Path) -> None:
    out, outside = tmp_path / "out", tmp_path / "outside.md"
    out.mkdir()
    outside.write_text("asli", encoding="utf-8")
    (out / "a.md").symlink_to(outside)
    with pytest.raises(ExportFailed, match="tautan simbolik"):
        run_jobs([Job(("a.md",), lambda: "x")], out)
    assert outside.read_text(encoding="utf-8") == "asli"


def test_run_jobs_writes_nested_files_in_job_order(tmp_path: Path) -> None:
    jobs = [Job((f"u{i % 3}", f"s{i}.md"), partial("isi {}\n".format, i)) for i in range(7)]
    written = run_jobs(jobs, tmp_path / "out")
    assert written == [tmp_path / "out" / f"u{i % 3}" / f"s{i}.md" for i in range(7)]
    assert [p.read_bytes() for p in written] == [f"isi {i}\n".encode() for i in range(7)]


# -- the process pool ----------------------------------------------------------------------------


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.*")}


@pytest.fixture
def synth_store(tmp_path: Path) -> Store:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        synth = importlib.import_module("synth")
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    synth.make_workshop(tmp_path / "ws", synth.Size(units=3, sops=9, steps=15))
    return Store.open(tmp_path / "ws")


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_pool_writes_the_same_files_as_one_process(
    synth_store: Store, tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writing, "POOL_CHUNK", 4)
    jobs = workshop_jobs(synth_store, "sop", fmt, None)
    assert len(jobs) == 27 and all(job.pure for job in jobs)
    serial = run_jobs(jobs, tmp_path / "serial", workers=1)
    pooled = run_jobs(jobs, tmp_path / "pool", workers=2)
    assert [p.relative_to(tmp_path / "pool") for p in pooled] == [
        p.relative_to(tmp_path / "serial") for p in serial
    ]
    assert _tree(tmp_path / "pool") == _tree(tmp_path / "serial")
    assert len(_tree(tmp_path / "pool")) == 27


@pytest.mark.skipif(sys.platform == "win32",
                    reason="the export pool forks; Windows exports in one process")
def test_large_exports_use_worker_processes_and_keep_job_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writing, "POOL_MIN", 10)
    monkeypatch.setattr(writing, "POOL_CHUNK", 3)
    monkeypatch.setattr(writing, "_cpus", lambda: 2)
    monkeypatch.setattr("workshop.writing.threading.active_count", lambda: 1)

    def make(i: int) -> str:
        return f"{i} {os.getpid()}\n"

    jobs = [Job((f"u{i % 2}", f"s{i}.md"), partial(make, i), pure=True) for i in range(12)]
    written = run_jobs(jobs, tmp_path / "out")
    assert written == [tmp_path / "out" / f"u{i % 2}" / f"s{i}.md" for i in range(12)]
    lines = [p.read_text(encoding="utf-8").split() for p in written]
    assert [int(n) for n, _ in lines] == list(range(12))
    assert str(os.getpid()) not in {pid for _, pid in lines}  # made in the workers


def test_small_or_impure_exports_stay_in_this_process(tmp_path: Path) -> None:
    def pid() -> str:
        return str(os.getpid())

    jobs = [Job(("a.md",), pid, pure=True)]
    impure = [Job((f"s{i}.md",), pid) for i in range(300)]
    for written in (run_jobs(jobs, tmp_path / "a"), run_jobs(impure, tmp_path / "b", workers=2)):
        assert {p.read_text(encoding="utf-8") for p in written} == {str(os.getpid())}


@pytest.mark.parametrize("workers", [1, 2])
def test_a_file_that_cannot_be_written_is_reported_in_indonesian(
    tmp_path: Path, workers: int
) -> None:
    out = tmp_path / "out"
    (out / "s3.md" / "isi").mkdir(parents=True)  # a folder where the file should go
    jobs = [Job((f"s{i}.md",), lambda: "teks\n", pure=True) for i in range(8)]
    with pytest.raises(ExportFailed) as caught:
        run_jobs(jobs, out, workers=workers)
    assert str(caught.value) == (
        f"Berkas {out / 's3.md'} tidak dapat ditulis: itu sebuah folder, bukan berkas.")
    assert [(out / f"s{i}.md").read_text(encoding="utf-8") for i in range(3)] == ["teks\n"] * 3


# -- SVG text helpers ----------------------------------------------------------------------------


@settings(max_examples=1500, deadline=None)
@given(TRICKY | st.sampled_from(['a"b', "a'b", "a\"'b", "x&y", "<t>", "l\nr\tc\r"]))
def test_svg_escapes_match_the_standard_library(text: str) -> None:
    assert svg._attr(text) == quoteattr(text)
    assert svg.escape(text) == sax_escape(text)


# -- flow times (computed for every exported SOP) ------------------------------------------------


def _ref_graph(sop: Sop) -> list[list[int]]:
    steps = sop.steps
    return [[]] + [[t for t, _ in flow._successors(steps, i)] for i in range(1, len(steps) + 1)]


def _ref_yes_path(sop: Sop) -> tuple[list[int], bool]:
    steps = sop.steps
    path: list[int] = []
    seen: set[int] = set()
    current = 1
    while current not in seen:
        path.append(current)
        seen.add(current)
        if steps[current - 1].kind == "end":
            return path, True
        nexts = flow._successors(steps, current)
        if not nexts or (steps[current - 1].kind == "decision" and nexts[0][1] != flow.YES):
            return path, False
        current = nexts[0][0]
    return path, False


def _ref_dag_longest(
    graph: list[list[int]], weight: list[float], is_end: list[bool]
) -> float | None:
    n = len(graph) - 1
    colour = [0] * (n + 1)
    order: list[int] = []
    forward: list[list[int]] = [[] for _ in range(n + 1)]
    colour[1] = 1
    stack: list[tuple[int, int]] = [(1, 0)]
    while stack:
        node, i = stack[-1]
        targets = graph[node]
        if i < len(targets):
            stack[-1] = (node, i + 1)
            t = targets[i]
            if colour[t] == 1:
                continue
            forward[node].append(t)
            if colour[t] == 0:
                colour[t] = 1
                stack.append((t, 0))
        else:
            colour[node] = 2
            order.append(node)
            stack.pop()
    best: list[float | None] = [None] * (n + 1)
    for node in order:
        if is_end[node]:
            best[node] = weight[node]
            continue
        tails = [b for t in forward[node] if (b := best[t]) is not None]
        if tails:
            best[node] = weight[node] + max(tails)
    return best[1]


@st.composite
def flows(draw: st.DrawFn) -> Sop:
    n = draw(st.integers(1, 12))
    target = st.none() | st.integers(-1, n + 2)
    steps = [
        Step(
            activity=f"langkah {i}",
            actor="A",
            kind=draw(st.sampled_from(["start", "process", "decision", "end", "lain"])),
            time=draw(st.sampled_from(["", "5 menit", "1 jam", "2 hari kerja", "segera"])),
            if_yes=draw(target),
            if_no=draw(target),
            next=draw(target),
        )
        for i in range(1, n + 1)
    ]
    return Sop(title="Alur", actors=["A"], steps=steps)


@settings(max_examples=1500, deadline=None)
@given(flows())
def test_flow_graph_and_times_match_the_reference(sop: Sop) -> None:
    graph = _ref_graph(sop)
    assert flow._graph(sop) == graph
    assert flow._yes_path(sop) == _ref_yes_path(sop)
    weight = [0.0] + [float(i % 4) for i in range(1, len(sop.steps) + 1)]
    is_end = [False] + [s.kind == "end" for s in sop.steps]
    assert flow._dag_longest(graph, weight, is_end) == _ref_dag_longest(graph, weight, is_end)


# -- one SOP's HTML without parsing the identity tables -------------------------------------------

TITLES = st.sampled_from(["Bagian Identitas", "Bagian Flowchart", "Daftar Isi", "# x #", "a |"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sops, st.none() | nasty, st.booleans(), st.none() | TITLES)
def test_sop_html_is_the_page_markdown_it_makes(
    sop: Sop, status: str | None, approved: bool, title: str | None
) -> None:
    if title is not None:
        sop.title = title
    doc = default_document(sop, status=status, approved=approved)
    markdown = sop_markdown(sop, doc=doc, with_table=False)
    expected = render_html(markdown, title=sop.title or "SOP", sops=[doc])
    got = sop_html(sop, title=sop.title or "SOP", doc=doc)
    assert got == expected


@settings(max_examples=300, deadline=None)
@given(nasty)
def test_kop_cells_show_user_text_literally(text: str) -> None:
    sop = Sop(title=text, number=text, legal_basis=[text, text + "x"])
    sop.approval.name = text
    html = html_export.kop_html(default_document(sop, approved=True))
    shown = mdutil.one_line(text)
    assert "<script" not in html and "<img" not in html
    if shown:
        assert html_lib.unescape(html).count(shown) >= 4  # number, title, name, box item


@settings(max_examples=1000, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6))
def test_svg_numbers_are_formatted_as_before(value: float) -> None:
    expected = f"{value:.1f}".rstrip("0").rstrip(".")
    for _ in range(2):  # the second time from the memo
        assert svg._num(value) == expected
        assert svg._attr(value) == '"' + (expected or "0") + '"'
    assert svg._num(-0.0) == "-0" and svg._num(0.0) == "0" and svg._num(-0.0) == "-0"
