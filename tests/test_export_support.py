"""Builders and Markdown/SVG readers shared by the export tests (no tests of its own)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from markdown_it.tree import SyntaxTreeNode

from workshop.export.mdutil import md_parser
from workshop.model import Approval, Dates, Sop, Step

SVG_NS = "{http://www.w3.org/2000/svg}"


def surat_masuk() -> Sop:
    """An 8-step SOP with two decisions, a loop-back and a forward jump."""
    steps = [
        Step(
            "Menerima surat masuk",
            "Pengadministrasi Umum",
            "start",
            ["Surat masuk"],
            "5 menit",
            "Surat diterima",
        ),
        Step(
            "Apakah alamat surat benar?",
            "Pengadministrasi Umum",
            "decision",
            time="2 menit",
            if_no=7,
        ),
        Step(
            "Mencatat surat dalam buku agenda",
            "Pengadministrasi Umum",
            time="10 menit",
            output="Buku agenda terisi",
        ),
        Step("Memberi disposisi", "Sekretaris", time="1 jam", output="Lembar disposisi"),
        Step("Apakah perlu ditindaklanjuti?", "Kasubbag Umum", "decision", time="5 menit", if_no=3),
        Step("Menindaklanjuti surat", "Kasubbag Umum", time="1 hari kerja", next=8),
        Step("Mengembalikan surat kepada pengirim", "Pengadministrasi Umum", time="5 menit"),
        Step("Mengarsipkan surat", "Pengadministrasi Umum", "end", time="5 menit", output="Arsip"),
    ]
    return Sop(
        title="Pengelolaan Surat Masuk",
        number="800/SOP.01/Setda/2018",
        unit="Sekretariat Daerah",
        dates=Dates(created="2018-07-10"),
        approval=Approval("Sekretaris Daerah", "Budi Santoso", "19700101 199001 1 001"),
        legal_basis=["Peraturan Menteri PAN-RB Nomor 35 Tahun 2012"],
        qualifications=["Memahami tata naskah dinas"],
        related=["Pengelolaan Surat Keluar"],
        equipment=["Komputer", "Buku agenda"],
        warnings=["Surat terlambat ditindaklanjuti"],
        records=["Buku agenda", "Lembar disposisi"],
        actors=["Pengadministrasi Umum", "Kasubbag Umum", "Sekretaris"],
        steps=steps,
    )


def long_sop(n: int = 40) -> Sop:
    """``n`` steps over three actors, with a decision every 7 steps that loops back 3 steps."""
    actors = ["Pelaksana", "Kasubbag", "Kepala"]
    steps: list[Step] = []
    for i in range(1, n + 1):
        kind = "start" if i == 1 else "end" if i == n else "process"
        step = Step(f"Mengerjakan kegiatan {i}", actors[i % 3], kind, time="5 menit")
        if kind == "process" and i % 7 == 0:
            step.kind = "decision"
            step.activity = f"Apakah kegiatan {i} sesuai?"
            step.if_no = i - 3
        steps.append(step)
    return Sop(title="SOP Panjang", actors=actors, steps=steps)


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]


def _text(node: SyntaxTreeNode) -> str:
    parts: list[str] = []
    for child in node.walk():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def parse(markdown: str) -> SyntaxTreeNode:
    return SyntaxTreeNode(md_parser().parse(markdown))


def headings(markdown: str) -> list[tuple[int, str]]:
    return [
        (int(node.tag[1]), _text(node)) for node in parse(markdown).walk() if node.type == "heading"
    ]


def tables(markdown: str) -> list[Table]:
    found: list[Table] = []
    for node in parse(markdown).walk():
        if node.type != "table":
            continue
        header: list[str] = []
        rows: list[list[str]] = []
        for part in node.children:
            for tr in part.children:
                cells = [_text(c) for c in tr.children]
                if part.type == "thead":
                    header = cells
                else:
                    rows.append(cells)
        found.append(Table(header, rows))
    return found


def table_with(markdown: str, first: str) -> Table:
    for t in tables(markdown):
        if t.header and t.header[0] == first:
            return t
    raise AssertionError(f"no table starting with {first!r}")


def paragraphs(markdown: str) -> list[str]:
    return [_text(n) for n in parse(markdown).walk() if n.type == "paragraph"]


def svg_root(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def svg_all(svg: str, tag: str) -> list[ET.Element]:
    return list(svg_root(svg).iter(SVG_NS + tag))


def symbols(svg: str) -> list[ET.Element]:
    return [e for e in svg_root(svg).iter() if e.get("data-kind")]


def text_of(e: ET.Element) -> str:
    """A <text>'s content, its <tspan> lines joined by spaces."""
    spans = list(e.iter(SVG_NS + "tspan"))
    if spans:
        return " ".join("".join(s.itertext()) for s in spans)
    return "".join(e.itertext())


def texts(svg: str, cls: str) -> list[str]:
    return [text_of(e) for e in svg_root(svg).iter(SVG_NS + "text") if e.get("class") == cls]
