"""Priority: each team member's dot-votes and the facilitator's scores."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Label, Select, Static

from workshop.model import NeedRow, Unit
from workshop.stages.kebutuhan import needs
from workshop.tui.context import Context, attempt, context_of, try_write
from workshop.tui.stages.kebutuhan.common import Column, NeedsChanged, fill_table, selected_key

# ---------------------------------------------------------------------------------------------
# Priority: dot-voting and the facilitator's scores
# ---------------------------------------------------------------------------------------------

SCORE_FIELDS = {"u": ("urgency", "Urgensi"), "f": ("frequency", "Frekuensi"),
                "r": ("risk", "Risiko")}


VOTE_COLUMNS = (
    Column("rank", "Peringkat", short="No"), Column("title", "Judul SOP", 1),
    Column("votes", "Suara"), Column("mine", "Suara anggota", short="Anggota"),
    Column("urgency", "Urgensi", short="U"), Column("frequency", "Frekuensi", short="F"),
    Column("risk", "Risiko", short="R"), Column("score", "Skor"),
)


class VotePanel(Vertical):
    """Each team member spends a budget of votes over the unit's candidate titles."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("plus,equals_sign,space", "vote(1)", "+1 suara"),
        Binding("minus", "vote(-1)", "-1 suara"),
        Binding("u", "score('u')", "Urgensi"),
        Binding("f", "score('f')", "Frekuensi"),
        Binding("r", "score('r')", "Risiko"),
    ]

    DEFAULT_CSS = """
    VotePanel #vote-table { height: 1fr; }
    VotePanel .unit-bar { height: 1; }
    VotePanel #vote-member { width: 1fr; max-width: 36; }
    VotePanel #vote-left { height: 1; text-style: bold; }
    VotePanel #vote-budget { width: 6; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._unit: Unit | None = None
        self._rows: list[NeedRow] = []
        self.budget = needs.DEFAULT_VOTE_BUDGET
        self._member_signature: list[tuple[str, str]] = []
        self._cells: list[tuple[str, list[str]]] = []

    def compose(self) -> ComposeResult:
        with Horizontal(classes="unit-bar"):
            yield Label("Anggota", classes="needs-label")
            yield Select[str]([], prompt="Pilih anggota tim", id="vote-member", compact=True)
            yield Label(" Jatah suara", classes="needs-label")
            yield Input(str(self.budget), id="vote-budget", compact=True, type="integer")
        yield Static("", id="vote-left")
        yield Static("+ atau spasi: beri suara; -: tarik suara. Skor fasilitator 0-5: "
                     "u urgensi, f frekuensi, r risiko.", classes="hint")
        yield DataTable[Text](id="vote-table", cursor_type="row", zebra_stripes=True)

    def on_resize(self) -> None:
        self._fill()

    def _fill(self) -> None:
        fill_table(self.query_one("#vote-table", DataTable), VOTE_COLUMNS, self._cells,
                   self.size.width)

    def member(self) -> str | None:
        value = self.query_one("#vote-member", Select).value
        return value if isinstance(value, str) else None

    def show(self, ctx: Context, unit: Unit | None, rows: list[NeedRow]) -> None:
        self._unit = unit
        self._rows = rows
        members = ctx.store.members(unit.slug) if unit else []
        picker: Select[str] = self.query_one("#vote-member", Select)
        signature = [(m.id, m.name) for m in members]
        if signature != self._member_signature:
            self._member_signature = signature
            picker.set_options([(Text(m.name), m.id) for m in members])
        member = self.member()
        votes = ctx.store.votes(unit.slug) if unit else []
        ranked = needs.rank_needs(rows, votes, unit.slug) if unit else []
        cells: list[tuple[str, list[str]]] = []
        for r in ranked:
            mine = needs.member_vote(votes, unit.slug, member, r.row.id) if unit and member else 0
            cells.append((r.row.id, [str(r.rank), r.row.title, str(r.votes), "●" * mine,
                                     str(r.row.urgency), str(r.row.frequency),
                                     str(r.row.risk), str(r.score)]))
        self._cells = cells
        self._fill()
        left = self.query_one("#vote-left", Static)
        if unit is None:
            left.update("")
        elif not members:
            left.update(Text("Belum ada anggota tim: tambahkan di tahap Persiapan."))
        elif member is None:
            left.update(Text("Pilih anggota untuk memberi suara."))
        else:
            used = needs.votes_used(votes, unit.slug, member)
            left.update(Text(f"Sisa suara: {max(self.budget - used, 0)} dari {self.budget}"))

    @on(Select.Changed, "#vote-member")
    def _member_changed(self) -> None:
        self.post_message(NeedsChanged())

    @on(Input.Submitted, "#vote-budget")
    def _budget(self, message: Input.Submitted) -> None:
        try:
            value = int(message.value)
        except ValueError:
            value = 0
        if not 1 <= value <= 20:
            self.app.notify("Jatah suara diisi 1 sampai 20.", severity="error")
            return
        self.budget = value
        self.query_one("#vote-table", DataTable).focus()
        self.post_message(NeedsChanged())

    def _selected(self) -> NeedRow | None:
        key = selected_key(self.query_one("#vote-table", DataTable))
        return next((r for r in self._rows if r.id == key), None)

    def action_vote(self, delta: int) -> None:
        unit, row, member = self._unit, self._selected(), self.member()
        if unit is None or row is None:
            self.app.notify("Belum ada judul yang dipilih.", severity="warning")
            return
        if member is None:
            self.app.notify("Pilih anggota tim yang memberi suara.", severity="warning")
            self.query_one("#vote-member", Select).focus()
            return
        ctx = context_of(self)
        try:
            vote = needs.next_vote(ctx.store.votes(unit.slug), unit.slug, member, row.id, delta,
                                   self.budget)
        except needs.VoteRefused as exc:
            self.app.notify(str(exc), severity="warning", markup=False)
            return
        if try_write(self.app, lambda: ctx.store.set_vote(vote)):
            self.post_message(NeedsChanged())

    def action_score(self, which: str) -> None:
        unit, row = self._unit, self._selected()
        if unit is None or row is None:
            self.app.notify("Belum ada judul yang dipilih.", severity="warning")
            return
        field, _ = SCORE_FIELDS[which]
        value = (int(getattr(row, field)) + 1) % (needs.SCORE_MAX + 1)
        ctx = context_of(self)
        if attempt(self.app, lambda: ctx.store.update_need(unit.slug, row.id,
                                                           **{field: value})) is not None:
            self.post_message(NeedsChanged())
