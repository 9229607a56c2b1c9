"""Markdown helpers shared by every exporter: the one parser factory and text escaping.

User text is data, never markup. Everything a user typed goes through :func:`inline` (a
paragraph, a list item, a heading) or :func:`cell` (a table cell) before it lands in a
document, so that ``*``, ``_``, backticks, ``[link](...)``, ``<script>``, ``|`` and newlines all
render literally and a table never loses or gains a column.

Why backslash escapes rather than HTML entities: the parser runs with raw HTML off, and a
backslash escape is the CommonMark way to make any ASCII punctuation literal (it also works in
GitHub, Textual's Markdown widget and pandoc). Newlines inside one value become a single space:
raw HTML (``<br>``) is off, and a line break would end a table row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from markdown_it import MarkdownIt

# ASCII punctuation that can start or end inline markup (emphasis, code, links, autolinks, raw
# HTML, entities, strikethrough in GFM renderers) or split a table cell. Escaping these is enough
# for inline content; block-level markers are only dangerous at the start (see _LEADING).
_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~!{}])")
# A value that would start a block construct if it began a line: heading, list item, quote,
# thematic break, setext underline, ordered list ("1." or "1)"), fenced code.
_LEADING = re.compile(r"^([#+\-=>]|\d+[.)])")
# Control characters (Unicode category Cc) that ``str.split`` does not treat as whitespace.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")


@lru_cache(maxsize=1)
def md_parser() -> MarkdownIt:
    """The project's one Markdown parser: CommonMark, raw HTML off, GFM tables on.

    mdit-py-plugins' ``gfm_plugin`` would also turn on autolinks, task lists and strikethrough,
    none of which the exports use; only tables are needed, so they are enabled alone.
    The parser is shared; do not mutate it (``.enable``/``.use``) after creation.
    """
    return MarkdownIt("commonmark", {"html": False}).enable("table")


# The same escape as ``_SPECIAL.sub(r"\\\1", ...)``, as a translation table (faster).
_ESCAPES = {ord(c): "\\" + c for c in "\\`*_[]<>|&~!{}"}
# Characters a block marker (``_LEADING``) can start with; a value starting with anything else
# needs no regex pass. ``str.isdigit`` is a superset of ``\d``, so the digit test is safe.
_MARKER_START = frozenset("#+-=>")


def one_line(text: str) -> str:
    """Collapse every run of whitespace (newlines included) into one space; drop control chars."""
    if not text.isprintable():  # control characters are never printable: only then scrub
        text = _CONTROL.sub("", text)
    return " ".join(text.split())


def inline(text: str) -> str:
    """User text made safe for a paragraph, list item, heading or table cell: renders literally."""
    flat = one_line(text)
    if _SPECIAL.search(flat) is not None:
        flat = flat.translate(_ESCAPES)
    if flat and (flat[0] in _MARKER_START or flat[0].isdigit()):
        return _LEADING.sub(lambda m: _escape_marker(m.group(1)), flat)
    return flat


def _escape_marker(marker: str) -> str:
    if marker[0].isdigit():
        return marker[:-1] + "\\" + marker[-1]
    return "\\" + marker


def cell(text: str, *, empty: str = "") -> str:
    """A table cell: :func:`inline`, or ``empty`` when there is nothing to show."""
    value = inline(text)
    return value if value else empty


def cell_list(items: Iterable[str], *, numbered: bool = True) -> str:
    """Several user values in one table cell, e.g. ``1. Komputer; 2. Printer``."""
    values = [inline(item) for item in items if one_line(item)]
    if not values:
        return ""
    if numbered and len(values) > 1:
        return "; ".join(f"{i}. {v}" for i, v in enumerate(values, start=1))
    return "; ".join(values)


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A GFM table from already-escaped cells. Every row must have ``len(header)`` cells."""
    width = len(header)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] * width) + "|"]
    for row in rows:
        if len(row) != width:
            raise ValueError(f"row has {len(row)} cells, header has {width}")
        lines.append("| " + " | ".join(c if c else " " for c in row) + " |")
    return "\n".join(lines)


EMPTY = "-"  # what an empty cell of a document's table shows


def fixed_heading(level: int, text: str) -> str:
    """A heading with fixed (trusted) text: our own labels, not escaped."""
    return "#" * max(1, min(level, 6)) + " " + text


def or_dash(value: str | None) -> str:
    """A table cell of user text, or :data:`EMPTY` when there is none."""
    return cell(value or "", empty=EMPTY)


def heading(level: int, text: str) -> str:
    """A heading whose text is user text (escaped). Levels beyond 6 are clamped."""
    return "#" * max(1, min(level, 6)) + " " + inline(text)


def bullets(items: Iterable[str]) -> str:
    """A bullet list of user values (escaped); empty values are skipped."""
    return "\n".join(f"- {inline(item)}" for item in items if one_line(item))


def numbered(items: Iterable[str]) -> str:
    """An ordered list of user values (escaped); empty values are skipped."""
    values = [inline(item) for item in items if one_line(item)]
    return "\n".join(f"{i}. {v}" for i, v in enumerate(values, start=1))


def join_blocks(blocks: Iterable[str]) -> str:
    """Blocks separated by one blank line; empty blocks dropped; ends with a newline."""
    return "\n\n".join(b.strip("\n") for b in blocks if b.strip()) + "\n"
