"""The welcome screen: recent workshops, a new workshop, the demo."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from workshop.tui.dialogs import NewWorkshop, NewWorkshopScreen, TextPrompt
from workshop.tui.recent import forget, load_recent
from workshop.tui.widgets.footer import KeyFooter

INTRO = (
    "Aplikasi pendampingan penyusunan SOP Administrasi Pemerintahan "
    "(Peraturan Menteri PAN-RB Nomor 35 Tahun 2012): persiapan tim, penilaian kebutuhan, "
    "pengembangan, penerapan, serta monitoring dan evaluasi."
)


class WelcomeScreen(Screen[None]):
    """First screen when no workshop is named on the command line."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "Workshop baru"),
        Binding("o", "open", "Buka folder"),
        Binding("d", "demo", "Demo"),
    ]

    AUTO_FOCUS = None  # on_mount chooses: the recent list when it has entries

    def __init__(self, recent_file: Path) -> None:
        super().__init__()
        self.recent_file = recent_file

    def compose(self) -> ComposeResult:
        with Vertical(id="welcome"):
            yield Static("sop-workshop", id="welcome-title")
            yield Static(INTRO, id="welcome-intro")
            with Horizontal(id="welcome-buttons"):
                yield Button("Workshop baru", id="new", variant="primary", compact=True)
                yield Button("Buka folder", id="open", compact=True)
                yield Button("Demo", id="demo", compact=True)
            yield Static("Workshop terakhir", id="recent-title")
            yield OptionList(id="recent")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.refresh_recent()
        recent = self.query_one("#recent", OptionList)
        if load_recent(self.recent_file):
            recent.focus()  # Enter opens the last workshop
        else:
            self.query_one("#new", Button).focus()

    def on_screen_resume(self) -> None:
        self.refresh_recent()

    def refresh_recent(self) -> None:
        recent = self.query_one("#recent", OptionList)
        recent.clear_options()
        items = load_recent(self.recent_file)
        if not items:
            recent.add_option(Option(Text("Belum ada workshop yang pernah dibuka."),
                                     disabled=True))
            return
        for folder in items:
            label = Text(folder.name, style="bold")
            label.append(f"  {folder.parent}", style="dim")
            if not folder.exists():
                label.append("  (tidak ditemukan)", style="dim")
            recent.add_option(Option(label, id=str(folder)))
        recent.highlighted = 0

    @on(OptionList.OptionSelected, "#recent")
    def _open_recent(self, message: OptionList.OptionSelected) -> None:
        if not message.option.id:
            return
        folder = Path(message.option.id)
        if not folder.exists():
            self.app.notify(f"Folder {folder} tidak ditemukan; dihapus dari daftar.",
                            severity="warning", markup=False)
            forget(self.recent_file, folder)
            self.refresh_recent()
            return
        self.app.open_workshop(folder)  # type: ignore[attr-defined]

    @on(Button.Pressed, "#new")
    def action_new(self) -> None:
        def done(result: NewWorkshop | None) -> None:
            if result is not None:
                self.app.create_workshop(  # type: ignore[attr-defined]
                    Path(result.folder).expanduser(), result.title)

        self.app.push_screen(NewWorkshopScreen(), done)

    @on(Button.Pressed, "#open")
    def action_open(self) -> None:
        def done(folder: str | None) -> None:
            if folder:
                self.app.open_workshop(Path(folder).expanduser())  # type: ignore[attr-defined]

        self.app.push_screen(
            TextPrompt("Buka workshop", "Folder workshop", placeholder="mis. ~/workshop/wonosobo",
                       ok_label="Buka"),
            done,
        )

    @on(Button.Pressed, "#demo")
    def action_demo(self) -> None:
        self.app.open_demo()  # type: ignore[attr-defined]
