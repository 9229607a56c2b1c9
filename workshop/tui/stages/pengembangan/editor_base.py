"""The SOP editor's state: the record being edited, loading it, refreshing the views, and
saving (per-field changes ``SAVE_DELAY`` after the last key, conflicts shown in the header; another
tab's save shown unless ours has unsaved changes).

Everything typed goes into a :class:`workshop.stages.pengembangan.editing.SopEditor` at once
and is saved as :class:`workshop.store.FieldChange` s, so that two people editing different
fields of the same SOP both land. The screen is built up in layers: this base, then
:mod:`.editor_steps` (typing and step/actor actions), :mod:`.editor_review` (review, trial,
approval, versions), and :class:`.editor.EditorScreen` (layout, keys, tabs).
"""

from __future__ import annotations

import copy
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import (
    Input,
    Static,
    TabbedContent,
    TextArea,
)

from workshop.fields import IDENTITY_LISTS
from workshop.model import Sop, SopRecord
from workshop.rules import Finding, check_sop
from workshop.stages.pengembangan import approval
from workshop.stages.pengembangan.editing import SopEditor, field_changes
from workshop.store import FieldChange, StoreConflict, StoreError
from workshop.tui.context import attempt, context_of
from workshop.tui.messages import WorkshopChanged
from workshop.tui.stages.pengembangan.editor_form import (
    IDENTITY_FORM,
    KIND_LABELS,
    STATUS_LABELS,
    STEP_FORM,
    branch_text,
    dom_id,
    identity_value,
    step_value,
)
from workshop.tui.stages.pengembangan.findings import FindingsList, TimesView
from workshop.tui.widgets.fit_table import FitTable
from workshop.tui.widgets.flowchart import FlowchartView
from workshop.tui.widgets.tabs import LazyPane

# What follows the typing waits for a pause (issue 21: forty participants typing on two cores;
# a typed character itself repaints only its input line). A save is also made on leaving a
# field, so a crash loses at most the last second of typing.
SAVE_DELAY = 1.0  # seconds after the last key before a save
CHECK_DELAY = 0.8  # seconds after the last key before the row, checks, times, flowchart follow


class EditorBase(Screen[None]):
    """One SOP of one unit: its record, the editor holding it, the views, saving."""

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
        self._problem_text = ""
        self._dirty_rows: set[int] = set()  # step rows typed into, shown with the checks

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
        table = self.query_one("#steps", FitTable)
        self._dirty_rows.clear()
        table.fill([(str(number), self._row(sop, number))
                    for number in range(1, len(sop.steps) + 1)])
        if sop.steps:
            self.current = min(max(1, self.current), len(sop.steps))
            table.move_cursor(row=self.current - 1, animate=False)
        self._fill_step_form(keep_focused)
        self.refresh_checks()

    def _refresh_current_row(self, number: int | None = None) -> None:
        """While typing: only the edited row (``number``, else the current one) changes (cheap,
        no table rebuild)."""
        table = self.query_one("#steps", FitTable)
        sop = self.editor.sop
        number = self.current if number is None else number
        if not 1 <= number <= min(len(sop.steps), table.row_count):
            self.refresh_steps(keep_focused=True)
            return
        table.update_row(str(number), self._row(sop, number))

    def _schedule_checks(self) -> None:
        if self._checks_timer is not None:
            self._checks_timer.stop()
        self._checks_timer = self.set_timer(CHECK_DELAY, self.refresh_checks)

    def refresh_checks(self) -> None:
        if self._checks_timer is not None:
            self._checks_timer.stop()
            self._checks_timer = None
        if self._dirty_rows:
            # The steps table's rows follow the form a moment after the last key, not on
            # every key: repainting a DataTable row was ~40% of a key's rendering (issue 21).
            rows, self._dirty_rows = sorted(self._dirty_rows), set()
            for number in rows:
                self._refresh_current_row(number)
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
        if not self._flow_dirty or not self.pane_built("tab-bagan"):
            return
        self._flow_dirty = False
        self.query_one(FlowchartView).update(copy.deepcopy(self.editor.sop), self.current)

    @on(TabbedContent.TabActivated)
    async def _tab_shown(self, message: TabbedContent.TabActivated) -> None:
        if message.pane.id:
            await self.ensure_pane(message.pane.id)
        if message.pane.id == "tab-bagan":
            self.call_after_refresh(self._update_flowchart)

    # -- tabs built when first shown ----------------------------------------------------------

    def pane_built(self, tab: str) -> bool:
        """Whether ``tab``'s widgets exist (the first tab's always do)."""
        pane = self.query_one(f"#{tab}")
        return not isinstance(pane, LazyPane) or pane.built

    async def ensure_pane(self, tab: str) -> None:
        """Build ``tab``'s widgets if not yet built, and fill them with the SOP."""
        pane = self.query_one(f"#{tab}")
        if isinstance(pane, LazyPane) and await pane.build():
            self.fill_pane(tab)

    # Each tab of ``editor_panes.PANE_WIDGETS`` and what shows the SOP in it once built (a test
    # proves the two agree).
    PANE_FILLS: ClassVar[dict[str, str]] = {
        "tab-identitas": "_fill_identity",
        "tab-pelaksana": "_fill_actors",
        "tab-bagan": "_mark_flowchart_stale",
        "tab-reviu": "_fill_reviews",
    }

    def fill_pane(self, tab: str) -> None:
        """Show the SOP in a tab just built, locked when the SOP is approved."""
        getattr(self, self.PANE_FILLS[tab])()
        self._lock_inputs()

    def _mark_flowchart_stale(self) -> None:
        self._flow_dirty = True  # drawn when its tab is shown (it needs the view's size)

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
                if not box.has_focus:
                    box.cursor_position = 0  # an unfocused box shows the start of its text
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
        if not self.pane_built("tab-identitas"):
            return
        sop = self.editor.sop
        for path, _, _ in IDENTITY_FORM:
            self._set_input(self.query_one(f"#{dom_id(path)}", Input),
                            identity_value(sop, path), keep_focused)
        for name, _ in IDENTITY_LISTS:
            self._set_input(self.query_one(f"#{dom_id(name)}", TextArea),
                            "\n".join(getattr(sop, name)), keep_focused)

    def _fill_actors(self) -> None:
        if not self.pane_built("tab-pelaksana"):
            return
        sop = self.editor.sop
        table = self.query_one("#actors", FitTable)
        rows = []
        for column, actor in enumerate(sop.actors, start=1):
            used = [str(n) for n, s in enumerate(sop.steps, start=1) if s.actor == actor]
            rows.append((actor, (str(column), actor, ", ".join(used) or "-")))
        table.fill(rows)

    def _fill_reviews(self) -> None:
        record = self.record
        if record is None or not self.pane_built("tab-reviu"):
            return
        self.query_one("#comments", FitTable).fill([
            (c.id, (f"Langkah {c.step}" if c.step is not None else (c.field or "SOP"),
                    c.author, c.text, "selesai" if c.resolved else "belum"))
            for c in record.reviews])
        self.query_one("#trials", FitTable).fill([
            (str(number), (t.date or "-", t.who, t.text))
            for number, t in enumerate(record.trials)])

    def _lock_inputs(self) -> None:
        locked = self.read_only
        for pane in ("#tab-langkah", "#tab-identitas", "#tab-pelaksana"):
            for box in self.query_one(pane).query("Input, TextArea"):
                box.disabled = locked

    # -- applying edits -----------------------------------------------------------------------

    def _problem(self, message: str = "") -> None:
        # Only when it changes: a Static's update lays out the whole screen again, and this
        # runs on every key (issue 21: the room's participants share two cores).
        if message != self._problem_text:
            self._problem_text = message
            self.query_one("#sf-problem", Static).update(Text(message))

    def _edited(self, *, structural: bool = False, row: bool = False) -> None:
        """After an edit: structural edits rebuild the table; typing updates the current row
        and the checks follow a moment later."""
        self._problem()
        if structural:
            self.refresh_steps(keep_focused=True)
        else:
            if row:  # with the checks, a moment after the last key (see refresh_checks)
                self._dirty_rows.add(self.current)
            self._schedule_checks()
        self._schedule_save()

    # -- saving -------------------------------------------------------------------------------

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if isinstance(event.widget, Input):
            event.widget.cursor_position = 0  # left: show the start of its text
        if isinstance(event.widget, Input | TextArea):
            self.editor.seal()
            self.save_now()

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

    # -- updating the record -----------------------------------------------------------------

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
