"""Needs assessment (Penilaian Kebutuhan): Tabel 6 rows, titles from outputs, coverage,
existing-SOP decisions, overlaps between units, general-SOP adoption, voting and ranking.

Pure functions over the dataclasses of ``workshop.model``: no I/O, no store, no Textual. The
screens and the exporters read the workshop through the store and hand the data in here.

Overlap similarity (``similarity``): both texts are normalised (lowercase, punctuation and digits
removed, whitespace collapsed) and split into words. Function words ("dan", "di", ...) are
dropped; *aspect words* ("pengelolaan", "penatausahaan", "penyusunan", "sop", "layanan",
"prosedur", ...) stay but weigh ``ASPECT_WEIGHT`` instead of 1, because they say *how* an output
is handled, not *which* output it is. The score is the weighted Jaccard ratio of the two word
sets. "Pengelolaan Surat Masuk" / "Penatausahaan surat masuk" / "SOP Surat Masuk" score 0.8
with each other; "Surat Masuk" / "Surat Keluar" score 0.33.
"""

from __future__ import annotations

import copy
import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from workshop.model import (
    ACTIVITIES,
    Classification,
    Dates,
    ExistingSop,
    Member,
    NeedRow,
    Sop,
    SopRecord,
    Unit,
    Vote,
)
from workshop.status import is_retired

DEFAULT_VOTE_BUDGET: Final = 3
DEFAULT_OVERLAP_THRESHOLD: Final = 0.6
ASPECT_WEIGHT: Final = 0.25
HEAD_POSITION: Final = "Kepala OPD"  # the generic head position of the template library
GENERAL_PREFIX: Final = "umum:"  # template id of a general SOP made from an overlap group
SCORE_MAX: Final = 5  # urgency / frequency / risk are scored 0..SCORE_MAX

# Default aspects when the guideline file is not at hand (pedoman.yaml has the full list).
DEFAULT_ASPECTS: Final[tuple[str, ...]] = (
    "penyusunan",
    "pelaksanaan",
    "evaluasi",
    "pelaporan",
    "publikasi",
    "distribusi",
)

# Words that say how an output is handled, or that a title is an SOP at all.
ASPECT_WORDS: Final[frozenset[str]] = frozenset(
    {
        "sop",
        "ap",
        "standar",
        "operasional",
        "prosedur",
        "proses",
        "layanan",
        "pelayanan",
        "pengelolaan",
        "penatausahaan",
        "pelaksanaan",
        "penyusunan",
        "penyelenggaraan",
        "penanganan",
        "pengurusan",
        "pemrosesan",
        "administrasi",
        "tata",
        "cara",
        "kegiatan",
        "mekanisme",
        "alur",
        "evaluasi",
        "pelaporan",
        "publikasi",
        "distribusi",
        "penerbitan",
        "verifikasi",
        "pengadaan",
        "pemeliharaan",
        "pengawasan",
        "pembinaan",
        "pendataan",
        "penilaian",
        "pencatatan",
        "pengajuan",
        "pengusulan",
        "pemberian",
        "permohonan",
    }
)

# Function words that carry no meaning for overlap.
STOP_WORDS: Final[frozenset[str]] = frozenset(
    {
        "dan",
        "atau",
        "di",
        "ke",
        "dari",
        "yang",
        "untuk",
        "bagi",
        "pada",
        "dalam",
        "dengan",
        "oleh",
        "serta",
        "tentang",
        "terhadap",
        "the",
        "of",
    }
)


# ---------------------------------------------------------------------------------------------
# Titles
# ---------------------------------------------------------------------------------------------


def _clean(text: str) -> str:
    return " ".join(text.split())


def suggest_title(aspek: str, output: str) -> str:
    """Judul SOP = aspek kegiatan + output, e.g. ("penyusunan", "renstra") -> "Penyusunan Renstra".

    The aspect is capitalised; words of the output that are all lowercase get a capital first
    letter (except function words such as "dan", "di"), words with capitals of their own
    (abbreviations: "LKjIP", "SKP") are kept. When the
    output already starts with the aspect it is not repeated.
    """
    a = _clean(aspek)
    o = _clean(output)
    if not o:
        return ""
    words = [
        w if not w.islower() or (i > 0 and w in STOP_WORDS) else w[:1].upper() + w[1:]
        for i, w in enumerate(o.split(" "))
    ]
    body = " ".join(words)
    if not a:
        return body
    head = a[:1].upper() + a[1:].lower() if a.islower() or a.isupper() else a
    if o.lower().split(" ")[0] == a.lower().split(" ")[0]:
        return body
    return f"{head} {body}"


def with_suggested_title(row: NeedRow) -> NeedRow:
    """The row with its title suggested from aspek + output when it has no title yet."""
    if row.title.strip():
        return row
    return dataclasses.replace(row, title=suggest_title(row.aspek, row.output))


def outline_cells(rows: Sequence[NeedRow]) -> list[tuple[str, str, str, str]]:
    """Tugas, fungsi, uraian tugas and kegiatan of each row as shown in an indented table: a
    value equal to the row above (under the same higher levels) is left blank, like the merged
    cells of the paper form."""
    out: list[tuple[str, str, str, str]] = []
    previous: tuple[str, ...] = ()
    for r in rows:
        values = (r.tugas, r.fungsi, r.uraian_tugas, r.kegiatan)
        cells: list[str] = []
        same = bool(previous)
        for level, value in enumerate(values):
            same = same and value == previous[level]
            cells.append("" if same else value)
        out.append((cells[0], cells[1], cells[2], cells[3]))
        previous = values
    return out


# ---------------------------------------------------------------------------------------------
# Coverage
# ---------------------------------------------------------------------------------------------

SERVICE_ONLY_WARNING: Final = (
    "SOP disusun berbasis output, bukan hanya layanan langsung kepada masyarakat. Semua judul "
    "SOP unit ini berjenis pelayanan, padahal unit ini juga menghasilkan output kegiatan rutin "
    "atau penugasan ({outputs}). Tambahkan judul SOP untuk output tersebut."
)


@dataclass(frozen=True)
class Coverage:
    """What a unit's Tabel 6 still lacks."""

    untitled: tuple[NeedRow, ...]  # rows with an output but no Judul SOP
    titled: int  # rows with a Judul SOP
    outputs: int  # rows with an output
    service_only: bool  # every titled row is pelayanan while rutin/penugasan outputs exist
    warnings: tuple[str, ...]  # messages for the user (Bahasa Indonesia)

    @property
    def complete(self) -> bool:
        return not self.warnings


def coverage(rows: Sequence[NeedRow]) -> Coverage:
    """Outputs without an SOP title, and the "only public services" misunderstanding."""
    untitled = tuple(r for r in rows if r.output.strip() and not r.title.strip())
    titled = [r for r in rows if r.title.strip()]
    outputs = sum(1 for r in rows if r.output.strip())
    other = [r for r in rows if r.activity in ("rutin", "penugasan") and r.output.strip()]
    service_only = bool(titled) and all(r.activity == "pelayanan" for r in titled) and bool(other)
    warnings: list[str] = []
    if untitled:
        names = ", ".join(f"“{_clean(r.output)}”" for r in untitled[:5])
        more = f" dan {len(untitled) - 5} lainnya" if len(untitled) > 5 else ""
        warnings.append(
            f"{len(untitled)} output belum punya judul SOP: {names}{more}. "
            "Setiap output unit perlu SOP, termasuk pekerjaan internal."
        )
    if service_only:
        names = ", ".join(f"“{_clean(r.output)}”" for r in other[:3])
        warnings.append(SERVICE_ONLY_WARNING.format(outputs=names))
    return Coverage(untitled, len(titled), outputs, service_only, tuple(warnings))


# ---------------------------------------------------------------------------------------------
# Pasting several rows at once
# ---------------------------------------------------------------------------------------------

PASTE_COLUMNS: Final[tuple[str, ...]] = (
    "tugas",
    "fungsi",
    "uraian_tugas",
    "kegiatan",
    "output",
    "aspek",
    "title",
    "activity",
)


def _split_line(line: str) -> list[str]:
    if "|" in line:
        parts = line.strip().strip("|").split("|")
    elif "\t" in line:
        parts = line.split("\t")
    else:
        parts = [line]
    return [_clean(p) for p in parts]


def _is_separator(line: str) -> bool:
    return bool(re.fullmatch(r"[\s|:\-]+", line)) and "-" in line


def _is_header(parts: list[str]) -> bool:
    lowered = {p.lower() for p in parts}
    return bool({"tugas", "fungsi", "output"} <= lowered or {"no", "judul sop"} <= lowered)


def _row_from_parts(parts: list[str], aspects: Sequence[str]) -> NeedRow:
    values = dict(zip(PASTE_COLUMNS, parts, strict=False))
    activity = values.get("activity", "").lower()
    aspek = values.get("aspek", "")
    if aspek.lower() in {a.lower() for a in aspects}:
        aspek = aspek.lower()
    row = NeedRow(
        id="",
        tugas=values.get("tugas", ""),
        fungsi=values.get("fungsi", ""),
        uraian_tugas=values.get("uraian_tugas", ""),
        kegiatan=values.get("kegiatan", ""),
        output=values.get("output", ""),
        aspek=aspek,
        title=values.get("title", ""),
        activity=activity if activity in ACTIVITIES else "rutin",
    )
    return with_suggested_title(row)


def _indent(line: str) -> int:
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip(" "))


_BULLET = re.compile(r"^\s*(?:[-*•+]|\d+[.)])\s+")


def parse_pasted_rows(text: str, aspects: Sequence[str] = DEFAULT_ASPECTS) -> list[NeedRow]:
    """Rows of Tabel 6 from pasted text.

    Two shapes are understood:

    - one row per line, columns separated by ``|`` (or tabs, as pasted from a spreadsheet):
      ``tugas | fungsi | uraian tugas | kegiatan | output | aspek [| judul | jenis]``. A
      Markdown table is fine too: its header and separator lines are skipped, and so is a
      leading "No" column of numbers. A line of only one or two columns is
      ``output | aspek``.
    - an indented outline: tugas, then fungsi, uraian tugas, kegiatan and output one level
      deeper each; an output line may end with ``| aspek`` (``- Renstra | penyusunan``).
      Bullets ("-", "*", "1.") are ignored.

    Empty lines are skipped. A row without a title gets the suggested one (aspek + output);
    jenis defaults to "rutin".
    """
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        return []
    tabular = [ln for ln in lines if "|" in ln or "\t" in ln]
    indented = any(_indent(ln) > 0 for ln in lines)
    if len(tabular) == len(lines) and not (indented and all(_count_cols(ln) <= 2 for ln in lines)):
        return _parse_table(lines, aspects)
    return _parse_outline(lines, aspects)


def _count_cols(line: str) -> int:
    return len(_split_line(line))


def _parse_table(lines: list[str], aspects: Sequence[str]) -> list[NeedRow]:
    rows: list[NeedRow] = []
    for line in lines:
        if _is_separator(line):
            continue
        parts = _split_line(line)
        if _is_header(parts):
            continue
        if len(parts) >= 7 and re.fullmatch(r"\d+\.?", parts[0]):
            parts = parts[1:]  # a "No" column (Tabel 6 as exported)
        if not any(parts):
            continue
        if len(parts) <= 2:  # "output | aspek": a short list of outputs
            parts = ["", "", "", "", *parts]
        rows.append(_row_from_parts(parts, aspects))
    return rows


def _parse_outline(lines: list[str], aspects: Sequence[str]) -> list[NeedRow]:
    levels: list[int] = []  # indentation of each open level
    items: list[tuple[int, list[str]]] = []  # (depth, parts split at "|")
    for line in lines:
        ind = _indent(line)
        while levels and ind < levels[-1]:
            levels.pop()
        if not levels or ind > levels[-1]:
            levels.append(ind)
        content = _BULLET.sub("", line).strip()
        items.append((min(len(levels) - 1, 4), [_clean(p) for p in content.split("|")]))
    rows: list[NeedRow] = []
    path = ["", "", "", "", ""]
    for i, (depth, parts) in enumerate(items):
        path[depth] = parts[0]
        for deeper in range(depth + 1, 5):
            path[deeper] = ""
        next_depth = items[i + 1][0] if i + 1 < len(items) else -1
        if next_depth > depth:
            continue  # not a leaf: a tugas, fungsi, ... heading
        # The leaf is the output; the levels above it fill tugas, fungsi, uraian, kegiatan.
        above = [p for p in path[:depth] if p]
        heads = [*above, "", "", "", ""][:4]
        rows.append(_row_from_parts([*heads, parts[0], *parts[1:4]], aspects))
    return rows


# ---------------------------------------------------------------------------------------------
# Existing SOPs
# ---------------------------------------------------------------------------------------------

EXISTING_SOURCE: Final = "existing:"


def need_from_existing(existing: ExistingSop, rows: Sequence[NeedRow] = ()) -> NeedRow | None:
    """The needs row a "revisi" or "ganti" decision calls for (``None`` for tetap/cabut, or when
    ``rows`` already hold a row that came from this existing SOP)."""
    if existing.decision not in ("revisi", "ganti"):
        return None
    source = EXISTING_SOURCE + existing.id
    if any(r.source == source for r in rows):
        return None
    title = _clean(existing.title)
    if existing.decision == "ganti":
        kegiatan = f"Mengganti SOP lama “{title}”"
    else:
        kegiatan = f"Merevisi SOP “{title}”"
    return NeedRow(id="", kegiatan=kegiatan, title=title, source=source)


# ---------------------------------------------------------------------------------------------
# Overlaps between units
# ---------------------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Lowercase, accents folded, punctuation and digits removed, whitespace collapsed."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    letters = re.sub(r"[^a-z\s]+", " ", folded)
    return " ".join(letters.split())


def content_words(text: str) -> dict[str, float]:
    """The words of ``text`` that count for overlap, with their weights."""
    out: dict[str, float] = {}
    for word in normalise(text).split():
        if word in STOP_WORDS or len(word) < 2:
            continue
        out[word] = ASPECT_WEIGHT if word in ASPECT_WORDS else 1.0
    return out


def similarity(a: str, b: str) -> float:
    """Weighted Jaccard similarity of two titles or outputs, 0.0 .. 1.0 (see module doc)."""
    return _weighted_jaccard(content_words(a), content_words(b))


def _weighted_jaccard(wa: Mapping[str, float], wb: Mapping[str, float]) -> float:
    # A word's weight depends on the word alone, so the union is |a| + |b| - |a & b|.
    if not wa or not wb:
        return 0.0
    if len(wb) < len(wa):
        wa, wb = wb, wa
    inter = sum(w for k, w in wa.items() if k in wb)
    union = sum(wa.values()) + sum(wb.values()) - inter
    return inter / union if union else 0.0


def percent(score: float) -> str:
    """A similarity as the percent shown to users, e.g. "80%"."""
    return f"{round(score * 100)}%"


@dataclass(frozen=True)
class OverlapItem:
    """A needs row taking part in an overlap group."""

    unit: str  # unit slug
    need: str  # need row id
    title: str
    output: str
    score: float  # its best similarity to an item of another unit in the group


@dataclass(frozen=True)
class OverlapGroup:
    items: tuple[OverlapItem, ...]
    score: float  # the weakest link's score

    @property
    def units(self) -> tuple[str, ...]:
        seen: list[str] = []
        for item in self.items:
            if item.unit not in seen:
                seen.append(item.unit)
        return tuple(seen)

    @property
    def title(self) -> str:
        """The title proposed for a general SOP: the most common title, then the longest."""
        counts: dict[str, int] = {}
        shown: dict[str, str] = {}
        for item in self.items:
            text = item.title or item.output
            key = normalise(text)
            counts[key] = counts.get(key, 0) + 1
            shown.setdefault(key, _clean(text))
        best = max(counts, key=lambda k: (counts[k], len(shown[k]), shown[k]))
        return shown[best]


def row_similarity(a: NeedRow, b: NeedRow) -> float:
    """The better of title-vs-title and output-vs-output similarity."""
    best = 0.0
    if a.title.strip() and b.title.strip():
        best = similarity(a.title, b.title)
    if a.output.strip() and b.output.strip():
        best = max(best, similarity(a.output, b.output))
    return best


def find_overlaps(
    units_rows: Mapping[str, Sequence[NeedRow]],
    threshold: float = DEFAULT_OVERLAP_THRESHOLD,
) -> list[OverlapGroup]:
    """Groups of needs rows from different units whose titles or outputs are (nearly) the same.

    ``units_rows``: unit slug -> its rows. Pairs of rows of *different* units scoring at least
    ``threshold`` are joined (union-find); each group spans at least two units. Groups come
    with the most units first, then by title.
    """
    entries = [(slug, r) for slug, rows in units_rows.items() for r in rows
               if r.title.strip() or r.output.strip()]
    parent = list(range(len(entries)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    best: dict[int, float] = {}
    link: dict[tuple[int, int], float] = {}
    # Each row's content words, computed once; a blank title or output has none, so it scores
    # 0 as in ``row_similarity``.
    titles = [content_words(r.title) for _, r in entries]
    outputs = [content_words(r.output) for _, r in entries]
    # Only pairs that share a content word in their titles or in their outputs can score above
    # 0: find them through an index of word -> rows instead of trying every pair.
    title_index: dict[str, list[int]] = {}
    output_index: dict[str, list[int]] = {}
    for i in range(len(entries)):
        for word in titles[i]:
            title_index.setdefault(word, []).append(i)
        for word in outputs[i]:
            output_index.setdefault(word, []).append(i)
    for i in range(len(entries)):
        candidates: set[int] = set()
        for word in titles[i]:
            candidates.update(title_index[word])
        for word in outputs[i]:
            candidates.update(output_index[word])
        unit = entries[i][0]
        for j in sorted(candidates):
            if j <= i or entries[j][0] == unit:
                continue
            s = max(_weighted_jaccard(titles[i], titles[j]),
                    _weighted_jaccard(outputs[i], outputs[j]))
            if s >= threshold:
                link[(i, j)] = s
                best[i] = max(best.get(i, 0.0), s)
                best[j] = max(best.get(j, 0.0), s)
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[rj] = ri
    members: dict[int, list[int]] = {}
    for i in best:
        members.setdefault(find(i), []).append(i)
    groups: list[OverlapGroup] = []
    for idx in members.values():
        idx.sort()
        inside = set(idx)
        weakest = min(s for (i, j), s in link.items() if i in inside and j in inside)
        items = tuple(
            OverlapItem(
                unit=entries[i][0],
                need=entries[i][1].id,
                title=_clean(entries[i][1].title),
                output=_clean(entries[i][1].output),
                score=best[i],
            )
            for i in idx
        )
        groups.append(OverlapGroup(items=items, score=weakest))
    groups.sort(key=lambda g: (-len(g.units), normalise(g.title)))
    return groups


def best_template(title: str, templates: Mapping[str, Sop],
                  threshold: float = DEFAULT_OVERLAP_THRESHOLD) -> tuple[str, float] | None:
    """The template (id -> SOP) whose title is most like ``title``, when it reaches
    ``threshold``: ``(template id, score)``."""
    found: tuple[str, float] | None = None
    for tid, sop in templates.items():
        s = similarity(title, sop.title)
        if s >= threshold and (found is None or s > found[1]):
            found = (tid, s)
    return found


def general_id(title: str) -> str:
    """The template id of a general SOP made from an overlap group: ``umum:<slug>``."""
    return GENERAL_PREFIX + "-".join(normalise(title).split())


def general_sop(title: str, base: Sop | None = None) -> Sop:
    """A general (generik) SOP for ``title``: a copy of ``base`` (a template) retitled, or an
    empty generik draft to be written together."""
    if base is not None:
        sop = copy.deepcopy(base)
        sop.title = _clean(title)
    else:
        sop = Sop(title=_clean(title))
    sop.classification = dataclasses.replace(sop.classification, generality="generik")
    return sop


# ---------------------------------------------------------------------------------------------
# Adoption of general SOPs
# ---------------------------------------------------------------------------------------------


def generic_positions(template: Sop) -> list[str]:
    """The positions a template names: its actors, then the approver when not an actor."""
    out = [a for a in template.actors]
    for step in template.steps:
        if step.actor and step.actor not in out:
            out.append(step.actor)
    if template.approval.position and template.approval.position not in out:
        out.append(template.approval.position)
    return out


def position_map(template: Sop, unit: Unit, overrides: Mapping[str, str] | None = None
                 ) -> dict[str, str]:
    """Each generic position of ``template`` -> the unit's real position name.

    A non-empty override wins; otherwise the head position ("Kepala OPD") becomes the unit's
    ``head_position`` when set, and every other position keeps its name.
    """
    overrides = overrides or {}
    out: dict[str, str] = {}
    for pos in generic_positions(template):
        wanted = _clean(overrides.get(pos, ""))
        if wanted:
            out[pos] = wanted
        elif pos == HEAD_POSITION and unit.head_position.strip():
            out[pos] = _clean(unit.head_position)
        else:
            out[pos] = pos
    return out


def unit_position_map(template: Sop, unit: Unit, defaults: Mapping[str, str] | None = None,
                      own: Mapping[str, str] | None = None) -> dict[str, str]:
    """The mapping one unit gets when adopting ``template``: ``position_map`` with ``defaults``
    (the values for all units), then the unit's ``own`` values on top.

    An own value empty after trimming keeps the template's generic name (it does not fall back
    to the defaults or the head position); own values for positions the template does not name
    are ignored.
    """
    out = position_map(template, unit, defaults)
    for pos, value in (own or {}).items():
        if pos in out:
            out[pos] = _clean(value) or pos
    return out


def known_positions(unit: Unit, members: Iterable[Member] = (),
                    records: Iterable[SopRecord] = ()) -> list[str]:
    """Position names a unit already uses, as suggestions when mapping a template's positions:
    its head position, its team members' positions, then the actors and approvers of its SOPs
    (retired ones left out), each once, in that order (case-insensitive duplicates dropped)."""
    out: list[str] = []
    seen: set[str] = set()

    def add(name: str) -> None:
        name = _clean(name)
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)

    add(unit.head_position)
    for member in members:
        add(member.position)
    rest: list[str] = []
    for record in records:
        if is_retired(record.status):
            continue
        rest.extend(record.sop.actors)
        rest.append(record.sop.approval.position)
    for name in sorted({_clean(n) for n in rest}, key=str.casefold):
        add(name)
    return out


def adopt(template: Sop, unit: Unit, mapping: Mapping[str, str] | None = None) -> Sop:
    """A unit's draft of a general SOP: positions renamed by ``mapping`` (see ``position_map``;
    missing positions keep their names) in the actors, the steps and the approver; ``unit`` set
    to the unit's name; numbers and dates cleared; ``category`` (template-only) dropped.

    Two positions mapped to one name become one actor column.
    """
    mapping = mapping if mapping is not None else position_map(template, unit)
    sop = copy.deepcopy(template)

    def rename(pos: str) -> str:
        return mapping.get(pos, pos) or pos

    actors: list[str] = []
    for a in sop.actors:
        new = rename(a)
        if new not in actors:
            actors.append(new)
    sop.actors = actors
    for step in sop.steps:
        step.actor = rename(step.actor)
        step.line = None
    sop.approval = dataclasses.replace(sop.approval, position=rename(sop.approval.position))
    sop.unit = unit.name
    sop.number = ""
    sop.dates = Dates()
    sop.category = ""
    sop.lines = {}
    sop.classification = dataclasses.replace(sop.classification, generality="generik")
    return sop


def adoption_counts(records_by_unit: Mapping[str, Sequence[SopRecord]]) -> dict[str, int]:
    """How many units adopted each general SOP: template id -> number of units.

    ``records_by_unit``: unit slug -> its SOP records. Retired ("dicabut") records don't count.
    """
    counts: dict[str, int] = {}
    for records in records_by_unit.values():
        ids = {r.template for r in records if r.template and not is_retired(r.status)}
        for tid in ids:
            counts[tid] = counts.get(tid, 0) + 1
    return counts


def adopted_units(records_by_unit: Mapping[str, Sequence[SopRecord]], template_id: str
                  ) -> list[str]:
    """The slugs of the units that hold an SOP adopted from ``template_id``."""
    return [slug for slug, records in records_by_unit.items()
            if any(r.template == template_id and not is_retired(r.status) for r in records)]


def general_sops_in_use(records_by_unit: Mapping[str, Sequence[SopRecord]]) -> dict[str, Sop]:
    """General SOPs made in the workshop (template ids ``umum:...``): id -> a copy to adopt
    (the first unit's version)."""
    out: dict[str, Sop] = {}
    for records in records_by_unit.values():
        for r in records:
            if r.template.startswith(GENERAL_PREFIX) and r.template not in out:
                out[r.template] = copy.deepcopy(r.sop)
    return out


# ---------------------------------------------------------------------------------------------
# From a needs row to a draft SOP
# ---------------------------------------------------------------------------------------------


def draft_from_need(row: NeedRow, unit: Unit) -> Sop:
    """A new draft SOP for the development stage: the row's title, the unit, the activity type."""
    title = _clean(row.title) or suggest_title(row.aspek, row.output)
    activity = row.activity if row.activity in ACTIVITIES else None
    return Sop(title=title, unit=unit.name,
               classification=Classification(activity=activity))


# ---------------------------------------------------------------------------------------------
# Voting and ranking
# ---------------------------------------------------------------------------------------------


def votes_used(votes: Iterable[Vote], unit: str, member: str) -> int:
    """How many votes ``member`` of ``unit`` has given."""
    return sum(v.count for v in votes if v.unit == unit and v.member == member)


def vote_totals(votes: Iterable[Vote], unit: str) -> dict[str, int]:
    """Votes per need id of one unit."""
    out: dict[str, int] = {}
    for v in votes:
        if v.unit == unit:
            out[v.need] = out.get(v.need, 0) + v.count
    return out


def member_vote(votes: Iterable[Vote], unit: str, member: str, need: str) -> int:
    return sum(v.count for v in votes
               if v.unit == unit and v.member == member and v.need == need)


class VoteRefused(ValueError):
    """A vote over the member's budget or below zero; the message is in Bahasa Indonesia."""


def next_vote(votes: Sequence[Vote], unit: str, member: str, need: str, delta: int,
              budget: int = DEFAULT_VOTE_BUDGET) -> Vote:
    """The vote to store when ``member`` adds ``delta`` votes (+1 / -1) to ``need``.

    Raises ``VoteRefused`` when the budget is spent or there is no vote to take back.
    """
    current = member_vote(votes, unit, member, need)
    wanted = current + delta
    if wanted < 0:
        raise VoteRefused("Belum ada suara untuk judul ini yang bisa ditarik.")
    if delta > 0 and votes_used(votes, unit, member) + delta > budget:
        raise VoteRefused(f"Jatah suara sudah habis ({budget} suara per anggota). "
                          "Tarik suara dari judul lain lebih dulu.")
    return Vote(unit=unit, member=member, need=need, count=wanted)


def priority_score(row: NeedRow) -> int:
    """The facilitator's score: urgensi + frekuensi + risiko."""
    return row.urgency + row.frequency + row.risk


@dataclass(frozen=True)
class RankedNeed:
    rank: int
    row: NeedRow
    votes: int
    score: int  # priority_score


def rank_needs(rows: Sequence[NeedRow], votes: Iterable[Vote], unit: str) -> list[RankedNeed]:
    """A unit's candidate titles (rows with a title), most votes first, then the highest
    urgency + frequency + risk, then Tabel 6 order. Equal votes and score share a rank."""
    totals = vote_totals(votes, unit)
    titled = [(i, r) for i, r in enumerate(rows) if r.title.strip()]
    titled.sort(key=lambda ir: (-totals.get(ir[1].id, 0), -priority_score(ir[1]), ir[0]))
    out: list[RankedNeed] = []
    previous: tuple[int, int] | None = None
    rank = 0
    for position, (_, r) in enumerate(titled, start=1):
        key = (totals.get(r.id, 0), priority_score(r))
        if key != previous:
            rank = position
            previous = key
        out.append(RankedNeed(rank=rank, row=r, votes=key[0], score=key[1]))
    return out


@dataclass(frozen=True)
class InventoryItem:
    """One line of the Daftar Kebutuhan SOP of all units."""

    unit: Unit
    ranked: RankedNeed


@dataclass
class Inventory:
    """Daftar Kebutuhan SOP: every unit's ranked titles, and titles shared by several units."""

    items: list[InventoryItem] = field(default_factory=list)
    per_unit: dict[str, list[RankedNeed]] = field(default_factory=dict)

    def for_unit(self, slug: str) -> list[RankedNeed]:
        return self.per_unit.get(slug, [])


def inventory(units_rows: Sequence[tuple[Unit, Sequence[NeedRow]]], votes: Sequence[Vote]
              ) -> Inventory:
    """The ranked inventory per unit and for all units (units in the given order)."""
    inv = Inventory()
    for unit, rows in units_rows:
        ranked = rank_needs(rows, votes, unit.slug)
        inv.per_unit[unit.slug] = ranked
        inv.items += [InventoryItem(unit, r) for r in ranked]
    return inv


def ranked_rows(rows: Sequence[NeedRow], votes: Iterable[Vote], unit: str) -> list[NeedRow]:
    """The titled rows of a unit in priority order (for exports that list titles in order)."""
    return [r.row for r in rank_needs(rows, votes, unit)]


def votes_for_export(units_rows: Sequence[tuple[Unit, Sequence[NeedRow]]],
                     votes: Sequence[Vote]) -> tuple[list[tuple[Unit, list[NeedRow]]], list[Vote]]:
    """Rows and votes with need ids made unique across units (``<slug>/<id>``).

    Need ids are only unique inside a unit (``k-001`` exists in every unit), so a tally keyed by
    need id alone mixes units. Exporters that tally by ``Vote.need`` can take these copies.
    """
    out_rows = [(u, [dataclasses.replace(r, id=f"{u.slug}/{r.id}") for r in rows])
                for u, rows in units_rows]
    out_votes = [dataclasses.replace(v, need=f"{v.unit}/{v.need}") for v in votes]
    return out_rows, out_votes
