"""The join view for the projector: the address participants open, in large text and as a QR
code drawn in the terminal (segno, a small pure-Python QR library, makes the matrix)."""

from __future__ import annotations

from typing import ClassVar
from urllib.parse import urlsplit

import segno
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Static

from workshop.store import StoreError
from workshop.tui.context import context_of
from workshop.tui.widgets.footer import KeyFooter

QR_STYLE = Style(color="#000000", bgcolor="#ffffff")  # dark modules on light: scanners need it

# A 3x5 block font for the host and port (digits, dot, colon); other characters stay small.
_FONT: dict[str, tuple[str, ...]] = {
    "0": ("███", "█ █", "█ █", "█ █", "███"),
    "1": (" █ ", "██ ", " █ ", " █ ", "███"),
    "2": ("███", "  █", "███", "█  ", "███"),
    "3": ("███", "  █", "███", "  █", "███"),
    "4": ("█ █", "█ █", "███", "  █", "  █"),
    "5": ("███", "█  ", "███", "  █", "███"),
    "6": ("███", "█  ", "███", "█ █", "███"),
    "7": ("███", "  █", "  █", "  █", "  █"),
    "8": ("███", "█ █", "███", "█ █", "███"),
    "9": ("███", "█ █", "███", "  █", "███"),
    ".": ("   ", "   ", "   ", "   ", " █ "),
    ":": ("   ", " █ ", "   ", " █ ", "   "),
}


def qr_lines(data: str, border: int = 2) -> list[str]:
    """The QR code of ``data`` as text lines, two modules per character cell (half blocks)."""
    rows = [list(r) for r in segno.make(data, error="m").matrix_iter(border=border)]
    if len(rows) % 2:
        rows.append([0] * len(rows[0]))
    lines = []
    for top, bottom in zip(rows[::2], rows[1::2], strict=True):
        chars = []
        for t, b in zip(top, bottom, strict=True):
            chars.append("█" if t and b else "▀" if t else "▄" if b else " ")
        lines.append("".join(chars))
    return lines


def big_text(text: str) -> list[str] | None:
    """``text`` in the 3x5 block font, or None when it has a character the font lacks."""
    if not text or any(c not in _FONT for c in text):
        return None
    return [" ".join(_FONT[c][row] for c in text) for row in range(5)]


def host_port(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc or url


class JoinScreen(Screen[None]):
    """Address in large text and the QR code; the address comes from a running ``serve``."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Kembali")]
    DEFAULT_CSS = """
    JoinScreen { align: center middle; }
    JoinScreen #join-box { height: auto; width: 100%; }
    JoinScreen #join-title { text-style: bold; width: auto; }
    JoinScreen #join-big { width: auto; color: $accent; margin: 1 0; }
    JoinScreen #join-url { text-style: bold; width: auto; }
    JoinScreen #join-qr { width: auto; margin-top: 1; }
    JoinScreen #join-help { width: auto; color: $text-muted; margin-top: 1; }
    """

    def __init__(self, url: str | None = None) -> None:
        super().__init__()
        self.url = url

    def compose(self) -> ComposeResult:
        with Vertical(id="join-box"):
            yield Center(Static("Bergabung sebagai peserta", id="join-title"))
            yield Center(Static("", id="join-big"))
            yield Center(Static("", id="join-url"))
            yield Center(Static("", id="join-qr"))
            yield Center(Static("", id="join-help"))
        yield KeyFooter()

    def on_mount(self) -> None:
        self.refresh_data()
        self.set_interval(2.0, self.refresh_data)

    def _address(self) -> str | None:
        if self.url is not None:
            return self.url
        from workshop.serve import serving_url

        try:
            return serving_url(context_of(self).store)
        except (StoreError, RuntimeError):
            return None

    def refresh_data(self) -> None:
        url = self._address()
        big = self.query_one("#join-big", Static)
        qr = self.query_one("#join-qr", Static)
        help_text = self.query_one("#join-help", Static)
        if url is None:
            big.update("")
            qr.update("")
            self.query_one("#join-url", Static).update(
                "Server peserta belum berjalan.")
            help_text.update(Text(
                "Di terminal lain: sop-workshop serve FOLDER --host 0.0.0.0\n"
                "lalu buka layar ini lagi. Peserta memilih unit dan memasukkan PIN unitnya."))
            return
        lines = big_text(host_port(url))
        big.update(Text("\n".join(lines)) if lines else Text(host_port(url), style="bold"))
        big.display = True
        self.query_one("#join-url", Static).update(Text(url))
        qr.update(Text("\n".join(qr_lines(url)), style=QR_STYLE))
        help_text.update(Text("Buka alamat ini di peramban (atau pindai kodenya),\n"
                              "pilih unit Anda, lalu masukkan PIN unit dari fasilitator.",
                              justify="center"))
