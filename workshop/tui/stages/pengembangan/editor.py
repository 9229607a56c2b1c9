"""The SOP editor: identity, actors, steps (keyboard first), instant checks, flowchart, review,
trial, approval and versions.

Everything typed goes into a :class:`workshop.stages.pengembangan.editing.SopEditor` at once
(the steps row, checks, times and flowchart follow when the typing pauses, ``CHECK_DELAY``)
and is saved ``SAVE_DELAY`` (1 s) after the last key or when the user leaves a field, as
per-field :class:`workshop.store.FieldChange` s so that two people editing different fields
of the same SOP both land. A text that cannot be applied (an unknown actor, a step number that
is not a number) stays in its box with a message under the form; it is never thrown away.

The screen is built in layers, one module each: :mod:`.editor_form` (the boxes and their
text), :mod:`.editor_base` (the record, views, saving), :mod:`.editor_steps` (typing, step and
actor actions), :mod:`.editor_review` (review, trial, status, approval, versions); this module
adds the layout, keys and tabs. The names other modules use are importable from here.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    DataTable,
    Label,
    Static,
    TabbedContent,
    TabPane,
    Tabs,
)

from workshop.tui.commands import PaletteCommand, bind
from workshop.tui.stages.pengembangan.editor_form import (
    IDENTITY_FORM,
    STATUS_LABELS,
    STEP_FORM,
    EditorInput,
    KindInput,
)
from workshop.tui.stages.pengembangan.editor_panes import PANE_WIDGETS
from workshop.tui.stages.pengembangan.editor_review import (
    MANUAL_STATUSES,
    EditorReview,
    change_status,
)
from workshop.tui.stages.pengembangan.findings import FindingsList, TimesView
from workshop.tui.widgets.fit_table import Column, FitTable
from workshop.tui.widgets.footer import KeyFooter
from workshop.tui.widgets.tabs import LazyPane, WorkshopTabs, show_tab

# Kegiatan first: at 80 columns the branches and times share what is left.
STEP_COLUMNS = (Column("no", "No"), Column("activity", "Kegiatan", 5),
                Column("actor", "Pelaksana", 2), Column("kind", "Jenis"),
                Column("branch", "Cabang", 1), Column("time", "Waktu", 1))

__all__ = [
    "IDENTITY_FORM",
    "MANUAL_STATUSES",
    "STATUS_LABELS",
    "STEP_FORM",
    "EditorScreen",
    "change_status",
    "editor_commands",
]


class EditorScreen(EditorReview):
    """Edit one SOP of one unit."""

    DEFAULT_CSS = """
    EditorScreen #ed-head { height: 1; padding: 0 1; background: $boost; }
    EditorScreen #ed-body { height: 1fr; }
    EditorScreen #ed-tabs { width: 3fr; height: 1fr; }
    EditorScreen #ed-side { width: 2fr; height: 1fr; border-left: vkey $panel; }
    EditorScreen #findings { height: 1fr; border: none; }
    EditorScreen #times { height: auto; max-height: 12; padding: 0 1; }
    EditorScreen #steps { height: 8; }
    EditorScreen #step-title { height: 1; text-style: bold; color: $accent; padding: 0 1; }
    EditorScreen .form { height: 1fr; }
    EditorScreen .row { height: 1; }
    EditorScreen .row Label { width: 14; color: $text-muted; }
    EditorScreen #tab-identitas .row Label, EditorScreen #tab-reviu .row Label { width: 24; }
    EditorScreen .row Input { width: 1fr; }
    EditorScreen .list-label { height: 1; margin-top: 1; color: $text-muted; }
    EditorScreen .form TextArea { height: 4; }
    EditorScreen #sf-problem { height: auto; color: $error; padding: 0 1; }
    EditorScreen #actors, EditorScreen #comments, EditorScreen #trials { height: 1fr; }
    EditorScreen #flowchart { height: 1fr; }
    EditorScreen TabPane { padding: 0; }
    EditorScreen.-narrow #ed-side { width: 32; }
    EditorScreen #tab-langkah { height: 1fr; }
    EditorScreen.-wide #steps { height: 1fr; min-height: 8; }
    EditorScreen.-wide #step-form { height: auto; }
    """

    # Tab keys that arrive in common terminals (xterm, tmux, GNOME, Windows Terminal, the
    # browser): F7 / shift+F7 and ctrl+PageDown / ctrl+PageUp step through the tabs; alt+letter
    # opens one (the letter is underlined in the tab's label). alt+1..5 stay for terminals that
    # report them (kitty protocol); elsewhere Textual turns ESC+digit into the macOS option
    # characters ¡ ™ £ ¢ ∞, which are caught here too so that nothing strays into a field.
    # All of them take priority over the focused Input/TextArea, which would insert the letter.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f7", "next_tab(1)", "Tab berikutnya", priority=True),
        Binding("ctrl+n", "new_step", "Sisip langkah"),
        Binding("f8", "delete_step", "Hapus langkah"),
        Binding("f2", "status", "Status"),
        Binding("f4", "approve", "Sahkan"),
        Binding("f9", "new_version", "Versi baru"),
        Binding("f3", "diff", "Beda versi"),
        Binding("escape", "back", "Kembali"),
        Binding("ctrl+z", "undo", "Urungkan", priority=True),
        Binding("alt+k", "make_decision", "Jadikan keputusan", show=False),
        Binding("ctrl+y", "redo", "Ulangi", priority=True),
        Binding("alt+up", "move_step(-1)", "Naikkan", show=False),
        Binding("alt+down", "move_step(1)", "Turunkan", show=False),
        Binding("pageup", "goto_step(-1)", "Langkah sebelumnya", show=False),
        Binding("pagedown", "goto_step(1)", "Langkah berikutnya", show=False),
        Binding("shift+f7,ctrl+pageup", "next_tab(-1)", "Tab sebelumnya", show=False,
                priority=True),
        Binding("ctrl+pagedown", "next_tab(1)", "Tab berikutnya", show=False, priority=True),
        *(
            Binding(f"{keys}", f"tab('{tab}')", label, show=False, priority=True)
            for keys, tab, label in (
                ("alt+l,alt+1,inverted_exclamation_mark", "tab-langkah", "Langkah"),
                ("alt+i,alt+2,trade_mark_sign", "tab-identitas", "Identitas"),
                ("alt+p,alt+3,pound_sign", "tab-pelaksana", "Pelaksana"),
                # alt+g: tmux and xterm send alt+b as ESC b, which Textual reads as
                # ctrl+left (word left); alt+b stays for the browser under ``serve``.
                ("alt+g,alt+b,alt+4,cent_sign", "tab-bagan", "Bagan alir"),
                ("alt+r,alt+5,infinity", "tab-reviu", "Reviu"),
            )
        ),
    ]

    # (pane id, label on a wide screen, label on a narrow one); the alt+letter is underlined.
    TAB_LABELS: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("tab-langkah", "[u]L[/u]angkah", "[u]L[/u]angkah"),
        ("tab-identitas", "[u]I[/u]dentitas", "[u]I[/u]dentitas"),
        ("tab-pelaksana", "[u]P[/u]elaksana", "[u]P[/u]elaksana"),
        ("tab-bagan", "Ba[u]g[/u]an Alir", "Ba[u]g[/u]an"),
        ("tab-reviu", "[u]R[/u]eviu & Uji Coba", "[u]R[/u]eviu"),
    )

    TAB_FOCUS: ClassVar[dict[str, str]] = {
        "tab-langkah": "#sf-activity",
        "tab-identitas": "#id-title",
        "tab-pelaksana": "#actor-new",
        "tab-bagan": "#flowchart",
        "tab-reviu": "#rv-author",
    }

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("", id="ed-head", markup=False)
        with Horizontal(id="ed-body"):
            with WorkshopTabs(id="ed-tabs", initial="tab-langkah"):
                with TabPane(self._tab_label(0), id="tab-langkah"):
                    yield FitTable(STEP_COLUMNS, id="steps")
                    yield Static("", id="step-title", markup=False)
                    with VerticalScroll(classes="form", id="step-form"):
                        for name, label, hint in STEP_FORM:
                            with Horizontal(classes="row"):
                                yield Label(label)
                                box = KindInput if name == "kind" else EditorInput
                                yield box(placeholder=hint, id=f"sf-{name}", compact=True)
                    yield Static("", id="sf-problem", markup=False)
                for index, (tab, make) in enumerate(PANE_WIDGETS.items(), start=1):
                    yield LazyPane(self._tab_label(index), make, id=tab)
            with Vertical(id="ed-side"):
                yield FindingsList(id="findings")
                yield TimesView("", id="times")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()
        self.query_one("#sf-activity", EditorInput).focus_at_end()

    def action_tab(self, tab: str) -> None:
        """alt+letter (or alt+1..5): show a tab and put the cursor in its first box."""
        show_tab(self.query_one(TabbedContent), tab)
        self.call_next(self._focus_tab, tab)

    async def _focus_tab(self, tab: str) -> None:
        await self.ensure_pane(tab)  # built the first time the tab is shown
        target = self.query_one(self.TAB_FOCUS[tab])
        self.call_after_refresh(target.focus)

    def action_next_tab(self, step: int) -> None:
        """F7 / ctrl+PageDown: the next tab; shift+F7 / ctrl+PageUp: the previous one."""
        order = list(self.TAB_FOCUS)
        active = self.query_one(TabbedContent).active
        index = order.index(active) if active in order else 0
        self.action_tab(order[(index + step) % len(order)])

    def _wide(self, width: int) -> bool:
        """Whether the app's breakpoints call ``width`` wide (as the ``-wide`` class does)."""
        name = ""
        for threshold, breakpoint in self.app.HORIZONTAL_BREAKPOINTS or []:
            if width >= threshold:
                name = breakpoint
        return name == "-wide"

    def _tab_label(self, index: int) -> str:
        _, wide_label, narrow_label = self.TAB_LABELS[index]
        return wide_label if self._wide(self.app.size.width) else narrow_label

    def on_resize(self, event: events.Resize) -> None:
        """Short tab labels when narrow, so all five tabs stay visible at 80 columns."""
        wide = self._wide(event.size.width)
        tabs = self.query_one(TabbedContent)
        relabelled = False
        for pane, wide_label, narrow_label in self.TAB_LABELS:
            tab = tabs.get_tab(pane)
            label = wide_label if wide else narrow_label
            if tab.label.markup != label:
                tab.label = label
                relabelled = True
        if relabelled:
            # The underline of the active tab follows once the new widths are laid out.
            bar = tabs.query_one(Tabs)
            bar.refresh(layout=True)
            redraw = getattr(bar, "_highlight_active", None)
            if redraw is not None:
                self.call_after_refresh(redraw, False)

    # -- keys in tables ------------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        focused = self.focused
        if focused is None:
            return
        if focused.id == "actors":
            actor = self._chosen_actor()
            if actor is None:
                return
            if event.key == "delete":
                event.stop()
                self._structural(lambda: self.editor.remove_actor(actor))
            elif event.key in ("alt+up", "alt+down"):
                event.stop()
                event.prevent_default()
                column = self.editor.sop.actors.index(actor) + 1
                column += -1 if event.key == "alt+up" else 1
                if 1 <= column <= len(self.editor.sop.actors):
                    self._structural(lambda: self.editor.move_actor(actor, column))
                    self.query_one("#actors", DataTable).move_cursor(row=column - 1)
        elif focused.id == "comments" and event.key == "r":
            event.stop()
            self._toggle_comment()


def editor_commands(app: App[Any]) -> list[PaletteCommand]:
    """The palette's commands of the SOP editor's tabs, while the editor is the screen (for
    terminals where neither F7 nor alt reaches the app). Empty on any other screen.

    The palette is a screen of its own: the editor is the top screen below it."""
    screen = next((s for s in reversed(app.screen_stack) if not isinstance(s, CommandPalette)),
                  None)
    if not isinstance(screen, EditorScreen):
        return []
    names = {
        "tab-langkah": "Langkah",
        "tab-identitas": "Identitas",
        "tab-pelaksana": "Pelaksana",
        "tab-bagan": "Bagan alir",
        "tab-reviu": "Reviu dan uji coba",
    }
    keys = {"tab-langkah": "alt+L", "tab-identitas": "alt+I", "tab-pelaksana": "alt+P",
            "tab-bagan": "alt+G", "tab-reviu": "alt+R"}
    return [PaletteCommand(f"Editor: tab {name}", f"Tampilkan tab ini ({keys[tab]}, F7)",
                           bind(screen.action_tab, tab))
            for tab, name in names.items()]
