"""Briefing slides (sosialisasi) for the projector: arrow keys move, Esc goes back."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from workshop.pedoman import PedomanError, load_pedoman
from workshop.sesi.slides import Slide, briefing_slides, example_sop
from workshop.tui.widgets.block_font import BigText
from workshop.tui.widgets.footer import KeyFooter


def load_slides() -> tuple[list[Slide], str]:
    """The slides, and a problem message ("" when the guideline was read)."""
    try:
        pedoman = load_pedoman()
    except PedomanError as exc:
        return [Slide("Salindia tidak tersedia", (str(exc),))], str(exc)
    return briefing_slides(pedoman, example_sop()), ""


class SlidesScreen(Screen[None]):
    """One slide at a time, large and plain (user text is data, never markup)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Kembali"),
        Binding("right,pagedown,space", "move(1)", "Berikutnya"),
        Binding("left,pageup", "move(-1)", "Sebelumnya"),
        Binding("home", "first", "Awal", show=False),
        Binding("end", "last", "Akhir", show=False),
    ]

    # Wide (projector): the title in block letters and the slide centred with more air.
    DEFAULT_CSS = """
    SlidesScreen #slide-title { height: auto; text-style: bold; color: $accent;
        padding: 1 2 0 2; text-align: left; }
    SlidesScreen #slide-scroll { height: 1fr; padding: 1 2; }
    SlidesScreen #slide-body { width: auto; height: auto; }
    SlidesScreen.-wide #slide-title { text-align: center; padding: 2 4 1 4; }
    SlidesScreen.-wide #slide-scroll { align-horizontal: center; padding: 1 4; }
    SlidesScreen #slide-foot { height: auto; color: $text-muted; padding: 0 2; }
    """

    def __init__(self, slides: list[Slide] | None = None, start: int = 0) -> None:
        super().__init__()
        if slides is None:
            slides, self.problem = load_slides()
        else:
            self.problem = ""
        self.slides = slides
        self.index = max(0, min(start, len(slides) - 1))

    def compose(self) -> ComposeResult:
        yield BigText("", id="slide-title", min_width=110)
        with VerticalScroll(id="slide-scroll", can_focus=True):
            yield Static("", id="slide-body", markup=False)
        yield Static("", id="slide-foot", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show_slide()
        if self.problem:
            self.notify(self.problem, title="Pedoman tidak terbaca", severity="error",
                        markup=False, timeout=10)

    def show_slide(self) -> None:
        slide = self.slides[self.index]
        self.query_one("#slide-title", BigText).update(slide.title)
        self.query_one("#slide-body", Static).update(Text("\n".join(slide.lines)))
        foot = f"Salindia {self.index + 1}/{len(self.slides)}"
        if slide.note:
            foot += f" · {slide.note}"
        self.query_one("#slide-foot", Static).update(Text(foot))
        self.query_one("#slide-scroll", VerticalScroll).scroll_home(animate=False)

    def action_move(self, offset: int) -> None:
        target = max(0, min(len(self.slides) - 1, self.index + offset))
        if target != self.index:
            self.index = target
            self.show_slide()

    def action_first(self) -> None:
        self.index = 0
        self.show_slide()

    def action_last(self) -> None:
        self.index = len(self.slides) - 1
        self.show_slide()
