"""Hostile text through the exporters: every file stays well-formed and shows the text literally.

A workshop whose every text field holds Textual markup, Markdown/HTML, path tricks, control
characters and 10,000-character lines is exported with ``sop-workshop export`` (every
``--what``, Markdown and HTML, and the YAML bundle), and a hostile SOP file on its own. Then:
- nothing is written outside the chosen folder, whatever the titles say (``../``, ``\\``);
- Markdown parses back with markdown-it-py; a hostile string is never split or mangled (if a
  piece of it is in a document, all of it is, in one piece of text);
- HTML parses with html.parser: no ``<script>``, no ``on...=`` attribute, no ``javascript:``
  link, user text as text; every inline SVG parses with xml.etree.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it.token import Token
from rel_support import HOSTILE_DIR, figure, hostile_workshop

from workshop import documents
from workshop.cli import main
from workshop.export.mdutil import md_parser
from workshop.sopfile import load_sop

WHATS = documents.keys()

# A distinctive piece of each hostile string -> the whole string that must come with it.
MARKERS: dict[str, str] = {
    "Tebal[/b]": "[b]Tebal[/b]",
    "Garung": "Kecamatan [/x] Garung",
    "Keluar[/]": "[@click=app.quit]Keluar[/]",
    "Aset": "Bidang | Aset | `kode`",
    "script>alert": "<script>alert(1)</script>",
    "onerror": "<img src=x onerror=alert(1)>",
    "passwd": "../../etc/passwd",
    "Windows": "..\\..\\Windows",
    "# judul > kutipan": "**tebal** _miring_ # judul > kutipan",
}


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def _inline_texts(tokens: list[Token]) -> list[str]:
    """The plain text of every inline run (paragraph, heading, table cell), as a reader sees it."""
    texts = []
    for tok in tokens:
        if tok.type != "inline":
            continue
        parts = []
        for child in tok.children or []:
            if child.type in ("text", "code_inline", "html_inline"):
                parts.append(child.content if child.type != "code_inline"
                             else child.markup + child.content + child.markup)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
        texts.append("".join(parts))
    return texts


def _mangled(texts: list[str]) -> list[str]:
    """Markers found in some text whose whole hostile string is in no single text."""
    joined = "\n".join(texts)
    return [
        whole for marker, whole in MARKERS.items()
        if marker in joined and not any(whole in t for t in texts)
    ]


def _table_shape_problems(tokens: list[Token], source: list[str]) -> list[str]:
    """Rows whose source line has more cells than the header (a '|' that split a cell)."""
    problems = []
    header_cells = 0
    for tok in tokens:
        if tok.type == "table_open":
            header_cells = 0
        elif tok.type == "th_open":
            header_cells += 1
        elif tok.type == "tr_open" and tok.map and header_cells:
            line = source[tok.map[0]]
            cells = len(re.findall(r"(?<!\\)\|", line.strip().strip("|"))) + 1
            if cells > header_cells:
                problems.append(f"{cells} cells for {header_cells} columns: {line[:80]}")
    return problems


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.bad: list[str] = []
        self.texts: list[str] = []
        self.style_text = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_style = tag == "style"
        if tag == "script":
            self.bad.append("<script>")
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.bad.append(f"{tag} {name}=")
            if value and value.strip().lower().startswith("javascript:"):
                self.bad.append(f"{tag} {name}=javascript:")

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style_text += data
        else:
            self.texts.append(data)


def _check_markdown(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    tokens = md_parser().parse(text)
    texts = _inline_texts(tokens)
    problems = [f"mangled: {w}" for w in _mangled(texts)]
    problems += _table_shape_problems(tokens, text.split("\n"))
    problems += [f"raw HTML token: {t.content[:40]}" for t in tokens
                 if t.type in ("html_block", "html_inline")]
    return problems


def _check_html(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    parser = _Html()
    parser.feed(text)
    parser.close()
    problems = list(parser.bad)
    if "display:none" in parser.style_text:
        problems.append("user CSS inside <style>")
    if "<script" in text.lower():
        problems.append("'<script' in the file")
    # Text nodes are split at tags (e.g. <br>), so look for the whole strings in the joined text.
    joined = "".join(parser.texts)
    problems += [f"mangled: {whole}" for marker, whole in MARKERS.items()
                 if marker in joined and whole not in joined]
    for svg in re.findall(r"<svg\b.*?</svg>", text, flags=re.DOTALL):
        try:
            root = ET.fromstring(svg)
        except ET.ParseError as e:
            problems.append(f"SVG does not parse: {e}")
            continue
        for el in root.iter():
            if el.tag.rsplit("}", 1)[-1] == "script":
                problems.append("SVG <script>")
            problems += [f"SVG {k}=" for k in el.attrib if k.lower().startswith("on")]
    return problems


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[Path]]:
    base = tmp_path_factory.mktemp("hostile-export")
    ws = base / "ws"
    hostile_workshop(ws)
    out = base / "keluar"
    before = _files(base)
    for fmt in ("md", "html"):
        for what in WHATS:
            assert main(["export", str(ws), "--format", fmt, "--what", what, "--out",
                         str(out)]) == 0, (fmt, what)
    assert main(["export", str(ws), "--format", "yaml", "--out", str(out / "bundel")]) == 0
    for fmt in ("md", "html", "yaml"):
        assert main(["export", str(HOSTILE_DIR / "hostile-text.yaml"), "--format", fmt,
                     "--out", str(out / "satu")]) == 0
    written = sorted(_files(base) - before)
    return base, out, written


def test_nothing_is_written_outside_the_chosen_folder(
    exported: tuple[Path, Path, list[Path]],
) -> None:
    base, out, written = exported
    outside = [p for p in written if out.resolve() not in p.resolve().parents]
    changed_ws = [p for p in written if (base / "ws") in p.parents and "exports" not in p.parts]
    assert outside == []
    assert changed_ws == []
    assert not any(p.name.startswith(".") for p in written)  # no temporary files left
    assert len(written) > 20


def test_markdown_exports_parse_back_with_the_text_intact(
    exported: tuple[Path, Path, list[Path]],
) -> None:
    _, _, written = exported
    docs = [p for p in written if p.suffix == ".md"]
    problems = {str(p): _check_markdown(p) for p in docs}
    problems = {k: v for k, v in problems.items() if v}
    found = sum(1 for p in docs for m in MARKERS if m in p.read_text(encoding="utf-8"))
    figure("5 hostile text (exports, Markdown)",
           f"{len(docs)} Markdown files: {len(problems)} with a broken table or mangled text "
           f"({found} hostile strings found in them)")
    assert problems == {}
    assert found > 0


def test_html_exports_have_no_script_and_parse(
    exported: tuple[Path, Path, list[Path]],
) -> None:
    _, _, written = exported
    docs = [p for p in written if p.suffix == ".html"]
    problems = {str(p): _check_html(p) for p in docs}
    problems = {k: v for k, v in problems.items() if v}
    svgs = sum(len(re.findall(r"<svg\b", p.read_text(encoding="utf-8"))) for p in docs)
    figure("5 hostile text (exports, HTML/SVG)",
           f"{len(docs)} HTML files with {svgs} SVG flowcharts: {len(problems)} with a script, "
           "an event attribute, a javascript: link, unparsable SVG or mangled text")
    assert problems == {}
    assert svgs > 0


def test_the_hostile_sop_reads_literally_in_its_markdown(
    exported: tuple[Path, Path, list[Path]],
) -> None:
    _, out, _ = exported
    sop = load_sop(HOSTILE_DIR / "hostile-text.yaml")
    files = list((out / "satu").glob("*.md"))
    assert len(files) == 1
    texts = _inline_texts(md_parser().parse(files[0].read_text(encoding="utf-8")))
    wanted = [sop.title, *sop.actors, *(s.activity for s in sop.steps), *sop.legal_basis]
    missing = [w for w in wanted if not any(w in t for t in texts)]
    assert missing == []


def test_a_yaml_export_reads_back_as_the_same_sop(
    exported: tuple[Path, Path, list[Path]],
) -> None:
    _, out, _ = exported
    files = list((out / "satu").glob("*.yaml"))
    assert len(files) == 1
    assert load_sop(files[0]) == load_sop(HOSTILE_DIR / "hostile-text.yaml")


def test_a_bundle_naming_a_unit_outside_itself_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A hand-edited bundle whose unit slug climbs out (``../``) stores nothing anywhere."""
    from workshop.store import Store

    ws = tmp_path / "ws"
    Store.create(ws, "Asal").add_unit("Dinas A")
    bundle = tmp_path / "bundel"
    assert main(["export", str(ws), "--format", "yaml", "--out", str(bundle)]) == 0
    first = sorted(p for p in bundle.iterdir() if p.is_dir())[0]
    (tmp_path / "luar").mkdir()
    (first).rename(tmp_path / "luar" / "jahat")
    yaml_file = bundle / "workshop.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace(
        f"slug: {first.name}", "slug: ../luar/jahat", 1), encoding="utf-8")
    target = tmp_path / "baru"
    assert main(["new", str(target), "--title", "Baru"]) == 0
    before = {p: p.read_bytes() for p in _files(tmp_path) if "backups" not in p.parts}
    status = main(["import", str(target), str(bundle)])
    err = capsys.readouterr().err
    after = {p: p.read_bytes() for p in _files(tmp_path) if "backups" not in p.parts}
    assert status != 0
    assert "../luar/jahat" in err and "Traceback" not in err
    assert {k: v for k, v in after.items() if not k.name.endswith(".lock")} == {
        k: v for k, v in before.items() if not k.name.endswith(".lock")}
