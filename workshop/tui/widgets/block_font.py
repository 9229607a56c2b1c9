"""Large letters for a projector: a 3x5 pixel font drawn with block characters.

A terminal cannot enlarge its font, so a title meant for the back of the room is drawn with
blocks: either two cells per pixel and one row per pixel (``full``: 5 rows a line), or one cell
per pixel with half blocks (``half``: 3 rows a line). :class:`BigText` picks the largest that fits
its width in a few lines and falls back to plain (bold) text when nothing fits or a character has
no glyph. The text is the user's data: it is only ever drawn, never read as markup.
"""

from __future__ import annotations

from rich.align import Align, AlignMethod
from rich.text import Text
from textual.app import RenderResult
from textual.geometry import Size
from textual.widget import Widget

ROWS = 5

# "#" is a lit pixel; every glyph has five rows of equal width.
GLYPHS: dict[str, tuple[str, ...]] = {
    "A": (".#.", "#.#", "###", "#.#", "#.#"),
    "B": ("##.", "#.#", "##.", "#.#", "##."),
    "C": (".##", "#..", "#..", "#..", ".##"),
    "D": ("##.", "#.#", "#.#", "#.#", "##."),
    "E": ("###", "#..", "##.", "#..", "###"),
    "F": ("###", "#..", "##.", "#..", "#.."),
    "G": (".##", "#..", "#.#", "#.#", ".##"),
    "H": ("#.#", "#.#", "###", "#.#", "#.#"),
    "I": ("###", ".#.", ".#.", ".#.", "###"),
    "J": ("..#", "..#", "..#", "#.#", ".#."),
    "K": ("#.#", "#.#", "##.", "#.#", "#.#"),
    "L": ("#..", "#..", "#..", "#..", "###"),
    "M": ("#.#", "###", "###", "#.#", "#.#"),
    "N": ("##.", "#.#", "#.#", "#.#", "#.#"),
    "O": (".#.", "#.#", "#.#", "#.#", ".#."),
    "P": ("##.", "#.#", "##.", "#..", "#.."),
    "Q": (".#.", "#.#", "#.#", "##.", ".##"),
    "R": ("##.", "#.#", "##.", "#.#", "#.#"),
    "S": (".##", "#..", ".#.", "..#", "##."),
    "T": ("###", ".#.", ".#.", ".#.", ".#."),
    "U": ("#.#", "#.#", "#.#", "#.#", "###"),
    "V": ("#.#", "#.#", "#.#", "#.#", ".#."),
    "W": ("#.#", "#.#", "#.#", "###", "#.#"),
    "X": ("#.#", "#.#", ".#.", "#.#", "#.#"),
    "Y": ("#.#", "#.#", ".#.", ".#.", ".#."),
    "Z": ("###", "..#", ".#.", "#..", "###"),
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", ".##", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", ".#.", ".#.", ".#."),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    " ": ("..", "..", "..", "..", ".."),
    ".": (".", ".", ".", ".", "#"),
    ",": (".", ".", ".", "#", "#"),
    ":": (".", "#", ".", "#", "."),
    ";": (".", "#", ".", "#", "#"),
    "-": ("...", "...", "###", "...", "..."),
    "+": ("...", ".#.", "###", ".#.", "..."),
    "/": ("..#", "..#", ".#.", "#..", "#.."),
    "(": (".#", "#.", "#.", "#.", ".#"),
    ")": ("#.", ".#", ".#", ".#", "#."),
    "&": (".#.", "#.#", ".#.", "#.#", ".##"),
    "'": ("#", "#", ".", ".", "."),
    '"': ("#.#", "#.#", "...", "...", "..."),
    "?": ("##.", "..#", ".#.", "...", ".#."),
    "!": ("#", "#", "#", ".", "#"),
    "%": ("#.#", "..#", ".#.", "#..", "#.#"),
}
# Typographic variants drawn with the plain glyph.
ALIASES: dict[str, str] = {"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"'}

# (cells per pixel across, rows per text line) of each style, largest first.
STYLES: dict[str, tuple[int, int]] = {"full": (2, ROWS), "half": (1, (ROWS + 1) // 2)}


def glyph(char: str) -> tuple[str, ...] | None:
    """The glyph of ``char`` (letters are drawn upper case), or None when there is none."""
    char = ALIASES.get(char, char)
    return GLYPHS.get(char.upper())


def drawable(text: str) -> bool:
    """Whether every character of ``text`` has a glyph."""
    return all(glyph(c) is not None for c in text)


def word_width(word: str, across: int) -> int:
    """Cells a word takes (one blank pixel between glyphs)."""
    glyphs = [g for g in (glyph(c) for c in word) if g is not None]
    pixels = sum(len(g[0]) for g in glyphs) + max(0, len(glyphs) - 1)
    return pixels * across


def wrap(text: str, width: int, across: int) -> list[str] | None:
    """``text`` broken into lines of at most ``width`` cells; None when a word is too wide."""
    space = word_width(" ", across) + 2 * across  # the blank glyph and the gaps around it
    lines: list[str] = []
    current = ""
    used = 0
    for word in text.split():
        size = word_width(word, across)
        if size > width:
            return None
        if current and used + space + size <= width:
            current += " " + word
            used += space + size
        else:
            if current:
                lines.append(current)
            current, used = word, size
    if current:
        lines.append(current)
    return lines


def _pixels(line: str) -> list[str]:
    """The pixel rows of one line of text ("#" lit), glyphs one blank pixel apart."""
    rows = [""] * ROWS
    for index, char in enumerate(line):
        shape = glyph(char)
        if shape is None:
            continue
        for row in range(ROWS):
            rows[row] += ("." if index else "") + shape[row]
    return rows


def draw(line: str, style: str) -> list[str]:
    """One line of text in block characters."""
    rows = _pixels(line)
    if style == "full":
        return ["".join("██" if px == "#" else "  " for px in row) for row in rows]
    out: list[str] = []
    for top in range(0, ROWS, 2):
        upper = rows[top]
        lower = rows[top + 1] if top + 1 < ROWS else "." * len(upper)
        cells = []
        for a, b in zip(upper, lower, strict=True):
            cells.append({("#", "#"): "█", ("#", "."): "▀", (".", "#"): "▄"}.get((a, b), " "))
        out.append("".join(cells))
    return out


def layout(text: str, width: int, height: int, max_lines: int = 2) -> tuple[str, list[str]]:
    """The largest style that draws ``text`` within ``width`` x ``height`` in at most
    ``max_lines`` lines: (style, the drawn rows). ("", []) when none fits."""
    text = " ".join(text.split())
    if not text or not drawable(text):
        return "", []
    for style, (across, rows) in STYLES.items():
        lines = wrap(text, width, across)
        if lines is None or len(lines) > max_lines:
            continue
        needed = len(lines) * rows + (len(lines) - 1)
        if needed > height:
            continue
        blocks = [draw(line, style) for line in lines]
        widest = max(len(block[0]) for block in blocks)
        drawn: list[str] = []
        for number, block in enumerate(blocks):  # each line centred under the widest
            if number:
                drawn.append("")
            pad = " " * ((widest - len(block[0])) // 2)
            drawn.extend((pad + row).ljust(widest) for row in block)
        return style, drawn
    return "", []


class BigText(Widget):
    """Text drawn as large as fits (see :func:`layout`); plain bold text otherwise.

    ``text-align`` centres or aligns it. Narrower than ``min_width`` cells it is plain text
    (an 80-column window reads better that way)."""

    DEFAULT_CSS = """
    BigText { width: 1fr; height: auto; text-align: center; }
    """

    def __init__(self, text: str = "", *, max_lines: int = 2, min_width: int = 0,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._text = text
        self.max_lines = max_lines
        self.min_width = min_width

    def _layout(self, width: int, height: int) -> tuple[str, list[str]]:
        if width < self.min_width:
            return "", []
        return layout(self._text, width, height, self.max_lines)

    @property
    def text(self) -> str:
        return self._text

    @property
    def style_used(self) -> str:
        """"full", "half", or "" (plain text) at the current size."""
        size = self.content_size
        return self._layout(size.width, size.height)[0]

    def update(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.refresh(layout=True)

    def _align(self) -> AlignMethod:
        text_align = self.styles.text_align
        if text_align == "left":
            return "left"
        if text_align == "right":
            return "right"
        return "center"

    def render(self) -> RenderResult:
        size = self.content_size
        style, rows = self._layout(size.width, size.height)
        if style:
            body = Text("\n".join(rows), no_wrap=True)
            return Align(body, self._align(), vertical="middle", height=size.height)
        plain = Text(self._text, style="bold", justify=self._align())
        return Align(plain, self._align(), vertical="middle", height=size.height)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        style, rows = self._layout(width, max(container.height, 1))
        if style:
            return len(rows)
        return max(1, len(Text(self._text).wrap(self.app.console, max(1, width))))
