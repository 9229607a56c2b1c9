"""WordprocessingML pieces as strings: units, escaping, paragraphs, runs, table cells.

The Word renderers build ``word/document.xml`` from these small string templates rather than
through an object model: an SOP is a few hundred elements, and string building keeps an export
of a province's SOPs within the benchmark (python-docx takes ~70 ms for an empty document).
Every text a user typed passes :func:`text` (XML-escaped, characters XML 1.0 forbids removed);
nothing else here takes user text.
"""

from __future__ import annotations

import re
from typing import Final
from xml.sax.saxutils import escape as _escape

__all__ = [
    "EMU_PER_MM",
    "NS",
    "TWIPS_PER_MM",
    "emu",
    "half_points",
    "para",
    "run",
    "text",
    "twips",
]

TWIPS_PER_MM: Final = 1440 / 25.4
EMU_PER_MM: Final = 36000
FONT: Final = "DejaVu Sans"

# The namespaces of the document part (declared once on its root element).
NS: Final = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" '
    'mc:Ignorable="w14 wp14"'
)

# Characters XML 1.0 does not allow (controls, lone surrogates, U+FFFE/U+FFFF).
_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def text(value: str) -> str:
    """User text as XML character data (escaped; characters XML forbids dropped)."""
    if _INVALID.search(value) is not None:
        value = _INVALID.sub("", value)
    if "&" in value or "<" in value or ">" in value:
        return _escape(value)
    return value


def attr(value: str) -> str:
    """User text as an attribute value inside double quotes."""
    return _escape(text(value), {'"': "&quot;", "\n": "&#10;", "\t": "&#9;", "\r": "&#13;"})


def twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def emu(mm: float) -> int:
    return round(mm * EMU_PER_MM)


def half_points(mm: float) -> int:
    """A font size in mm as Word's half-points, rounded down (text never grows past the
    width the layout measured)."""
    return max(2, int(mm / 25.4 * 72 * 2 + 1e-6))


def run(value: str, *, size: int | None = None, bold: bool = False, italic: bool = False,
        color: str = "") -> str:
    """One run of text (``value`` is user text: escaped here)."""
    props = []
    if bold:
        props.append("<w:b/>")
    if italic:
        props.append("<w:i/>")
    if color:
        props.append(f'<w:color w:val="{color}"/>')
    if size is not None:
        props.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
    rpr = f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text(value)}</w:t></w:r>'


def para(runs: str, *, style: str = "", align: str = "", before: int = 0, after: int = 0,
         line: int | None = None, exact: bool = False, keep_next: bool = False,
         page_break_before: bool = False, num: tuple[int, int] | None = None,
         extra: str = "") -> str:
    """A paragraph of already-built ``runs`` (spacing in twips; ``line`` in twips exact or
    240ths of a line)."""
    props = []
    if style:
        props.append(f'<w:pStyle w:val="{style}"/>')
    if keep_next:
        props.append("<w:keepNext/>")
    if page_break_before:
        props.append("<w:pageBreakBefore/>")
    if num is not None:
        props.append(f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>')
    spacing = f'<w:spacing w:before="{before}" w:after="{after}"'
    if line is not None:
        spacing += f' w:line="{line}" w:lineRule="{"exact" if exact else "auto"}"'
    props.append(spacing + "/>")
    if align:
        props.append(f'<w:jc w:val="{align}"/>')
    props.append(extra)
    return f"<w:p><w:pPr>{''.join(props)}</w:pPr>{runs}</w:p>"
