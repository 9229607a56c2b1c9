"""The SOP editor: identity, actors, steps (keyboard first), instant checks, flowchart, review,
trial, approval and versions.

Everything typed goes into a :class:`workshop.stages.pengembangan.editing.SopEditor` at once
(the checks, times and flowchart follow as the user types) and is saved ~300 ms later or when
the user leaves a field, as per-field :class:`workshop.store.FieldChange` s so that two people
editing different fields of the same SOP both land. A text that cannot be applied (an unknown
actor, a step number that is not a number) stays in its box with a message under the form; it
is never thrown away.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import (
    DataTable,
    Footer,
    Input,
    Label,
    Static,
    TabbedContent,
    TabPane,
    Tabs,
    TextArea,
)

from workshop.fields import IDENTITY_LISTS, STEP_FIELDS, identity_form, step_form
from workshop.model import Approval, Comment, Sop, SopRecord, TrialNote
from workshop.rules import Finding, check_sop
from workshop.stages.pengembangan import approval
from workshop.stages.pengembangan.editing import EditError, SopEditor, field_changes, resolve_actor
from workshop.status import SopStatus
from workshop.store import FieldChange, Store, StoreConflict, StoreError
from workshop.tui.commands import PaletteCommand, bind
from workshop.tui.context import attempt, context_of
from workshop.tui.dialogs import TextPrompt
from workshop.tui.messages import WorkshopChanged
from workshop.tui.stages.pengembangan.findings import FindingsList, TimesView
from workshop.tui.stages.pengembangan.sop_dialogs import (
    ApproveDialog,
    ApproveForm,
    ChoiceDialog,
    DiffDialog,
)
from workshop.tui.widgets.flowchart import FlowchartView
from workshop.tui.widgets.tabs import show_tab

SAVE_DELAY = 0.3  # seconds after the last key before a save
CHECK_DELAY = 0.15  # seconds after the last key before checks, times and flowchart refresh

KIND_LABELS: dict[str, str] = {
    "start": "mulai",
    "process": "proses",
    "decision": "keputusan",
    "end": "selesai",
}
KIND_WORDS: dict[str, str] = {
    **{label: kind for kind, label in KIND_LABELS.items()},
    **{kind: kind for kind in KIND_LABELS},
    "m": "start",
    "p": "process",
    "k": "decision",
    "s": "end",
}
STATUS_LABELS: dict[str, str] = {status.value: status.label for status in SopStatus}

# Statuses set by hand; "disahkan" only comes from the approval (F4).
MANUAL_STATUSES: tuple[str, ...] = tuple(s.value for s in SopStatus if s != SopStatus.DISAHKAN)


def change_status(app: App[Any], store: Store, unit: str, sop_id: str, status: str,
                  today: str) -> SopRecord | None:
    """Set a status by hand (Tanggal Pembuatan is filled when drafting ends); the user sees
    an Indonesian message when it fails."""
    def run(record: SopRecord) -> None:
        approval.set_status(record, status, today)

    try:
        return attempt(app, lambda: store.update_record(unit, sop_id, run, "sop.status"))
    except approval.ApprovalError as exc:
        app.notify(str(exc), severity="error", markup=False)
        return None


# (field, label, placeholder) of the step form in Tab order, and of the identity form; both
# from the declaration (workshop.fields).
STEP_FORM: tuple[tuple[str, str, str], ...] = tuple(
    (spec.key, spec.label, spec.form_hint) for spec in step_form())
IDENTITY_FORM: tuple[tuple[str, str, str], ...] = tuple(
    (path, spec.label, spec.form_hint) for path, spec in identity_form())
_STEP_KINDS: dict[str, str] = {spec.key: spec.kind for spec in STEP_FIELDS}


# What Textual makes of ESC+1..5, i.e. alt+1..5 in tmux, xterm and most Linux terminals (it
# reads them as the macOS option characters). Bound to the tabs below; the editor's boxes leave
# them to the bindings instead of inserting them.
ALT_DIGIT_CHARACTERS = "¡™£¢∞"


class EditorInput(Input):
    """An ``Input`` that lets alt+1..5 (as ``ALT_DIGIT_CHARACTERS``) reach the tab bindings."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if character is not None and character in ALT_DIGIT_CHARACTERS:
            return False
        return super().check_consume_key(key, character)


class EditorTextArea(TextArea):
    """A ``TextArea`` that lets alt+1..5 (as ``ALT_DIGIT_CHARACTERS``) reach the tab bindings."""

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        if character is not None and character in ALT_DIGIT_CHARACTERS:
            return False
        return super().check_consume_key(key, character)


def _dom_id(path: str) -> str:
    return "id-" + path.replace(".", "-")


def step_value(sop: Sop, number: int, name: str) -> str:
    """The text a step field shows in its box."""
    step = sop.steps[number - 1]
    value: Any = getattr(step, name)
    kind = _STEP_KINDS.get(name)
    if kind == "choice":  # the step's kind: shown as mulai / proses / keputusan / selesai
        return KIND_LABELS.get(str(value), str(value))
    if kind == "list":
        return "; ".join(value)
    return "" if value is None else str(value)


def identity_value(sop: Sop, path: str) -> str:
    obj: Any = sop
    for part in path.split("."):
        obj = getattr(obj, part)
    return "" if obj is None else str(obj)


def branch_text(sop: Sop, number: int) -> str:
    step = sop.steps[number - 1]
    if step.kind == "decision":
        yes = step.if_yes if step.if_yes is not None else number + 1
        no = "?" if step.if_no is None else str(step.if_no)
        return f"Ya→{yes} Tidak→{no}"
    if step.next is not None:
        return f"→{step.next}"
    return ""


class EditorScreen(Screen[None]):
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
                ("alt+b,alt+4,cent_sign", "tab-bagan", "Bagan alir"),
                ("alt+r,alt+5,infinity", "tab-reviu", "Reviu"),
            )
        ),
    ]

    # (pane id, label on a wide screen, label on a narrow one); the alt+letter is underlined.
    TAB_LABELS: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("tab-langkah", "[u]L[/u]angkah", "[u]L[/u]angkah"),
        ("tab-identitas", "[u]I[/u]dentitas", "[u]I[/u]dentitas"),
        ("tab-pelaksana", "[u]P[/u]elaksana", "[u]P[/u]elaksana"),
        ("tab-bagan", "[u]B[/u]agan Alir", "[u]B[/u]agan"),
        ("tab-reviu", "[u]R[/u]eviu & Uji Coba", "[u]R[/u]eviu"),
    )

    TAB_FOCUS: ClassVar[dict[str, str]] = {
        "tab-langkah": "#sf-activity",
        "tab-identitas": "#id-title",
        "tab-pelaksana": "#actor-new",
        "tab-bagan": "#flowchart",
        "tab-reviu": "#rv-author",
    }

    def __init__(self, unit: str, sop_id: str) -> None:
        super().__init__()
        self.unit = unit
        self.sop_id = sop_id
        self.record: SopRecord | None = None
        self.editor = SopEditor(Sop())
        self.saved = Sop()
        self.current = 1
        self.findings: list[Finding] = []
        self._save_timer: Timer | None = None
        self._checks_timer: Timer | None = None
        self._head = ""
        self._state = "tersimpan"
        self._flow_dirty = True
        self._token: tuple[int, ...] = ()

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("", id="ed-head", markup=False)
        with Horizontal(id="ed-body"):
            with TabbedContent(id="ed-tabs", initial="tab-langkah"):
                with TabPane(self._tab_label(0), id="tab-langkah"):
                    yield DataTable(id="steps", cursor_type="row", zebra_stripes=True)
                    yield Static("", id="step-title", markup=False)
                    with VerticalScroll(classes="form", id="step-form"):
                        for name, label, hint in STEP_FORM:
                            with Horizontal(classes="row"):
                                yield Label(label)
                                yield EditorInput(placeholder=hint, id=f"sf-{name}", compact=True)
                    yield Static("", id="sf-problem", markup=False)
                with TabPane(self._tab_label(1), id="tab-identitas"), \
                        VerticalScroll(classes="form"):
                    for path, label, hint in IDENTITY_FORM:
                        with Horizontal(classes="row"):
                            yield Label(label)
                            yield EditorInput(placeholder=hint, id=_dom_id(path), compact=True)
                    for name, label in IDENTITY_LISTS:
                        yield Static(f"{label} (satu per baris)", classes="list-label")
                        yield EditorTextArea(id=_dom_id(name), compact=True)
                with TabPane(self._tab_label(2), id="tab-pelaksana"):
                    yield Static("Enter: ganti nama · Del: hapus · alt+↑/↓: pindah kolom",
                                 classes="hint")
                    yield DataTable(id="actors", cursor_type="row")
                    with Horizontal(classes="row"):
                        yield Label("Pelaksana baru")
                        yield EditorInput(placeholder="jabatan, lalu Enter", id="actor-new",
                                    compact=True)
                with TabPane(self._tab_label(3), id="tab-bagan"):
                    yield FlowchartView(id="flowchart")
                with TabPane(self._tab_label(4), id="tab-reviu"), VerticalScroll():
                    yield Static("Komentar reviu (r: tandai selesai/belum)", classes="list-label")
                    yield DataTable(id="comments", cursor_type="row")
                    for key, label, hint in (
                        ("rv-author", "Penulis", "nama pereviu"),
                        ("rv-target", "Langkah/bidang", "nomor langkah atau nama bidang"),
                        ("rv-text", "Komentar", "lalu Enter"),
                    ):
                        with Horizontal(classes="row"):
                            yield Label(label)
                            yield EditorInput(placeholder=hint, id=key, compact=True)
                    yield Static("Catatan uji coba", classes="list-label")
                    yield DataTable(id="trials", cursor_type="row")
                    for key, label, hint in (
                        ("tr-who", "Pelaku uji coba", "siapa yang mencoba"),
                        ("tr-text", "Hasil", "apa yang terjadi, lalu Enter"),
                    ):
                        with Horizontal(classes="row"):
                            yield Label(label)
                            yield EditorInput(placeholder=hint, id=key, compact=True)
            with Vertical(id="ed-side"):
                yield FindingsList(id="findings")
                yield TimesView("", id="times")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#steps", DataTable).add_columns(
            "No", "Kegiatan", "Pelaksana", "Jenis", "Cabang", "Waktu")
        self.query_one("#actors", DataTable).add_columns("Kolom", "Pelaksana", "Langkah")
        self.query_one("#comments", DataTable).add_columns(
            "Tempat", "Penulis", "Komentar", "Status")
        self.query_one("#trials", DataTable).add_columns("Tanggal", "Pelaku", "Hasil")
        self.load()
        self.query_one("#sf-activity", Input).focus()

    def action_tab(self, tab: str) -> None:
        """alt+letter (or alt+1..5): show a tab and put the cursor in its first box."""
        show_tab(self.query_one(TabbedContent), tab)
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

    # -- loading ------------------------------------------------------------------------------

    def load(self) -> None:
        """(Re)read the record from the store; the history starts afresh."""
        ctx = context_of(self)
        record = attempt(self.app, lambda: ctx.store.sop(self.unit, self.sop_id))
        if record is None:
            return
        self._token = ctx.store.change_token()
        self.record = record
        self.saved = copy.deepcopy(record.sop)
        self.editor.reset(record.sop)
        blank = not self.editor.sop.steps and not self.read_only
        if blank:
            self.editor.append_step()
            self.editor.reset(self.editor.sop)
        self.current = min(max(1, self.current), max(1, len(self.editor.sop.steps)))
        self.refresh_all()
        if blank:
            self._schedule_save()

    @property
    def read_only(self) -> bool:
        return self.record is not None and approval.is_read_only(self.record)

    def refresh_all(self, *, keep_focused: bool = False) -> None:
        self._fill_identity(keep_focused)
        self._fill_actors()
        self._fill_reviews()
        self._lock_inputs()
        self.refresh_steps(keep_focused=keep_focused)

    @staticmethod
    def _row(sop: Sop, number: int) -> tuple[Any, ...]:
        step = sop.steps[number - 1]
        return (str(number), Text(step.activity), Text(step.actor),
                KIND_LABELS.get(step.kind, step.kind), branch_text(sop, number),
                Text(step.time))

    def refresh_steps(self, *, keep_focused: bool = False) -> None:
        """Steps table, step form, findings, times, flowchart, header."""
        sop = self.editor.sop
        table = self.query_one("#steps", DataTable)
        table.clear()
        for number in range(1, len(sop.steps) + 1):
            table.add_row(*self._row(sop, number), key=str(number))
        if sop.steps:
            self.current = min(max(1, self.current), len(sop.steps))
            table.move_cursor(row=self.current - 1, animate=False)
        self._fill_step_form(keep_focused)
        self.refresh_checks()

    def _refresh_current_row(self) -> None:
        """While typing: only the current row changes (cheap, no table rebuild)."""
        table = self.query_one("#steps", DataTable)
        sop = self.editor.sop
        if not 1 <= self.current <= min(len(sop.steps), table.row_count):
            self.refresh_steps(keep_focused=True)
            return
        for column, value in enumerate(self._row(sop, self.current)):
            table.update_cell_at(Coordinate(self.current - 1, column), value)

    def _schedule_checks(self) -> None:
        if self._checks_timer is not None:
            self._checks_timer.stop()
        self._checks_timer = self.set_timer(CHECK_DELAY, self.refresh_checks)

    def refresh_checks(self) -> None:
        if self._checks_timer is not None:
            self._checks_timer.stop()
            self._checks_timer = None
        sop = self.editor.sop
        self.findings = check_sop(sop)
        self.query_one(FindingsList).show(self.findings)
        self.query_one(TimesView).show(sop)
        self._flow_dirty = True
        if self.query_one(TabbedContent).active == "tab-bagan":
            self._update_flowchart()
        self._show_head()

    def _update_flowchart(self) -> None:
        """Only while its tab is shown: a hidden view has no size to fit the drawing to."""
        if not self._flow_dirty:
            return
        self._flow_dirty = False
        self.query_one(FlowchartView).update(copy.deepcopy(self.editor.sop), self.current)

    @on(TabbedContent.TabActivated)
    def _tab_shown(self, message: TabbedContent.TabActivated) -> None:
        if message.pane.id == "tab-bagan":
            self.call_after_refresh(self._update_flowchart)

    def _show_head(self, state: str = "") -> None:
        record = self.record
        if record is None:
            return
        sop = self.editor.sop
        errors = sum(1 for f in self.findings if f.severity == "error")
        state = state or self._state
        self._state = state
        head = (f"{sop.title or '(tanpa nama)'} · {STATUS_LABELS.get(record.status, record.status)}"
                f" · versi {record.version} · {errors} kesalahan · {state}")
        if self.read_only:
            head += " · hanya baca (F9: versi baru)"
        if head != self._head:
            self._head = head
            self.query_one("#ed-head", Static).update(Text(head))

    def _set_input(self, box: Input | TextArea, value: str, keep_focused: bool) -> None:
        if keep_focused and box.has_focus:
            return
        if isinstance(box, Input):
            if box.value != value:
                with box.prevent(Input.Changed):
                    box.value = value
        elif box.text != value:
            with box.prevent(TextArea.Changed):
                box.load_text(value)

    def _fill_step_form(self, keep_focused: bool = False) -> None:
        sop = self.editor.sop
        n = len(sop.steps)
        title = self.query_one("#step-title", Static)
        if not n:
            title.update("Belum ada langkah. Tekan ctrl+n untuk langkah pertama.")
            return
        title.update(Text(f"Langkah {self.current} dari {n}"))
        for name, _, _ in STEP_FORM:
            self._set_input(self.query_one(f"#sf-{name}", Input),
                            step_value(sop, self.current, name), keep_focused)

    def _fill_identity(self, keep_focused: bool = False) -> None:
        sop = self.editor.sop
        for path, _, _ in IDENTITY_FORM:
            self._set_input(self.query_one(f"#{_dom_id(path)}", Input),
                            identity_value(sop, path), keep_focused)
        for name, _ in IDENTITY_LISTS:
            self._set_input(self.query_one(f"#{_dom_id(name)}", TextArea),
                            "\n".join(getattr(sop, name)), keep_focused)

    def _fill_actors(self) -> None:
        sop = self.editor.sop
        table = self.query_one("#actors", DataTable)
        row = table.cursor_row
        table.clear()
        for column, actor in enumerate(sop.actors, start=1):
            used = [str(n) for n, s in enumerate(sop.steps, start=1) if s.actor == actor]
            table.add_row(str(column), Text(actor), ", ".join(used) or "-", key=actor)
        if sop.actors:
            table.move_cursor(row=min(row, len(sop.actors) - 1), animate=False)

    def _fill_reviews(self) -> None:
        record = self.record
        if record is None:
            return
        comments = self.query_one("#comments", DataTable)
        row = comments.cursor_row
        comments.clear()
        for c in record.reviews:
            where = f"Langkah {c.step}" if c.step is not None else (c.field or "SOP")
            comments.add_row(Text(where), Text(c.author), Text(c.text),
                             "selesai" if c.resolved else "belum", key=c.id)
        if record.reviews:
            comments.move_cursor(row=min(row, len(record.reviews) - 1), animate=False)
        trials = self.query_one("#trials", DataTable)
        trials.clear()
        for t in record.trials:
            trials.add_row(t.date or "-", Text(t.who), Text(t.text))

    def _lock_inputs(self) -> None:
        locked = self.read_only
        for pane in ("#tab-langkah", "#tab-identitas", "#tab-pelaksana"):
            for box in self.query_one(pane).query("Input, TextArea"):
                box.disabled = locked

    # -- applying edits -----------------------------------------------------------------------

    def _problem(self, message: str = "") -> None:
        self.query_one("#sf-problem", Static).update(Text(message))

    def _edited(self, *, structural: bool = False, row: bool = False) -> None:
        """After an edit: structural edits rebuild the table; typing updates the current row
        and the checks follow a moment later."""
        self._problem()
        if structural:
            self.refresh_steps(keep_focused=True)
        else:
            if row:
                self._refresh_current_row()
            self._schedule_checks()
        self._schedule_save()

    @on(Input.Changed, "#step-form Input")
    def _step_input(self, message: Input.Changed) -> None:
        if self.read_only or not self.editor.sop.steps or message.input.id is None:
            return
        name = message.input.id.removeprefix("sf-")
        value: str | None = message.value
        if name == "kind":
            value = KIND_WORDS.get(message.value.strip().casefold())
            if value is None:
                self._problem("Jenis: mulai, proses, keputusan atau selesai (m, p, k, s).")
                return
        try:
            self.editor.set_step_field(self.current, name, value)
        except EditError as exc:
            self._problem(str(exc))
            return
        self._edited(row=True)

    @on(Input.Submitted, "#step-form Input")
    def _step_enter(self, message: Input.Submitted) -> None:
        """Enter: the next step; on the last step a new one is started. In the Pelaksana box
        a name that is not an actor yet adds that actor (and the cursor stays in the step)."""
        if self.read_only:
            return
        if message.input.id == "sf-actor" and self._add_typed_actor(message.value):
            return
        self.editor.seal()
        n = len(self.editor.sop.steps)
        if self.current >= n:
            try:
                self.current = self.editor.append_step()
            except EditError as exc:
                self._problem(str(exc))
                return
            self._edited(structural=True)
        else:
            self.current += 1
            self.refresh_steps()
        self.query_one("#sf-activity", Input).focus()

    def _add_typed_actor(self, text: str) -> bool:
        name = " ".join(text.split())
        if not name or name.isdigit() or resolve_actor(self.editor.sop, name) is not None:
            return False
        try:
            self.editor.add_actor(name)
            self.editor.set_step_field(self.current, "actor", name)
        except EditError as exc:
            self._problem(str(exc))
            return True
        self.notify(f"Pelaksana baru: {name} (kolom {len(self.editor.sop.actors)})",
                    markup=False, timeout=3)
        self._fill_actors()
        self._edited(row=True)
        self.query_one("#sf-kind", Input).focus()
        return True

    @on(Input.Changed, "#tab-identitas Input")
    def _identity_input(self, message: Input.Changed) -> None:
        if self.read_only or message.input.id is None:
            return
        path = message.input.id.removeprefix("id-").replace("-", ".")
        try:
            self.editor.set_field(path, message.value)
        except EditError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._edited()

    @on(TextArea.Changed, "#tab-identitas TextArea")
    def _identity_list(self, message: TextArea.Changed) -> None:
        area = message.text_area
        if self.read_only or area.id is None:
            return
        try:
            self.editor.set_field(area.id.removeprefix("id-"), area.text)
        except EditError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._edited()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if isinstance(event.widget, Input | TextArea):
            self.editor.seal()
            self.save_now()

    @on(DataTable.RowHighlighted, "#steps")
    def _step_row(self, message: DataTable.RowHighlighted) -> None:
        number = message.cursor_row + 1
        if number != self.current and 1 <= number <= len(self.editor.sop.steps):
            self.current = number
            self._fill_step_form()
            self._problem()
            self.refresh_checks()

    @on(DataTable.RowSelected, "#steps")
    def _step_chosen(self) -> None:
        self.query_one("#sf-activity", Input).focus()

    # -- step actions -------------------------------------------------------------------------

    def _structural(self, action: Any) -> None:
        if self.read_only:
            self.notify("SOP ini sudah disahkan. Tekan F9 untuk memulai versi baru.",
                        severity="warning")
            return
        self.editor.seal()
        try:
            action()
        except EditError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._fill_actors()
        self._edited(structural=True)

    def action_new_step(self) -> None:
        def run() -> None:
            self.current = self.editor.insert_step(
                self.current + 1 if self.editor.sop.steps else 1)
        self._structural(run)
        self.query_one("#tab-langkah", TabPane)
        show_tab(self.query_one(TabbedContent), "tab-langkah")
        self.query_one("#sf-activity", Input).focus()

    def action_delete_step(self) -> None:
        def run() -> None:
            self.editor.delete_step(self.current)
        self._structural(run)

    def action_move_step(self, delta: int) -> None:
        target = self.current + delta
        if not 1 <= target <= len(self.editor.sop.steps):
            return

        def run() -> None:
            self.editor.move_step(self.current, target)
            self.current = target
        self._structural(run)

    def action_goto_step(self, delta: int) -> None:
        target = self.current + delta
        if 1 <= target <= len(self.editor.sop.steps):
            self.editor.seal()
            self.current = target
            self.refresh_steps()

    def action_undo(self) -> None:
        self._history(self.editor.undo(), "Diurungkan")

    def action_redo(self) -> None:
        self._history(self.editor.redo(), "Diulang")

    def _history(self, label: str | None, verb: str) -> None:
        if label is None:
            self.notify("Tidak ada yang dapat " + verb.lower().removeprefix("di") + ".",
                        timeout=2)
            return
        self.refresh_all()
        self._schedule_save()
        self.notify(f"{verb}: {label}", markup=False, timeout=2)

    # -- actors -------------------------------------------------------------------------------

    @on(Input.Submitted, "#actor-new")
    def _add_actor(self, message: Input.Submitted) -> None:
        def run() -> None:
            self.editor.add_actor(message.value)
        before = len(self.editor.sop.actors)
        self._structural(run)
        if len(self.editor.sop.actors) > before:
            message.input.value = ""

    def _chosen_actor(self) -> str | None:
        table = self.query_one("#actors", DataTable)
        actors = self.editor.sop.actors
        if not actors or not 0 <= table.cursor_row < len(actors):
            return None
        return actors[table.cursor_row]

    @on(DataTable.RowSelected, "#actors")
    def _rename_actor(self) -> None:
        actor = self._chosen_actor()
        if actor is None or self.read_only:
            return

        def done(name: str | None) -> None:
            if name:
                self._structural(lambda: self.editor.rename_actor(actor, name))

        self.app.push_screen(TextPrompt("Ganti nama pelaksana", "Jabatan", actor), done)

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

    @on(FlowchartView.StepSelected)
    def _flowchart_step(self, message: FlowchartView.StepSelected) -> None:
        """A click on a symbol of the flowchart opens that step."""
        if 1 <= message.step <= len(self.editor.sop.steps):
            self.current = message.step
            show_tab(self.query_one(TabbedContent), "tab-langkah")
            self.refresh_steps()

    # -- findings -----------------------------------------------------------------------------

    @on(FindingsList.Chosen)
    def _go_to_finding(self, message: FindingsList.Chosen) -> None:
        finding = message.finding
        tabs = self.query_one(TabbedContent)
        place = finding.field or ""
        if finding.step is not None and 1 <= finding.step <= len(self.editor.sop.steps):
            show_tab(tabs, "tab-langkah")
            self.current = finding.step
            self.refresh_steps()
            name = place.rsplit(".", 1)[-1] if place.startswith("steps.") else "activity"
            box = self.query("#sf-" + name).results(Input)
            target = next(iter(box), self.query_one("#sf-activity", Input))
            self.call_after_refresh(target.focus)
            return
        if place == "actors":
            show_tab(tabs, "tab-pelaksana")
            self.call_after_refresh(self.query_one("#actor-new", Input).focus)
            return
        widgets = list(self.query("#" + _dom_id(place)).results()) if place else []
        if widgets:
            show_tab(tabs, "tab-identitas")
            self.call_after_refresh(widgets[0].focus)

    # -- saving -------------------------------------------------------------------------------

    def _schedule_save(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self.save_now)

    def save_now(self) -> bool:
        """Store what changed since the last save; True when everything is saved."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        changes = field_changes(self.saved, self.editor.sop)
        if not changes or self.record is None:
            return True
        store = context_of(self).store
        try:
            record = store.edit_sop(self.unit, self.sop_id,
                                    [FieldChange(p, old, new) for p, old, new in changes])
        except StoreConflict as exc:
            self._show_head("BENTROK")
            self.notify(str(exc), title="Bentrok penyimpanan", severity="error", markup=False,
                        timeout=12)
            return False
        except (StoreError, OSError) as exc:
            self._show_head("GAGAL MENYIMPAN")
            self.notify(str(exc), title="Gagal menyimpan", severity="error", markup=False,
                        timeout=8)
            return False
        self._token = store.change_token()
        self.record = record
        self.saved = copy.deepcopy(record.sop)
        if record.sop != self.editor.sop:  # someone else's change to another field
            self.editor.sop = copy.deepcopy(record.sop)
            self.refresh_all(keep_focused=True)
        self._show_head("tersimpan")
        return True

    @on(WorkshopChanged)
    def _workshop_changed(self, message: WorkshopChanged) -> None:
        """Another tab (or process) saved this SOP: show its version unless ours has unsaved
        changes (our own save merges them)."""
        if self.unit not in message.units:
            return  # only this unit's file holds the SOP
        store = context_of(self).store
        token = store.change_token()
        if token == self._token:
            return  # our own save
        self._token = token
        if field_changes(self.saved, self.editor.sop):
            return  # our own save will merge
        try:
            record = store.sop(self.unit, self.sop_id)
        except StoreError:
            return
        if record != self.record:
            self.record = record
            self.saved = copy.deepcopy(record.sop)
            if record.sop != self.editor.sop:
                self.editor.sop = copy.deepcopy(record.sop)
            self.refresh_all(keep_focused=True)

    def on_unmount(self) -> None:
        """Leaving by any way (ctrl+q too) saves what was typed in the last moment."""
        if getattr(self.app, "ctx", None) is not None:
            self.save_now()

    def action_back(self) -> None:
        self.editor.seal()
        if self.save_now():
            self.app.pop_screen()

    # -- review and trial ---------------------------------------------------------------------

    def _update(self, fn: Any, done: str | None = None) -> SopRecord | None:
        if not self.save_now():
            return None
        ctx = context_of(self)
        record = attempt(self.app, lambda: ctx.store.update_record(self.unit, self.sop_id, fn),
                         done)
        if record is not None:
            self.record = record
            self.saved = copy.deepcopy(record.sop)
            self._token = ctx.store.change_token()
        return record

    @on(Input.Submitted, "#rv-text")
    def _add_comment(self) -> None:
        author = self.query_one("#rv-author", Input).value.strip()
        target = self.query_one("#rv-target", Input).value.strip()
        text = self.query_one("#rv-text", Input).value.strip()
        if not author or not text:
            self.notify("Isi penulis dan komentar.", severity="warning")
            return
        step = int(target) if target.isdigit() else None
        if step is not None and not 1 <= step <= len(self.editor.sop.steps):
            self.notify(f"Tidak ada langkah {step}.", severity="warning")
            return
        at = context_of(self).now().isoformat(timespec="seconds")

        def add(record: SopRecord) -> None:
            taken = {c.id for c in record.reviews}
            n = len(record.reviews) + 1
            while f"k-{n:03d}" in taken:
                n += 1
            record.reviews.append(Comment(id=f"k-{n:03d}", author=author, text=text, step=step,
                                          field=None if step is not None else (target or None),
                                          at=at))

        if self._update(add, "Komentar disimpan.") is not None:
            self.query_one("#rv-text", Input).value = ""
            self._fill_reviews()

    def _toggle_comment(self) -> None:
        record = self.record
        table = self.query_one("#comments", DataTable)
        if record is None or not 0 <= table.cursor_row < len(record.reviews):
            return
        comment_id = record.reviews[table.cursor_row].id

        def toggle(rec: SopRecord) -> None:
            for c in rec.reviews:
                if c.id == comment_id:
                    c.resolved = not c.resolved

        if self._update(toggle) is not None:
            self._fill_reviews()

    @on(Input.Submitted, "#tr-text")
    def _add_trial(self) -> None:
        who = self.query_one("#tr-who", Input).value.strip()
        text = self.query_one("#tr-text", Input).value.strip()
        if not who or not text:
            self.notify("Isi pelaku uji coba dan hasilnya.", severity="warning")
            return
        date = context_of(self).now().date().isoformat()

        def add(record: SopRecord) -> None:
            record.trials.append(TrialNote(who=who, text=text, date=date))

        if self._update(add, "Catatan uji coba disimpan.") is not None:
            self.query_one("#tr-text", Input).value = ""
            self._fill_reviews()

    # -- approval and versions ----------------------------------------------------------------

    def _today(self) -> str:
        now: datetime = context_of(self).now()
        return now.date().isoformat()

    def action_approve(self) -> None:
        record = self.record
        if record is None:
            return
        if self.read_only:
            self.notify("SOP ini sudah disahkan.", severity="warning")
            return
        if not self.save_now():
            return
        errors = approval.blocking_findings(self.editor.sop)
        if errors:
            self.notify(f"Belum dapat disahkan: masih ada {len(errors)} kesalahan. "
                        f"Mis.: {errors[0].message}", title="Pengesahan ditolak",
                        severity="error", markup=False, timeout=10)
            return
        ctx = context_of(self)
        unit = ctx.store.unit(self.unit)
        sop = self.editor.sop
        defaults = ApproveForm(
            kode="800",
            signed=self._today(),
            created=sop.dates.created or self._today(),
            position=sop.approval.position or unit.head_position,
            name=sop.approval.name,
            nip=sop.approval.nip,
        )
        self.app.push_screen(ApproveDialog(defaults, unit.numbering), self._approved)

    def _approved(self, form: ApproveForm | None) -> None:
        if form is None:
            return
        ctx = context_of(self)
        try:
            unit = ctx.store.unit(self.unit)
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return

        def run(record: SopRecord, records: list[SopRecord]) -> None:
            # The unit's records as stored under the lock: two approvals at the same moment
            # never take the same sequence number.
            number = approval.number_for(unit, records, record, kode=form.kode,
                                         signed=form.signed)
            approval.approve(record, number=number,
                             signer=Approval(form.position, form.name, form.nip),
                             signed=form.signed, created=form.created)

        try:
            record = self._update_raising(run, in_unit=True)
        except approval.ApprovalError as exc:
            self.notify(str(exc), title="Pengesahan ditolak", severity="error", markup=False,
                        timeout=10)
            return
        if record is not None:
            self.editor.reset(record.sop)
            self.refresh_all()
            self.notify(f"SOP disahkan dengan nomor {record.sop.number}", markup=False,
                        timeout=6)

    def _update_raising(self, fn: Any, *, in_unit: bool = False) -> SopRecord | None:
        """``update_record`` letting ApprovalError through (it carries the user's message);
        ``in_unit``: ``fn`` also gets the unit's records (``Store.update_record_in_unit``)."""
        ctx = context_of(self)
        try:
            if in_unit:
                record = ctx.store.update_record_in_unit(self.unit, self.sop_id, fn,
                                                         "sop.approve")
            else:
                record = ctx.store.update_record(self.unit, self.sop_id, fn, "sop.approve")
        except StoreError as exc:
            self.notify(str(exc), title="Gagal menyimpan", severity="error", markup=False)
            return None
        self.record = record
        self.saved = copy.deepcopy(record.sop)
        self._token = ctx.store.change_token()
        return record

    def action_status(self) -> None:
        record = self.record
        if record is None or not self.save_now():
            return

        def done(status: str | None) -> None:
            if not status:
                return
            updated = change_status(self.app, context_of(self).store, self.unit, self.sop_id,
                                    status, self._today())
            if updated is not None:
                self.record = updated
                self.saved = copy.deepcopy(updated.sop)
                self._token = context_of(self).store.change_token()
                self.editor.reset(updated.sop)
                self.refresh_all()

        self.app.push_screen(ChoiceDialog(
            "Status SOP", [(STATUS_LABELS[s], s) for s in MANUAL_STATUSES],
            "Status disahkan diberikan lewat pengesahan (F4)."), done)

    def action_new_version(self) -> None:
        if not self.read_only:
            self.notify("Versi baru hanya untuk SOP yang sudah disahkan; SOP ini masih dapat "
                        "diubah langsung.", timeout=5)
            return

        def done(summary: str | None) -> None:
            if not summary:
                return
            at = context_of(self).now().isoformat(timespec="seconds")
            revised = self._today()
            try:
                record = self._update_raising(
                    lambda r: approval.start_new_version(r, revised=revised, summary=summary,
                                                         at=at))
            except approval.ApprovalError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            if record is not None:
                self.editor.reset(record.sop)
                self.refresh_all()
                self.notify(f"Versi {record.version} dimulai.", timeout=4)
                show_tab(self.query_one(TabbedContent), "tab-langkah")
                self.query_one("#sf-activity", Input).focus()

        self.app.push_screen(
            TextPrompt("Versi baru", "Ringkasan perubahan", ok_label="Mulai versi baru"), done)

    def diff_lines(self, first: int, second: int) -> list[str]:
        record = self.record
        if record is None:
            return []
        try:
            old = approval.version_sop(record, first)
            new = (self.editor.sop if second == record.version
                   else approval.version_sop(record, second))
        except approval.ApprovalError as exc:
            return [str(exc)]
        return approval.diff_versions(old, new).lines()

    def action_diff(self) -> None:
        record = self.record
        if record is None:
            return
        if record.version == 1:
            self.notify("Baru ada satu versi.", timeout=3)
            return
        self.app.push_screen(DiffDialog(record.version - 1, record.version, record.version,
                                        self.diff_lines))


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
            "tab-bagan": "alt+B", "tab-reviu": "alt+R"}
    return [PaletteCommand(f"Editor: tab {name}", f"Tampilkan tab ini ({keys[tab]}, F7)",
                           bind(screen.action_tab, tab))
            for tab, name in names.items()]
