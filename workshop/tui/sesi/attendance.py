"""Attendance of a session: units and team members ticked from the lists, and guests."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from workshop.model import Member, Session, Unit
from workshop.tui.messages import WorkshopEdited
from workshop.tui.sesi.lists import TextEntries
from workshop.tui.sesi.write import update_session
from workshop.tui.widgets.ticks import TickList


def attendance_summary(session: Session, units: Sequence[Unit]) -> str:
    return (f"Hadir: {len(session.attended_units)} dari {len(units)} unit · "
            f"{len(session.attended_members)} anggota tim · {len(session.guests)} tamu")


class AttendancePanel(VerticalScroll):
    """Space ticks a unit or a member; ticking a member also ticks the unit."""

    DEFAULT_CSS = """
    AttendancePanel SelectionList { height: auto; max-height: 12; }
    AttendancePanel { padding: 0 1; }
    AttendancePanel Label { margin-top: 1; text-style: bold; width: 100%; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session_id = ""
        self._options: tuple[list[tuple[str, str]], list[tuple[str, str]]] = ([], [])
        self._member_unit: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="att-summary", markup=False)
        yield Label("Unit yang hadir (spasi: centang)")
        yield TickList[str](id="att-units")
        yield Label("Anggota tim yang hadir")
        yield TickList[str](id="att-members")
        yield Label("Tamu dan undangan lain (Enter: tambah, Delete: hapus)")
        yield TextEntries("Nama tamu dan instansinya", id="att-guests")

    def show(self, session: Session, units: Sequence[Unit], members: Sequence[Member]) -> None:
        self.session_id = session.id
        self._member_unit = {m.id: m.unit for m in members}
        names = {u.slug: u.name for u in units}
        unit_options = [(u.slug, u.name) for u in units]
        member_options = [(m.id, f"{m.name} — {names.get(m.unit, m.unit)}") for m in members]
        unit_list: SelectionList[str] = self.query_one("#att-units", SelectionList)
        member_list: SelectionList[str] = self.query_one("#att-members", SelectionList)
        if self._options != (unit_options, member_options):
            self._options = (unit_options, member_options)
            for widget, options, chosen in (
                (unit_list, unit_options, session.attended_units),
                (member_list, member_options, session.attended_members),
            ):
                widget.clear_options()
                widget.add_options([Selection(Text(label), value, value in chosen)
                                    for value, label in options])
        else:
            for widget, chosen in ((unit_list, session.attended_units),
                                   (member_list, session.attended_members)):
                current = set(widget.selected)
                for value in current - set(chosen):
                    widget.deselect(value)
                for value in set(chosen) - current:
                    widget.select(value)
        self.query_one("#att-summary", Static).update(Text(attendance_summary(session, units)))
        self.query_one("#att-guests", TextEntries).show(session.guests)

    @on(SelectionList.SelectionToggled, "#att-units")
    def _unit_toggled(self, message: SelectionList.SelectionToggled[str]) -> None:
        slug = message.selection.value

        def change(s: Session) -> Session:
            units = [u for u in s.attended_units if u != slug]
            if slug not in s.attended_units:
                units.append(slug)
            return dataclasses.replace(s, attended_units=units)

        self._write(change)

    @on(SelectionList.SelectionToggled, "#att-members")
    def _member_toggled(self, message: SelectionList.SelectionToggled[str]) -> None:
        member_id = message.selection.value
        unit_of = self._member_unit

        def change(s: Session) -> Session:
            members = [m for m in s.attended_members if m != member_id]
            units = list(s.attended_units)
            if member_id not in s.attended_members:
                members.append(member_id)
                unit = unit_of.get(member_id, "")
                if unit and unit not in units:
                    units.append(unit)
            return dataclasses.replace(s, attended_members=members, attended_units=units)

        self._write(change)

    @on(TextEntries.Added, "#att-guests")
    def _guest_added(self, message: TextEntries.Added) -> None:
        self._write(lambda s: dataclasses.replace(s, guests=[*s.guests, message.text]))

    @on(TextEntries.Removed, "#att-guests")
    def _guest_removed(self, message: TextEntries.Removed) -> None:
        index = message.index
        self._write(lambda s: dataclasses.replace(
            s, guests=[g for i, g in enumerate(s.guests) if i != index]))

    def _write(self, change: Callable[[Session], Session]) -> None:
        if not self.session_id:
            return
        if update_session(self, self.session_id, change) is not None:
            self.post_message(WorkshopEdited())
