"""HTML for print: self-contained, SVG flowcharts in place of the tables, print CSS, DRAF."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from test_export_support import long_sop, surat_masuk

from workshop.export.html import render_html
from workshop.export.markdown import book_markdown, sop_markdown
from workshop.model import Event, SopRecord, Unit


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def collect(html: str) -> _Collector:
    c = _Collector()
    c.feed(html)
    c.close()
    return c


def test_one_sop_page_is_self_contained_with_print_css() -> None:
    sop = surat_masuk()
    html = render_html(sop_markdown(sop), title=sop.title, sops=[(sop, False)])
    assert html.startswith("<!DOCTYPE html>")
    c = collect(html)
    names = [t for t, _ in c.tags]
    assert "script" not in names and "link" not in names and "img" not in names
    assert "iframe" not in names and "object" not in names
    for _, attrs in c.tags:
        assert not any(k.startswith("on") for k in attrs)
        assert "src" not in attrs and "href" not in attrs
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html and "@import" not in html and "url(" not in html
    assert "@page { size: 297mm 210mm;" in html
    assert "<title>Pengelolaan Surat Masuk</title>" in html


def test_flowchart_table_is_replaced_by_the_svg_pages() -> None:
    sop = long_sop(40)
    html = render_html(sop_markdown(sop), title=sop.title, sops=[(sop, False)])
    c = collect(html)
    svgs = [a for t, a in c.tags if t == "svg"]
    assert [a.get("data-page") for a in svgs] == ["1", "2"]
    figures = [a for t, a in c.tags if t == "figure"]
    assert [a.get("class") for a in figures] == ["flowchart-page first", "flowchart-page"]
    # only the kop and the three pairs of boxes remain as HTML tables
    assert [t for t, _ in c.tags].count("table") == 4
    assert "DRAF" in "".join(c.text)
    assert ".flowchart-page { break-before: page;" in html


def test_approved_sop_has_no_draft_marks() -> None:
    sop = surat_masuk()
    html = render_html(sop_markdown(sop, status="disahkan"), title=sop.title, sops=[(sop, True)])
    c = collect(html)
    assert "DRAF" not in "".join(c.text)
    assert not any(a.get("class") in ("watermark", "draft-stamp") for _, a in c.tags)


def test_without_sops_the_markdown_table_stays() -> None:
    sop = surat_masuk()
    html = render_html(sop_markdown(sop), title=sop.title)
    c = collect(html)
    assert "svg" not in [t for t, _ in c.tags]
    assert [t for t, _ in c.tags].count("table") == 2  # the kop's right part, the flowchart


def test_each_sop_of_a_book_gets_its_own_flowchart_and_page_break() -> None:
    a = surat_masuk()
    b = surat_masuk()
    b.title = "Bagian Flowchart"  # a title that looks like our heading is still a title
    c_ = long_sop(25)
    records = [
        SopRecord(id="1", sop=a, status="disahkan"),
        SopRecord(id="2", sop=b, status="draf"),
        SopRecord(id="3", sop=c_, status="reviu"),
    ]
    md = book_markdown(Unit("setda", "Sekretariat Daerah"), records, Event(), year="2018")
    html = render_html(md, title="Buku", sops=[(r.sop, r.status == "disahkan") for r in records])
    c = collect(html)
    svgs = [a for t, a in c.tags if t == "svg"]
    titles = [
        "".join(x)
        for x in (
            # the <title> text inside each svg
            [p.split("</title>")[0]]
            for p in html.split("<title>")[2:]
        )
    ]
    assert [s.get("data-page") for s in svgs] == ["1", "1", "1", "2"]
    assert titles == [
        "Flowchart Pengelolaan Surat Masuk, halaman 1 dari 1",
        "Flowchart Bagian Flowchart, halaman 1 dari 1",
        "Flowchart SOP Panjang, halaman 1 dari 2",
        "Flowchart SOP Panjang, halaman 2 dari 2",
    ]
    sop_titles = [a for t, a in c.tags if a.get("class") == "sop-title"]
    assert len(sop_titles) == 3
    # the book's parts start new printed pages
    parts = re.findall(r'<h2 class="part">([^<]*)</h2>', html)
    assert parts == [
        "Keputusan Penetapan (draf)",
        "Daftar Isi",
        "Penjelasan Singkat",
        "Standar Operasional Prosedur",
    ]
    assert html.count('<p class="draft-stamp">DRAF</p>') == 2
    assert html.count('class="watermark"') == 3  # SOP 2 (one page) and SOP 3 (two pages)


def test_user_markup_renders_as_text() -> None:
    sop = surat_masuk()
    sop.title = "<script>alert(1)</script> *tebal* [tautan](javascript:alert(1))"
    sop.steps[0].activity = '<img src=x onerror="alert(1)"> | `kode`'
    html = render_html(sop_markdown(sop), title=sop.title, sops=[(sop, False)])
    c = collect(html)
    names = [t for t, _ in c.tags]
    assert "script" not in names and "img" not in names and "a" not in names
    assert "em" not in names and "code" not in names
    text = "".join(c.text)
    assert "<script>alert(1)</script> *tebal* [tautan](javascript:alert(1))" in text
    # in the SVG the activity is wrapped over lines; in the Markdown table it is one cell
    assert '<img src=x onerror="alert(1)">' in text.replace("\n", " ")
    plain = collect(render_html(sop_markdown(sop), title="x"))
    assert '<img src=x onerror="alert(1)"> | `kode`' in plain.text


def test_markdown_without_tables_gets_the_same_flowcharts() -> None:
    sop = long_sop(30)
    md = sop_markdown(sop, with_table=False)
    assert "| No | Kegiatan |" not in md
    with_table = render_html(sop_markdown(sop), title="x", sops=[(sop, False)])
    without = render_html(md, title="x", sops=[(sop, False)])
    assert without == with_table
    assert without.count("<svg") == 2


def test_total_time_appears_once_under_the_flowchart() -> None:
    sop = surat_masuk()
    html = render_html(sop_markdown(sop), title="x", sops=[(sop, False)])
    assert html.count("Total waktu (jalur Ya)") == 1
    assert 'class="total-time"' in html
    # without an SVG the paragraph stays
    plain = render_html(sop_markdown(sop), title="x")
    assert plain.count("<p>Total waktu (jalur Ya)") == 1
