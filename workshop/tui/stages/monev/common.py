"""What the Penerapan and Monev screens (and the board) share: the workshop's SOPs by unit,
the due list and saving through ``Store.update_record`` (the unit picker is the stage pane
contract's, ``tui/stages/base.py``).

The workshop's due items come from ``Context.due_items()`` / ``Context.progress_and_due()``
(cached per unit file): never decode every unit on the UI thread."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

from rich.text import Text
from textual.widgets import Static

from workshop.model import SopRecord, Unit
from workshop.stages.monev.monev import DueItem, MonevError
from workshop.store import Store, StoreError
from workshop.tui.context import Context
from workshop.tui.progress import StageProgress

UnitRecords = list[tuple[Unit, Sequence[SopRecord]]]


def all_records(store: Store) -> UnitRecords:
    """Every unit with its SOP records (raises StoreError). Decodes every unit: only for a
    worker thread, never on a poll path of the UI thread."""
    return [(unit, store.sops(unit.slug)) for unit in store.units()]


def today_of(ctx: Context) -> date:
    return ctx.now().date()


def with_overdue(stages: Sequence[StageProgress], items: Sequence[DueItem],
                 stage_id: str = "monev") -> list[StageProgress]:
    """The rail's stages with the number of overdue monev items on the Monev stage (a second
    line of its label; the narrow rail shows no labels)."""
    late = sum(1 for d in items if d.overdue)
    if not late:
        return list(stages)
    return [replace(s, label=f"{s.label}\n  {late} terlambat")
            if s.stage_id == stage_id else s for s in stages]


def due_text(items: Sequence[DueItem], *, limit: int = 5, title: str = "Jatuh tempo monev"
             ) -> Text:
    """The overdue items (up to ``limit``; when none, the next ones due), one line each:
    "2018-07-05 (terlambat 5 hari) Monitoring Surat Masuk (Setda)"."""
    overdue = [d for d in items if d.overdue]
    text = Text(f"{title}: ", style="bold")
    if not items:
        text.append("belum ada SOP yang diterapkan.")
        return text
    if overdue:
        text.append(f"{len(overdue)} terlambat", style="bold red")
    else:
        text.append("tidak ada yang terlambat", style="green")
    shown = (overdue or [d for d in items if not d.overdue])[:limit]
    for item in shown:
        text.append("\n  ")
        text.append(item.when(), style="bold red" if item.overdue else "bold")
        text.append(f" {item.kind_label} {item.title} ({item.unit_name})")
    rest = (len(overdue) if overdue else len(items)) - len(shown)
    if rest > 0:
        text.append(f"\n  … dan {rest} lainnya")
    return text


class DueList(Static):
    """Due dates of the monev (the board, the Monev screen): one line per item, cut with an
    ellipsis rather than wrapped, so the list stays short at 80 columns."""

    DEFAULT_CSS = """
    DueList { height: auto; max-height: 7; padding: 0 1; text-wrap: nowrap;
              text-overflow: ellipsis; }
    """

    def show_items(self, items: Sequence[DueItem], *, limit: int = 5) -> None:
        self.update(due_text(items, limit=limit))


def save_record(
    store: Store, unit: str, sop_id: str, change: Callable[[SopRecord], None], action: str
) -> str | None:
    """Apply ``change`` to the record in one transaction; a problem for the user, or None."""
    try:
        store.update_record(unit, sop_id, change, action)
    except MonevError as exc:
        return str(exc)
    except StoreError as exc:
        return str(exc)
    except OSError as exc:
        return f"Gagal menyimpan: {exc.strerror or exc}"
    return None
