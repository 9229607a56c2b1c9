"""The one font of every PDF: DejaVu Sans (regular and bold), shipped in ``workshop/fonts/``.

The font files travel with the package (a wheel carries them as package data, with their
licence), so a PDF comes out the same on Windows, Linux and macOS without any font installed.
reportlab embeds only the glyphs a document uses (a subset per file).

Text is data: :func:`pdf_text` is the one function every string passes before it is drawn.
It drops control characters and replaces every character the font has no glyph for (an
emoji, a CJK ideograph, a lone surrogate) with U+FFFD, which the font does have, so a PDF is
never refused and never shows an empty gap where a character was. The canvas is only ever
given plain strings (no reportlab markup), so nothing a user typed is interpreted.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Final

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

__all__ = ["BOLD", "FONT_DIR", "REGULAR", "REPLACEMENT", "pdf_text", "register_fonts",
           "text_width"]

FONT_DIR: Final = Path(__file__).resolve().parents[2] / "fonts"
REGULAR: Final = "DejaVuSans"
BOLD: Final = "DejaVuSans-Bold"
_FILES: Final = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
REPLACEMENT: Final = "\ufffd"


@lru_cache(maxsize=1)
def register_fonts() -> frozenset[int]:
    """Register both faces with reportlab (once per process); the code points both can draw.

    Also turns off reportlab's ASCII85 wrapping of compressed streams (a 7-bit-clean PDF is
    25 % larger and its pure-Python encoder took a third of the time of a file).
    """
    rl_config.useA85 = 0
    covered: set[int] | None = None
    for name, file_name in _FILES.items():
        font = TTFont(name, str(FONT_DIR / file_name))
        pdfmetrics.registerFont(font)
        # Only the Basic Multilingual Plane: reportlab writes a broken ToUnicode entry for a
        # character beyond it (text extraction fails), so those become U+FFFD too.
        points = {p for p in font.face.charToGlyph if p <= 0xFFFF}
        covered = points if covered is None else covered & points
    return frozenset(covered or ())


@lru_cache(maxsize=16384)
def pdf_text(text: str) -> str:
    """``text`` made drawable: one line, no control characters, every character the font
    lacks replaced by U+FFFD (see the module docstring)."""
    covered = register_fonts()
    if text.isascii() and text.isprintable():
        return text
    out = []
    for ch in text:
        if not ch.isprintable():
            if unicodedata.category(ch)[0] == "Z" or ch in "\t\n\r\v\f":
                out.append(" ")  # a line break or a no-break space is a space on one line
            continue  # control and format characters draw nothing
        elif ord(ch) in covered:
            out.append(ch)
        else:
            out.append(REPLACEMENT)
    return "".join(out)


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Width of ``text`` (already :func:`pdf_text`) at ``size`` points, in points."""
    register_fonts()
    return float(pdfmetrics.stringWidth(text, BOLD if bold else REGULAR, size))
