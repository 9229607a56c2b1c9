"""The province view: many workshops' remotes, read only, as one board and one SOP register.

``read_workshop`` fetches a remote's ``main`` into a cache repository under the province folder
(``<DIR>/cache/``; nothing is ever pushed) and reads its tree through the bundle import's checks
(``gitrepo.materialise`` + ``bundle.read_bundle``), exactly as a sync reads a remote. Each
workshop becomes a ``Board``: its kabupaten/kota (the event's host government, else its title),
per unit the SOP counts per status (the stage an SOP has reached) and the register rows (title,
number, status, effective date); ``province_markdown`` joins the boards with the general SOPs
adopted where (records made from a template) and the overlaps (the same title in more than one
workshop). User text reaches Markdown only through ``export.mdutil`` and HTML only through
``export.html.render_html``.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from workshop.bundle import BundleError, read_bundle
from workshop.export import mdutil
from workshop.model import SOP_STATUSES
from workshop.store import slugify
from workshop.sync import gitrepo
from workshop.sync.gitrepo import Credentials, SyncError

CACHE_DIR = "cache"


@dataclass(frozen=True)
class RegisterRow:
    unit: str
    title: str
    number: str
    status: str
    effective: str
    template: str


@dataclass
class UnitBoard:
    name: str
    counts: dict[str, int] = field(default_factory=dict)
    needs: int = 0


@dataclass
class Board:
    """One workshop as the province sees it."""

    remote: str
    region: str
    title: str
    units: list[UnitBoard] = field(default_factory=list)
    register: list[RegisterRow] = field(default_factory=list)


def read_workshop(folder: Path, index: int, url: str, creds: Credentials) -> Board:
    """Fetch ``url`` (read only) into the cache under ``folder`` and make its board.
    Raises ``SyncError`` (Indonesian) for an unreachable remote, a wrong token, a remote that is
    not a workshop, or content that fails the bundle checks."""
    board, leftover = _read_workshop(folder, index, url, creds)
    shutil.rmtree(leftover, ignore_errors=True)
    return board


def _read_workshop(
    folder: Path, index: int, url: str, creds: Credentials
) -> tuple[Board, Path]:
    """The board and the folder the tree was read from (removing thousands of files takes
    seconds on a slow disk: the caller does it after showing the board)."""
    shown = gitrepo.shown_url(url)
    cache = folder / CACHE_DIR / f"{index:03d}-{slugify(shown)[:40] or 'remote'}"
    repo = gitrepo.open_repo(cache)
    head = gitrepo.fetch(repo, url, creds)
    if head is None:
        raise SyncError(f"Remote {shown} masih kosong (belum pernah disinkronkan).")
    tree = gitrepo.commit_tree(repo, head)
    tmp = Path(tempfile.mkdtemp(prefix=".baca-", dir=cache))
    try:
        gitrepo.materialise(repo, tree, gitrepo.unit_trees(repo, tree), tmp)
        bundle = read_bundle(tmp)
    except (BundleError, SyncError) as e:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(e, SyncError):
            raise
        raise SyncError(f"Isi remote {shown} tidak lolos pemeriksaan bundel: {e}") from None
    event = bundle.event
    board = Board(shown, event.host_government.strip() or event.title.strip() or shown,
                  event.title)
    for unit in bundle.units:
        data = bundle.unit_data.get(unit.slug)
        ub = UnitBoard(unit.name, {s: 0 for s in SOP_STATUSES})
        if data is not None:
            ub.needs = len(data.needs)
            for record in data.records:
                ub.counts[record.status] = ub.counts.get(record.status, 0) + 1
                sop = record.sop
                board.register.append(RegisterRow(
                    unit.name, sop.title, sop.number, record.status,
                    sop.dates.effective or "", record.template,
                ))
        board.units.append(ub)
    return board, tmp


def read_province(
    folder: Path, urls: Sequence[str], creds: Callable[[str], Credentials],
    on_board: Callable[[Board], None] | None = None,
    on_error: Callable[[str, str], None] | None = None,
) -> list[Board]:
    """Every remote's board, in order; ``on_board`` is called as each one is ready (the first
    board shows before the others are read); a remote that fails goes to ``on_error``."""
    boards: list[Board] = []
    for i, url in enumerate(urls, start=1):
        try:
            board, leftover = _read_workshop(folder, i, url, creds(url))
        except SyncError as e:
            if on_error is not None:
                on_error(url, str(e))
            continue
        boards.append(board)
        try:
            if on_board is not None:
                on_board(board)
        finally:
            shutil.rmtree(leftover, ignore_errors=True)
    return boards


def board_lines(board: Board) -> list[str]:
    """A short text board of one workshop (the command line's first output)."""
    lines = [f"{board.region} — {board.title} ({len(board.units)} unit, "
             f"{len(board.register)} SOP)"]
    for ub in board.units:
        counts = ", ".join(f"{s} {n}" for s, n in ub.counts.items() if n)
        lines.append(f"  {ub.name}: {counts or 'belum ada SOP'}")
    return lines


def _norm(title: str) -> str:
    return " ".join(mdutil.one_line(title).casefold().split())


def province_markdown(boards: Sequence[Board]) -> str:
    """The province's board, register, adopted general SOPs and overlaps, as Markdown."""
    c = mdutil.cell
    out = [mdutil.fixed_heading(1, "Papan SOP Provinsi"), ""]
    out.append(f"{len(boards)} workshop, {sum(len(b.units) for b in boards)} unit, "
               f"{sum(len(b.register) for b in boards)} SOP.")
    out += ["", mdutil.fixed_heading(2, "Papan per kabupaten/kota dan unit"), ""]
    header = ["Kabupaten/Kota", "Unit", "Kebutuhan", *[s.capitalize() for s in SOP_STATUSES]]
    rows = [[c(b.region), c(u.name), str(u.needs), *[str(u.counts.get(s, 0))
                                                      for s in SOP_STATUSES]]
            for b in boards for u in b.units]
    out += [mdutil.table(header, rows), ""]
    out += [mdutil.fixed_heading(2, "Register SOP"), ""]
    rows = [[c(b.region), c(r.unit), c(r.title), c(r.number, empty=mdutil.EMPTY), c(r.status),
             c(r.effective, empty=mdutil.EMPTY)] for b in boards for r in b.register]
    out += [mdutil.table(["Kabupaten/Kota", "Unit", "Judul", "Nomor", "Status",
                          "Tanggal efektif"], rows), ""]
    adopted: dict[str, list[str]] = {}
    for b in boards:
        for r in b.register:
            if r.template:
                adopted.setdefault(r.template, []).append(f"{b.region} / {r.unit}")
    out += [mdutil.fixed_heading(2, "SOP umum yang diadopsi"), ""]
    if adopted:
        out += [mdutil.table(["SOP umum (templat)", "Jumlah", "Diadopsi di"], [
            [c(t), str(len(where)), mdutil.cell_list(where, numbered=False)]
            for t, where in sorted(adopted.items())
        ]), ""]
    else:
        out += ["Belum ada SOP umum yang diadopsi.", ""]
    seen: dict[str, tuple[str, set[str]]] = {}
    for b in boards:
        for r in b.register:
            key = _norm(r.title)
            if key:
                _title, regions = seen.setdefault(key, (r.title, set()))
                regions.add(b.region)
    overlaps = [(t, sorted(rs)) for t, rs in seen.values() if len(rs) > 1]
    out += [mdutil.fixed_heading(2, "Tumpang tindih antarworkshop (judul sama)"), ""]
    if overlaps:
        out += [mdutil.table(["Judul", "Workshop"], [
            [c(t), mdutil.cell_list(rs, numbered=False)] for t, rs in sorted(overlaps)
        ]), ""]
    else:
        out += ["Tidak ada judul SOP yang sama di lebih dari satu workshop.", ""]
    return "\n".join(out)


def write_exports(folder: Path, boards: Sequence[Board]) -> list[Path]:
    """``provinsi.<format>`` in ``folder`` for every document format (Markdown, HTML, Word,
    PDF: ``documents.FORMATS`` less the YAML bundle), written atomically."""
    from functools import partial

    from workshop import documents
    from workshop.exporting import document_from_markdown
    from workshop.writing import Job, run_jobs

    md = province_markdown(boards)
    jobs = [
        Job((f"provinsi.{f.key}",),
            partial(document_from_markdown, f.key, md, "Papan SOP Provinsi"))
        for f in documents.FORMATS
        if f.key != "yaml"
    ]
    return run_jobs(jobs, folder, workers=1)
