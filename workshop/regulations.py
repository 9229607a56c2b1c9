"""Legal references as data: the register ``templates/regulasi.yaml`` and the Mengingat list.

An SOP's Dasar Hukum and a Keputusan's Mengingat are free text ("Undang-Undang Nomor 20 Tahun
2023 tentang Aparatur Sipil Negara"). :func:`parse_citation` reads the form (what comes before
"Nomor"), number and year out of such a line; :meth:`Register.find` matches it to an entry of
the register (same number and year, and the same form or one of its aliases).

The rules this module holds:

- **Hierarchy** (UU 12/2011 as the drafters apply it to a Keputusan's Mengingat): UUD, UU (and
  Perppu), PP, Perpres, Peraturan Menteri and peraturan lembaga (one level), Perda, Perkada;
  within a level by year, then number. A line whose kind cannot be read goes last, as written.
- **Duplicates**: two lines naming the same regulation (same form, number and year, however
  worded: "Peraturan Menteri PAN-RB" is "Peraturan Menteri Pendayagunaan Aparatur Negara dan
  Reformasi Birokrasi") are one item.
- **Replaced**: an entry whose ``replaces`` lists another makes that one replaced. In a
  Keputusan, the replaced regulation is left out of Mengingat, its successor stands in, and a
  note says which SOP cited it; ``rules`` makes it a ``legal-basis-replaced`` finding on the SOP.

The register is read once per process with the bounded reader (``sopyaml.load_yaml_data``);
a damaged register raises :class:`RegisterError` (Bahasa Indonesia, file named).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from workshop import resources

FORMAT: Final = "regulasi/1"

# The hierarchy, highest first: kind -> (rank, the form written before "Nomor").
KINDS: Final[dict[str, tuple[int, str]]] = {
    "uud": (0, "Undang-Undang Dasar Negara Republik Indonesia Tahun 1945"),
    "uu": (1, "Undang-Undang"),
    "pp": (2, "Peraturan Pemerintah"),
    "perpres": (3, "Peraturan Presiden"),
    "permen": (4, "Peraturan Menteri"),
    "lembaga": (4, "Peraturan Lembaga"),
    "perda": (5, "Peraturan Daerah"),
    "perkada": (6, "Peraturan Kepala Daerah"),
}
UNKNOWN_RANK: Final = 9

_CITATION = re.compile(
    r"^(?P<form>.+?)\s+Nomor\s+(?P<number>[0-9A-Za-z./-]+)\s+Tahun\s+(?P<year>\d{4})"
    r"(?:\s+tentang\s+(?P<title>.*))?$",
    re.IGNORECASE | re.DOTALL,
)
_SPACES = re.compile(r"\s+")


class RegisterError(Exception):
    """The register of regulations cannot be read; the message says why (Bahasa Indonesia)."""


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def kind_of(form: str) -> str | None:
    """The hierarchy kind of a form ("Peraturan Bupati Wonosobo" -> "perkada"), or None."""
    f = _norm(form)
    if f.startswith("undang-undang dasar"):
        return "uud"
    if f.startswith(("undang-undang", "uu ", "peraturan pemerintah pengganti")) or f == "uu":
        return "uu"
    if f.startswith("peraturan pemerintah") or f == "pp":
        return "pp"
    if f.startswith("peraturan presiden") or f == "perpres":
        return "perpres"
    if f.startswith(("peraturan menteri", "permen")):
        return "permen"
    if f.startswith(("peraturan daerah", "perda")):
        return "perda"
    if f.startswith(("peraturan gubernur", "peraturan bupati", "peraturan wali", "pergub",
                     "perbup", "perwal")):
        return "perkada"
    if f.startswith(("peraturan ", "per")):
        return "lembaga"
    return None


@dataclass(frozen=True)
class Citation:
    """One line of a Dasar Hukum, read: ``kind`` None when the form is not a regulation."""

    text: str  # as written (one line)
    form: str = ""
    number: str = ""
    year: int = 0
    kind: str | None = None

    @property
    def key(self) -> tuple[str, str, int]:
        """What makes two unregistered citations the same regulation."""
        if not self.number:
            return (_norm(self.text), "", 0)
        return (_norm(self.form), self.number.casefold(), self.year)


def parse_citation(text: str) -> Citation:
    """Read the form, number and year of one Dasar Hukum line (never raises)."""
    flat = " ".join(text.split())
    if _norm(flat).startswith("undang-undang dasar"):
        return Citation(flat, flat, "", 1945, "uud")
    m = _CITATION.match(flat)
    if m is None:
        return Citation(flat)
    form = m.group("form").strip()
    return Citation(flat, form, m.group("number"), int(m.group("year")), kind_of(form))


@dataclass(frozen=True)
class Regulation:
    """One entry of the register."""

    id: str
    kind: str
    number: str
    year: int
    title: str
    form: str
    aliases: tuple[str, ...] = ()
    replaces: tuple[str, ...] = ()

    @property
    def rank(self) -> int:
        return KINDS[self.kind][0]

    @property
    def citation(self) -> str:
        """How the regulation is cited: "Undang-Undang Nomor 20 Tahun 2023 tentang ..."."""
        if self.kind == "uud":
            return self.form
        text = f"{self.form} Nomor {self.number} Tahun {self.year}"
        return f"{text} tentang {self.title}" if self.title else text

    @property
    def short(self) -> str:
        """The citation without its title: "Undang-Undang Nomor 5 Tahun 2014"."""
        if self.kind == "uud":
            return self.form
        return f"{self.form} Nomor {self.number} Tahun {self.year}"


@dataclass(frozen=True)
class Register:
    regulations: tuple[Regulation, ...]
    _by_id: dict[str, Regulation] = field(default_factory=dict, compare=False, repr=False)
    _successor: dict[str, Regulation] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for r in self.regulations:
            self._by_id[r.id] = r
        for r in self.regulations:
            for old in r.replaces:
                self._successor[old] = r

    def get(self, reg_id: str) -> Regulation | None:
        return self._by_id.get(reg_id)

    def find(self, citation: Citation | str) -> Regulation | None:
        """The registered regulation a Dasar Hukum line names, or None."""
        c = parse_citation(citation) if isinstance(citation, str) else citation
        if c.kind == "uud":
            return next((r for r in self.regulations if r.kind == "uud"), None)
        if not c.number:
            return None
        form = _norm(c.form)
        for r in self.regulations:
            if r.year != c.year or r.number.casefold() != c.number.casefold():
                continue
            if form in {_norm(r.form), *(_norm(a) for a in r.aliases)}:
                return r
        return None

    def replaced_by(self, regulation: Regulation) -> Regulation | None:
        """The regulation in force that replaced ``regulation`` (following a chain)."""
        seen = {regulation.id}
        current = self._successor.get(regulation.id)
        while current is not None and current.id not in seen:
            seen.add(current.id)
            later = self._successor.get(current.id)
            if later is None:
                return current
            current = later
        return current


def _text(entry: dict[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = entry.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise RegisterError(f"{where}: '{key}' harus berupa teks.")
    return str(value).strip()


def _entry(raw: Any, where: str) -> Regulation:
    if not isinstance(raw, dict):
        raise RegisterError(f"{where}: setiap regulasi berupa pemetaan (id, kind, number, ...).")
    reg_id = _text(raw, "id", where)
    where = f"{where} ({reg_id})"
    kind = _text(raw, "kind", where)
    if kind not in KINDS:
        raise RegisterError(f"{where}: jenis '{kind}' tidak dikenal; pakai {', '.join(KINDS)}.")
    year = raw.get("year")
    if not isinstance(year, int) or isinstance(year, bool):
        raise RegisterError(f"{where}: 'year' harus berupa tahun, mis. 2014.")
    form = _text(raw, "form", where, required=False) or KINDS[kind][1]
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("aliases", "replaces"):
        value = raw.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise RegisterError(f"{where}: '{key}' harus berupa daftar teks.")
        lists[key] = tuple(v.strip() for v in value)
    return Regulation(
        id=reg_id,
        kind=kind,
        number=_text(raw, "number", where, required=kind != "uud"),
        year=year,
        title=_text(raw, "title", where, required=kind != "uud"),
        form=form,
        aliases=lists["aliases"],
        replaces=lists["replaces"],
    )


def load_register(path: Path | None = None) -> Register:
    """The register at ``path`` (default: the shipped ``templates/regulasi.yaml``, read once)."""
    if path is None:
        return _shipped()
    return _load(path)


@lru_cache(maxsize=1)
def _shipped() -> Register:
    return _load(resources.templates_dir() / "regulasi.yaml")


def _load(path: Path) -> Register:
    from workshop.sopyaml import SopFileError, load_yaml_data

    try:
        data = load_yaml_data(path, follow_symlinks=True)
    except SopFileError as e:
        raise RegisterError(str(e)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RegisterError(f"{path}: bukan daftar regulasi (format: {FORMAT}).")
    raw = data.get("regulations")
    if not isinstance(raw, list):
        raise RegisterError(f"{path}: 'regulations' harus berupa daftar.")
    entries = [_entry(item, f"{path}: regulasi ke-{i}") for i, item in enumerate(raw, start=1)]
    ids = [entry.id for entry in entries]
    for entry in entries:
        for old in entry.replaces:
            if old not in ids:
                raise RegisterError(
                    f"{path}: {entry.id} mengganti '{old}' yang tidak ada di daftar."
                )
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise RegisterError(f"{path}: id ganda: {', '.join(duplicates)}.")
    return Register(tuple(entries))


# ---------------------------------------------------------------------------------------------
# Mengingat
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Replaced:
    """A cited regulation that a later one replaced, and who cited it."""

    cited: str  # the line as written
    old: Regulation
    new: Regulation
    cited_by: tuple[str, ...] = ()  # e.g. SOP titles


@dataclass(frozen=True)
class Mengingat:
    """The Mengingat of a Keputusan: ordered, without duplicates or replaced regulations."""

    items: tuple[str, ...]
    replaced: tuple[Replaced, ...] = ()
    unknown: tuple[str, ...] = ()  # lines not in the register (kept, as written)


def _number_key(number: str) -> tuple[int, str]:
    digits = re.match(r"\d+", number)
    return (int(digits.group()) if digits else 0, number)


def mengingat(cited: Iterable[tuple[str, str]], register: Register) -> Mengingat:
    """Mengingat from ``(line, cited_by)`` pairs (``cited_by`` "" for the document's own).

    Registered regulations are written as the register cites them; a replaced one gives way to
    its successor; unregistered lines stay as written, ordered by the kind their form shows.
    """
    chosen: dict[tuple[str, str, int], tuple[tuple[int, int, tuple[int, str]], str]] = {}
    replaced: dict[str, Replaced] = {}
    unknown: list[str] = []
    for line, by in cited:
        c = parse_citation(line)
        if not c.text:
            continue
        reg = register.find(c)
        if reg is not None:
            new = register.replaced_by(reg)
            if new is not None:
                prior = replaced.get(reg.id)
                names = (*prior.cited_by, by) if prior else (by,)
                replaced[reg.id] = Replaced(c.text, reg, new, tuple(n for n in names if n))
                reg = new
            key = (reg.form.casefold(), reg.number.casefold(), reg.year)
            chosen.setdefault(key, ((reg.rank, reg.year, _number_key(reg.number)), reg.citation))
            continue
        if c.key not in chosen:
            if c.text not in unknown:
                unknown.append(c.text)
            rank = KINDS[c.kind][0] if c.kind else UNKNOWN_RANK
            chosen[c.key] = ((rank, c.year or 9999, _number_key(c.number)), c.text)
    ordered = sorted(chosen.values(), key=lambda item: item[0])
    return Mengingat(
        tuple(text for _, text in ordered), tuple(replaced.values()), tuple(unknown)
    )


def replaced_lines(lines: Sequence[str], register: Register) -> list[tuple[int, str, Regulation]]:
    """``(index, line, successor)`` for each line of a Dasar Hukum naming a replaced regulation."""
    found = []
    for i, line in enumerate(lines):
        reg = register.find(line)
        new = register.replaced_by(reg) if reg is not None else None
        if new is not None:
            found.append((i, " ".join(line.split()), new))
    return found


__all__ = [
    "FORMAT",
    "KINDS",
    "Citation",
    "Mengingat",
    "Register",
    "RegisterError",
    "Regulation",
    "Replaced",
    "kind_of",
    "load_register",
    "mengingat",
    "parse_citation",
    "replaced_lines",
]
