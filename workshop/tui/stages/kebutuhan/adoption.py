"""General SOPs (templates and those made in the workshop), how many units adopted each, and
adopting one into many units with position mapping."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, DataTable, Static

from workshop.model import Sop, SopRecord, Unit
from workshop.stages.kebutuhan import needs
from workshop.status import is_retired
from workshop.store import StoreError
from workshop.tui.context import attempt, context_of
from workshop.tui.progress import UnitProgress
from workshop.tui.stages.kebutuhan.common import (
    Column,
    NeedsChanged,
    fill_table,
    selected_key,
    templates,
)
from workshop.tui.stages.kebutuhan.dialogs import Adoption, AdoptScreen


def adopt_into_units(node: Vertical, sop: Sop, template_id: str, units: Sequence[Unit],
                     choice: Adoption, links: dict[str, str] | None = None) -> int:
    """Create one draft per chosen unit, with that unit's own position mapping from the
    dialog; link the overlapping needs rows (``links``: unit slug -> need row id).

    Returns the number of drafts made. Units that already hold this general SOP are skipped.
    """
    ctx = context_of(node)
    links = links or {}
    by_slug = {u.slug: u for u in units}
    made: list[str] = []
    skipped: list[str] = []
    for slug in choice.units:
        unit = by_slug.get(slug)
        if unit is None:
            continue
        try:
            if any(r.template == template_id and not is_retired(r.status)
                   for r in ctx.store.sops(slug)):
                skipped.append(unit.name)
                continue
        except StoreError as exc:
            node.app.notify(str(exc), severity="error", markup=False)
            continue
        draft = needs.adopt(sop, unit, choice.mapping_for(sop, unit))
        need_id = links.get(slug, "")

        def write(unit: Unit = unit, draft: Sop = draft, need_id: str = need_id) -> SopRecord:
            record = ctx.store.add_sop(unit.slug, draft, template=template_id, need=need_id)
            if need_id:
                ctx.store.update_need(unit.slug, need_id, sop_id=record.id)
            return record

        if attempt(node.app, write) is None:
            break
        made.append(unit.name)
    message = f"{len(made)} draf SOP “{sop.title}” dibuat"
    message += f" ({', '.join(made)})." if made else "."
    if skipped:
        message += f" Sudah diadopsi sebelumnya: {', '.join(skipped)}."
    node.app.notify(message, markup=False, timeout=6)
    node.post_message(NeedsChanged())
    return len(made)



def known_positions_reader(node: Widget) -> Callable[[Unit], list[str]]:
    """For ``AdoptScreen``: the position names a unit already uses (its head, its team, the
    actors of its SOPs), read from the store when the dialog first shows that unit."""
    ctx = context_of(node)

    def read(unit: Unit) -> list[str]:
        try:
            return needs.known_positions(unit, ctx.store.members(unit.slug),
                                         ctx.store.sops(unit.slug))
        except StoreError:
            return [unit.head_position] if unit.head_position else []

    return read


# ---------------------------------------------------------------------------------------------
# General SOPs (templates and general SOPs made here) and their adoption
# ---------------------------------------------------------------------------------------------


# The count right after the title: it is what the facilitator asks for.
GENERAL_COLUMNS = (Column("title", "SOP umum", 3), Column("count", "Diadopsi"),
                   Column("category", "Kategori", 1), Column("source", "Sumber", 1))


def made_general_titles(rows: Sequence[UnitProgress]) -> dict[str, str]:
    """The general SOPs made in the workshop (ids ``umum:...``) that a unit holds: id -> the
    title of the first unit's record, units in order (as ``needs.general_sops_in_use``, but
    from the cached rows: retired records do not count)."""
    out: dict[str, str] = {}
    for row in rows:
        for tid, title in row.general:
            if tid.startswith(needs.GENERAL_PREFIX):
                out.setdefault(tid, title)
    return out


class GeneralPanel(Vertical):
    """The template library and the workshop's general SOPs, with how many units adopted each."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("a", "adopt", "Adopsi ke unit")]

    DEFAULT_CSS = """
    GeneralPanel #general-table { height: 1fr; }
    GeneralPanel .buttons { height: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._library: dict[str, Sop] = {}
        self._made: dict[str, str] = {}  # general SOPs made in the workshop: id -> title
        self._cells: list[tuple[str, list[str]]] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="general-summary")
        yield DataTable[Text](id="general-table", cursor_type="row", zebra_stripes=True)
        with Horizontal(classes="buttons"):
            yield Button("Adopsi ke unit (a)", id="general-adopt", compact=True,
                         variant="primary")

    def on_resize(self) -> None:
        self._fill()

    def _fill(self) -> None:
        fill_table(self.query_one("#general-table", DataTable), GENERAL_COLUMNS, self._cells,
                   self.size.width)

    def show(self, units: list[Unit], rows: Sequence[UnitProgress],
             counts: Mapping[str, int]) -> None:
        """Show the library and the general SOPs made in the workshop with their adoption.

        ``rows``: the context's unit rows (``Context.progress_rows``), whose ``general`` names
        the general SOPs each unit holds; ``counts``: template id -> units that adopted it
        (``Context.adoption_counts``). No SOP record is read: a general SOP made in the
        workshop is read from the first unit holding it when someone adopts it.
        """
        library, problems = templates()
        made = made_general_titles(rows)
        self._library = library
        self._made = made
        listed = [(tid, sop.title, sop.category, "templat") for tid, sop in library.items()]
        # Made by adoption (``needs.adopt`` drops ``category``): no category to show.
        listed += [(tid, title, "", "dibuat di workshop") for tid, title in made.items()
                   if tid not in library]
        self._cells = [
            (tid, [title, f"{counts.get(tid, 0)} dari {len(units)}", category, source])
            for tid, title, category, source in listed
        ]
        self._fill()
        summary = (f"{len(library)} templat, {len(made)} SOP umum buatan workshop; Diadopsi: "
                   f"jumlah unit dari {len(units)}. Pilih lalu tekan a untuk mengadopsi ke banyak "
                   "unit sekaligus, dengan pemetaan jabatan per unit.")
        if problems:
            summary += " Templat yang tidak terbaca: " + "; ".join(problems)
        self.query_one("#general-summary", Static).update(Text(summary))

    def show_counting(self, units: list[Unit]) -> None:
        """The library while the first count of a big workshop runs: no counts yet."""
        library, problems = templates()
        self._library = library
        self._made = {}
        self._cells = [(tid, [sop.title, "…", sop.category, "templat"])
                       for tid, sop in library.items()]
        self._fill()
        summary = (f"{len(library)} templat. Menghitung SOP umum yang diadopsi di {len(units)} "
                   "unit…")
        if problems:
            summary += " Templat yang tidak terbaca: " + "; ".join(problems)
        self.query_one("#general-summary", Static).update(Text(summary))

    def _sop_to_adopt(self, tid: str) -> Sop | None:
        """The SOP to adopt: the template, or (a general SOP made in the workshop) a copy of
        the first unit's live record of it, read now."""
        if tid in self._library:
            return self._library[tid]
        if tid not in self._made:
            return None
        ctx = context_of(self)
        try:
            for slug in ctx.adopted_units(tid)[:1]:
                for record in ctx.store.sops(slug):
                    if record.template == tid and not is_retired(record.status):
                        return copy.deepcopy(record.sop)
        except StoreError as exc:
            self.app.notify(str(exc), severity="error", markup=False)
        return None

    @on(DataTable.RowSelected, "#general-table")
    @on(Button.Pressed, "#general-adopt")
    def action_adopt(self) -> None:
        tid = selected_key(self.query_one("#general-table", DataTable))
        if tid is None or (tid not in self._library and tid not in self._made):
            self.app.notify("Belum ada SOP umum yang dipilih.", severity="warning")
            return
        sop = self._sop_to_adopt(tid)
        if sop is None:
            self.app.notify("SOP umum ini tidak lagi dipegang unit mana pun.",
                            severity="warning")
            return
        ctx = context_of(self)
        units = ctx.store.units()
        if not units:
            self.app.notify("Tambahkan unit lebih dulu.", severity="warning")
            return

        def done(choice: Adoption | None) -> None:
            if choice is not None:
                adopt_into_units(self, sop, tid, units, choice)

        self.app.push_screen(AdoptScreen(sop, units,
                                         known_positions=known_positions_reader(self)), done)
