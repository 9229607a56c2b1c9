"""Minutes of a session: notes, decisions, action items, a parking lot, and the data log."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.timer import Timer
from textual.widgets import Button, DataTable, Label, Static, TextArea

from workshop.model import ActionItem, Session, SopRecord, Unit
from workshop.sesi import minutes
from workshop.store import Store, StoreError, StoreNotFound
from workshop.tui.context import context_of, settled
from workshop.tui.messages import WorkshopEdited
from workshop.tui.sesi.dialogs import ActionItemForm, MinutesPreview
from workshop.tui.sesi.lists import TextEntries
from workshop.tui.sesi.write import update_session

NOTES_SAVE_DELAY = 1.5  # seconds after the last keystroke


class ActionTable(DataTable[Text]):
    """Action items. Enter: edit; space: done/not done; Delete: remove."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_done", "Selesai?"),
        Binding("delete", "remove", "Hapus"),
    ]

    def action_toggle_done(self) -> None:
        panel = self._panel()
        if panel is not None and self.row_count:
            panel.toggle_action(self.cursor_row)

    def action_remove(self) -> None:
        panel = self._panel()
        if panel is not None and self.row_count:
            panel.remove_action(self.cursor_row)

    def _panel(self) -> MinutesPanel | None:
        for node in self.ancestors:
            if isinstance(node, MinutesPanel):
                return node
        return None


class ActivityRecords:
    """The SOP records the data log of a session names, read one by one (not every SOP of
    every unit) and kept per unit while the unit's file is unchanged (its ``unit_token``,
    trusted once settled, as the context's caches)."""

    def __init__(self) -> None:
        # slug -> (unit_token, SOP id -> its record, None when it no longer exists)
        self._units: dict[str, tuple[tuple[int, ...], dict[str, SopRecord | None]]] = {}

    def read(self, store: Store, activity: Sequence[minutes.UnitActivity]
             ) -> dict[str, list[SopRecord]]:
        """Unit slug -> the records of the SOPs ``activity`` names (what
        ``minutes.summary_text`` shows); units no longer in the workshop are left out."""
        out: dict[str, list[SopRecord]] = {}
        cache = self._units
        for item in activity:
            slug = item.unit
            if store.find_unit(slug) is None:
                continue
            token = store.unit_token(slug)  # before reading: a later write changes it
            hit = cache.get(slug)
            known: dict[str, SopRecord | None] = (
                hit[1] if hit is not None and hit[0] == token else {})
            for sop_id in (*item.drafted, *item.approved, *item.checked, *item.edited):
                if sop_id in known:
                    continue
                try:
                    known[sop_id] = store.sop(slug, sop_id)
                except StoreNotFound:
                    known[sop_id] = None
            if settled(token):
                cache[slug] = (token, known)
            else:  # written within the clock's tick: the same token may hide a change
                cache.pop(slug, None)
            out[slug] = [r for r in known.values() if r is not None]
        return out


class MinutesPanel(VerticalScroll):
    DEFAULT_CSS = """
    MinutesPanel { padding: 0 1; }
    MinutesPanel Label { margin-top: 1; text-style: bold; width: 100%; }
    MinutesPanel #mn-notes { height: 6; }
    MinutesPanel #mn-actions { height: auto; max-height: 10; }
    MinutesPanel .mn-buttons { height: 1; }
    MinutesPanel .mn-buttons Button { margin-right: 2; }
    MinutesPanel #mn-log { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session_id = ""
        self.units: list[Unit] = []
        self.actions: list[ActionItem] = []
        self._notes_timer: Timer | None = None
        self._shown_notes: tuple[str, str] | None = None
        self.activity_records = ActivityRecords()

    def compose(self) -> ComposeResult:
        yield Label("Catatan")
        yield TextArea(id="mn-notes", soft_wrap=True)
        yield Label("Keputusan (Enter: tambah, Delete: hapus)")
        yield TextEntries("Keputusan yang disepakati", id="mn-decisions")
        yield Label("Tindak lanjut (Enter: ubah, spasi: selesai, Delete: hapus)")
        yield ActionTable(id="mn-actions", cursor_type="row", zebra_stripes=True)
        with Horizontal(classes="mn-buttons"):
            yield Button("Tambah tindak lanjut", id="mn-add-action", compact=True)
        yield Label("Hal yang ditunda")
        yield TextEntries("Pertanyaan atau hal untuk sesi berikutnya", id="mn-parking")
        yield Label("Perubahan data selama sesi")
        yield Static("", id="mn-log", markup=False)
        with Horizontal(classes="mn-buttons"):
            yield Button("Pratinjau notulen", id="mn-preview", compact=True)
            yield Button("Ekspor notulen (Markdown)", id="mn-export", compact=True)

    def on_mount(self) -> None:
        table = self.query_one(ActionTable)
        for label in ("No", "Tindak lanjut", "Unit", "Tenggat", "Status"):
            table.add_column(Text(label))

    def show(self, session: Session, units: Sequence[Unit]) -> None:
        if session.id != self.session_id:
            self.save_notes()
        self.session_id = session.id
        self.units = list(units)
        self.actions = list(session.actions)
        notes = self.query_one("#mn-notes", TextArea)
        if self._shown_notes != (session.id, session.notes) and not (
            notes.has_focus and self._shown_notes and self._shown_notes[0] == session.id
        ):
            self._shown_notes = (session.id, session.notes)
            notes.load_text(session.notes)
        self.query_one("#mn-decisions", TextEntries).show(session.decisions)
        self.query_one("#mn-parking", TextEntries).show(session.parking_lot)
        names = {u.slug: u.name for u in units}
        table = self.query_one(ActionTable)
        keep = table.cursor_row
        table.clear()
        for i, a in enumerate(session.actions, start=1):
            table.add_row(Text(str(i)), Text(a.what), Text(names.get(a.unit, a.unit) or "semua"),
                          Text(a.due or "-"), Text("selesai" if a.done else "belum"))
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        ctx = context_of(self)
        try:
            activity = minutes.session_activity(ctx.store, session)
            records = self.activity_records.read(ctx.store, activity)
        except StoreError as exc:  # a damaged unit file must not break the panel
            self.query_one("#mn-log", Static).update(Text(f"Log tidak dapat dibaca: {exc}"))
            return
        lines = minutes.summary_text(activity, units, records)
        if not session.started_at:
            lines = ["Sesi belum dimulai."]
        elif not lines:
            lines = ["Belum ada perubahan data sejak sesi dimulai."]
        self.query_one("#mn-log", Static).update(Text("\n".join(lines)))

    # -- writes ----------------------------------------------------------------------------

    def _write(self, change: Callable[[Session], Session]) -> None:
        if not self.session_id:
            return
        if update_session(self, self.session_id, change) is not None:
            self.post_message(WorkshopEdited())

    @on(TextArea.Changed, "#mn-notes")
    def _notes_changed(self) -> None:
        if self._notes_timer is not None:
            self._notes_timer.stop()
        self._notes_timer = self.set_timer(NOTES_SAVE_DELAY, self.save_notes)

    def on_descendant_blur(self) -> None:
        self.save_notes()

    def save_notes(self) -> None:
        """Store the notes when they differ from what was stored."""
        if self._notes_timer is not None:
            self._notes_timer.stop()
            self._notes_timer = None
        if not self.session_id or self._shown_notes is None:
            return
        text = self.query_one("#mn-notes", TextArea).text
        if self._shown_notes == (self.session_id, text) or self._shown_notes[0] != self.session_id:
            return
        self._shown_notes = (self.session_id, text)
        update_session(self, self.session_id, lambda s: dataclasses.replace(s, notes=text))

    @on(TextEntries.Added, "#mn-decisions")
    def _decision(self, message: TextEntries.Added) -> None:
        self._write(lambda s: dataclasses.replace(s, decisions=[*s.decisions, message.text]))

    @on(TextEntries.Removed, "#mn-decisions")
    def _decision_removed(self, message: TextEntries.Removed) -> None:
        i = message.index
        self._write(lambda s: dataclasses.replace(
            s, decisions=[d for n, d in enumerate(s.decisions) if n != i]))

    @on(TextEntries.Added, "#mn-parking")
    def _parked(self, message: TextEntries.Added) -> None:
        self._write(lambda s: dataclasses.replace(s, parking_lot=[*s.parking_lot, message.text]))

    @on(TextEntries.Removed, "#mn-parking")
    def _unparked(self, message: TextEntries.Removed) -> None:
        i = message.index
        self._write(lambda s: dataclasses.replace(
            s, parking_lot=[d for n, d in enumerate(s.parking_lot) if n != i]))

    @on(Button.Pressed, "#mn-add-action")
    def add_action(self) -> None:
        def done(result: object) -> None:
            if isinstance(result, ActionItem):
                self._write(lambda s: dataclasses.replace(s, actions=[*s.actions, result]))

        self.app.push_screen(ActionItemForm(self.units), done)

    @on(DataTable.RowSelected, "#mn-actions")
    def _edit_action(self, message: DataTable.RowSelected) -> None:
        index = message.cursor_row
        if not 0 <= index < len(self.actions):
            return

        def done(result: object) -> None:
            if isinstance(result, ActionItem):
                self._write(lambda s: dataclasses.replace(
                    s, actions=[result if n == index else a for n, a in enumerate(s.actions)]))

        self.app.push_screen(ActionItemForm(self.units, self.actions[index]), done)

    def toggle_action(self, index: int) -> None:
        self._write(lambda s: dataclasses.replace(s, actions=[
            dataclasses.replace(a, done=not a.done) if n == index else a
            for n, a in enumerate(s.actions)]))

    def remove_action(self, index: int) -> None:
        self._write(lambda s: dataclasses.replace(
            s, actions=[a for n, a in enumerate(s.actions) if n != index]))

    @on(Button.Pressed, "#mn-preview")
    def preview(self) -> None:
        self.save_notes()
        text = minutes_text(self)
        if text is not None:
            self.app.push_screen(MinutesPreview(text))


    @on(Button.Pressed, "#mn-export")
    def export(self) -> None:
        """Write the minutes of every session to the workshop's exports/ (a child process)."""
        self.save_notes()
        run = getattr(self.app, "export", None)
        if callable(run):
            run("md", "notulen")
            self.app.notify("Notulen sedang diekspor ke folder exports/ workshop.", timeout=3)


def minutes_text(panel: MinutesPanel) -> str | None:
    """The minutes of the panel's session, as the exporter writes them."""
    from workshop.export.markdown import minutes_markdown

    ctx = context_of(panel)
    try:
        session = ctx.store.session(panel.session_id)
        units = ctx.store.units()
        activity = minutes.session_activity(ctx.store, session)
        records = panel.activity_records.read(ctx.store, activity)  # what the minutes name
        return minutes_markdown(
            ctx.store.event(), session, units, ctx.store.members(),
            minutes.produced(activity, records),
            stage_names={s.id: s.name for s in ctx.guide.stages},
        )
    except StoreError as exc:
        panel.app.notify(str(exc), title="Notulen tidak dapat disusun", severity="error",
                         markup=False, timeout=8)
        return None
