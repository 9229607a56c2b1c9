"""Helpers shared by the reliability tests (figures, child processes, paths)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CHILDREN = HERE / "rel_children.py"
MALFORMED = ROOT / "tests" / "data" / "malformed"

# Figures of each part ("200 kills: 0 corrupt, 0 lost"), printed in the terminal summary.
FIGURES: dict[str, str] = {}


def figure(part: str, text: str) -> None:
    FIGURES[part] = text


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("PYTEST_CURRENT_TEST", None)
    return env


# ---------------------------------------------------------------------------------------------
# Hostile text
# ---------------------------------------------------------------------------------------------

HOSTILE_DIR = ROOT / "tests" / "data" / "hostile"

# Each must be shown literally everywhere and never break a screen, a table or an export.
HOSTILE_TEXTS: tuple[str, ...] = (
    "[b]Tebal[/b]",
    "Kecamatan [/x] Garung",
    "[@click=app.quit]Keluar[/]",
    "Bidang | Aset | `kode`",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "../../etc/passwd",
    "..\\..\\Windows",
    "Lonceng\x07 dan \x1b[31mmerah\x1b[0m",
    "**tebal** _miring_ # judul > kutipan",
)
LONG_TEXT = "Sangat panjang " * 700  # about 10,000 characters on one line

# What a screen or an export must show of each (control characters may be dropped or replaced).
VISIBLE: tuple[str, ...] = (
    "[b]Tebal[/b]",
    "[/x]",
    "[@click=app.quit]Keluar[/]",
    "Bidang | Aset | `kode`",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "../../etc/passwd",
)


def hostile_workshop(path: Path, now: Any = None) -> Any:
    """A workshop whose every text field holds hostile text (units, team, needs, SOPs, ...).

    Returns the facilitator's Store. Three units: two hostile names and a very long one.
    """
    from workshop.model import (
        ActionItem,
        AgendaItem,
        Evaluation,
        ExistingSop,
        MonitoringRow,
        NeedRow,
        Session,
        SopRecord,
        Vote,
    )
    from workshop.sopfile import load_sop
    from workshop.store import Store

    h = HOSTILE_TEXTS
    store = Store.create(path, h[0] + " " + h[3], now=now)
    store.update_event(organiser=h[4], host_government=h[5], venue=h[6],
                       facilitators=[h[2], h[8]])
    units = [store.add_unit(h[1] + " " + h[0]), store.add_unit(h[6] + " " + h[3]),
             store.add_unit(LONG_TEXT)]
    store.update_unit(units[0].slug, short_name=h[2], head_position=h[4], sk_number=h[3],
                      numbering="800/{seq}/" + h[0])
    sop = load_sop(HOSTILE_DIR / "hostile-text.yaml")
    for k, unit in enumerate(units):
        slug = unit.slug
        m = store.add_member(slug, h[k] + " " + h[9], nip=h[3], position=h[5], role="ketua")
        store.add_member(slug, LONG_TEXT, position=h[8])
        need = store.add_need(slug, NeedRow(
            id="", tugas=h[0], fungsi=h[1], uraian_tugas=h[2], kegiatan=h[3], output=h[4],
            aspek=h[5], title=h[6] + " " + h[7], urgency=3, frequency=2, risk=1))
        store.add_need(slug, NeedRow(id="", tugas=LONG_TEXT, output=h[8], aspek="penyusunan",
                                     title=h[9]))
        store.add_existing_sop(slug, ExistingSop(id="", title=h[4], decision="revisi",
                                                 reason=h[2]))
        store.set_vote(Vote(unit=slug, member=m.id, need=need.id, count=2))
        for status in ("draf", "disahkan"):
            record = SopRecord(
                id="", sop=sop, status=status, change_summary=h[3],
                monitoring=[MonitoringRow(period="2018-S2", assessment="Berjalan dengan baik",
                                          notes=h[0], action=h[4], assessor=h[2],
                                          methods=[h[3]])],
                evaluations=[Evaluation(date="2018-12-01", answers=[True, False] * 3 + [True],
                                        notes=[h[1]] * 7, decision="revisi", reason=h[5])],
            )
            store.add_sop_record(slug, record)
    store.add_session(Session(
        id="", title=h[0] + " " + h[6], date="2018-07-10",
        agenda=[AgendaItem(title=h[2], stage="persiapan", minutes=30, notes=h[4]),
                AgendaItem(title=LONG_TEXT, stage="kebutuhan", minutes=60)],
        attended_units=[u.slug for u in units], guests=[h[5], h[8]], notes=h[9],
        decisions=[h[3], h[4]], actions=[ActionItem(what=h[1], unit=units[0].slug)],
        parking_lot=[h[6]],
    ))
    return store


def screen_text(app: Any) -> str:
    """What the terminal shows right now, as plain text lines."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)
