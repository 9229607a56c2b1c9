"""The guideline (PermenPAN-RB 35/2012) as data: ``templates/pedoman.yaml`` -> ``Pedoman``.

The file is read with ``yaml.safe_load``; a second pass with ``yaml.compose`` (safe loader)
records the line of every value, so a missing key, an unknown key or a wrong type is reported
as ``file:line: message`` (message in Bahasa Indonesia: the file is edited by people).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from workshop import resources
from workshop.yamllines import LinedError, LinedReader, Where, load_with_lines

PEDOMAN_FORMAT = "pedoman/1"

_Where = Where


class PedomanError(LinedError):
    """The guideline file is missing, not YAML, or not shaped as expected."""


@dataclass(frozen=True)
class Item:
    """A checklist item (readiness, a stage's exit checklist)."""

    id: str
    label: str


@dataclass(frozen=True)
class Term:
    """An entry of a vocabulary: id (stored value), name (shown), description."""

    id: str
    name: str
    description: str


@dataclass(frozen=True)
class Stage:
    id: str
    name: str
    description: str
    substeps: tuple[Term, ...]
    exit_checklist: tuple[Item, ...]


@dataclass(frozen=True)
class Principle:
    id: str
    name: str
    meaning: str


@dataclass(frozen=True)
class Symbol:
    id: str
    name: str
    meaning: str
    step_kinds: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    """A classification vocabulary, e.g. id "nature", label "Sifat"."""

    id: str
    label: str
    terms: tuple[Term, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.terms)


@dataclass(frozen=True)
class EvaluationQuestion:
    id: str
    text: str


@dataclass(frozen=True)
class VerbRule:
    """How to tell an active verb: prefixes, a known list, and look-alikes that are not verbs."""

    prefixes: tuple[str, ...]
    known: tuple[str, ...]
    not_verbs: tuple[str, ...]

    def is_active_verb(self, word: str) -> bool:
        """True when ``word`` (any case, trailing punctuation ignored) is an active verb."""
        w = word.strip().strip(".,;:!?\"'()").lower()
        if not w:
            return False
        if w in self.known:
            return True
        if w in self.not_verbs:
            return False
        return any(w.startswith(p) and len(w) >= len(p) + 3 for p in self.prefixes)


@dataclass(frozen=True)
class Pedoman:
    regulation: str
    stages: tuple[Stage, ...]
    readiness: tuple[Item, ...]
    team_duties: tuple[str, ...]
    team_models: tuple[Term, ...]
    team_roles: tuple[Term, ...]
    needs_considerations: tuple[Term, ...]
    aspek: tuple[str, ...]
    existing_decisions: tuple[Term, ...]
    development_techniques: tuple[Term, ...]
    principles: tuple[Principle, ...]
    implementation_principles: tuple[Principle, ...]
    symbols: tuple[Symbol, ...]
    classification: tuple[Vocabulary, ...]
    sop_statuses: tuple[Term, ...]
    implementation_kinds: tuple[Term, ...]
    monitoring_interval_months: int
    evaluation_interval_months: int
    monitoring_methods: tuple[Term, ...]
    monitoring_assessments: tuple[str, ...]
    evaluation_questions: tuple[EvaluationQuestion, ...]
    evaluation_decisions: tuple[Term, ...]
    book_parts: tuple[Term, ...]
    max_actors: int
    max_steps: int
    verbs: VerbRule

    def stage(self, id: str) -> Stage:
        """The stage with this id (persiapan, kebutuhan, pengembangan, penerapan, monev)."""
        for s in self.stages:
            if s.id == id:
                return s
        raise KeyError(f"tahap tidak dikenal: {id}")

    def principle(self, id: str) -> Principle:
        """A drafting principle by id (e.g. "keterukuran") or by name."""
        for p in self.principles:
            if id in (p.id, p.name):
                return p
        raise KeyError(f"prinsip tidak dikenal: {id}")

    def vocabulary(self, id: str) -> Vocabulary:
        """A classification vocabulary by id (nature, scope, completeness, generality, activity)."""
        for v in self.classification:
            if v.id == id:
                return v
        raise KeyError(f"klasifikasi tidak dikenal: {id}")

    def symbol_for(self, kind: str) -> Symbol:
        """The flowchart symbol drawn for a step of this kind (start/process/decision/end)."""
        for s in self.symbols:
            if kind in s.step_kinds:
                return s
        raise KeyError(f"jenis langkah tidak dikenal: {kind}")


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


class _Reader(LinedReader):
    """Typed access to the loaded data that fails with file:line messages."""

    error = PedomanError

    @staticmethod
    def _name(where: _Where) -> str:
        return ".".join(str(w) for w in where) or "dokumen"

    def mapping(self, value: object, where: _Where, keys: tuple[str, ...]) -> Mapping[str, object]:
        if not isinstance(value, dict):
            self.fail(where, f"'{self._name(where)}' harus berupa pemetaan (kunci: nilai)")
        for k in value:
            if k not in keys:
                self.fail((*where, str(k)), f"kunci '{k}' tidak dikenal di '{self._name(where)}'")
        for k in keys:
            if k not in value:
                self.fail(where, f"kunci '{k}' wajib ada di '{self._name(where)}'")
        return value

    def seq(self, value: object, where: _Where, *, allow_empty: bool = False) -> list[object]:
        if not isinstance(value, list):
            self.fail(where, f"'{self._name(where)}' harus berupa daftar")
        if not value and not allow_empty:
            self.fail(where, f"'{self._name(where)}' tidak boleh kosong")
        return value

    def text(self, value: object, where: _Where) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(where, f"'{self._name(where)}' harus berupa teks yang tidak kosong")
        return value.strip()

    def integer(self, value: object, where: _Where) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            self.fail(where, f"'{self._name(where)}' harus berupa bilangan bulat positif")
        return value

    def texts(self, value: object, where: _Where, *, allow_empty: bool = False) -> tuple[str, ...]:
        items = self.seq(value, where, allow_empty=allow_empty)
        out = tuple(self.text(v, (*where, i)) for i, v in enumerate(items))
        self.unique(out, where)
        return out

    def unique(self, ids: tuple[str, ...], where: _Where) -> None:
        seen: set[str] = set()
        for i, v in enumerate(ids):
            if v in seen:
                self.fail((*where, i), f"'{v}' muncul lebih dari sekali di '{self._name(where)}'")
            seen.add(v)

    def records(
        self, value: object, where: _Where, keys: tuple[str, ...]
    ) -> Iterator[tuple[_Where, Mapping[str, object]]]:
        items = self.seq(value, where)
        for i, item in enumerate(items):
            yield (*where, i), self.mapping(item, (*where, i), keys)

    def terms(self, value: object, where: _Where) -> tuple[Term, ...]:
        out = tuple(
            Term(
                self.text(m["id"], (*w, "id")),
                self.text(m["name"], (*w, "name")),
                self.text(m["description"], (*w, "description")),
            )
            for w, m in self.records(value, where, ("id", "name", "description"))
        )
        self.unique(tuple(t.id for t in out), where)
        return out

    def items(self, value: object, where: _Where) -> tuple[Item, ...]:
        out = tuple(
            Item(self.text(m["id"], (*w, "id")), self.text(m["label"], (*w, "label")))
            for w, m in self.records(value, where, ("id", "label"))
        )
        self.unique(tuple(t.id for t in out), where)
        return out

    def principles(self, value: object, where: _Where) -> tuple[Principle, ...]:
        out = tuple(
            Principle(
                self.text(m["id"], (*w, "id")),
                self.text(m["name"], (*w, "name")),
                self.text(m["meaning"], (*w, "meaning")),
            )
            for w, m in self.records(value, where, ("id", "name", "meaning"))
        )
        self.unique(tuple(p.id for p in out), where)
        return out


_TOP_KEYS = (
    "format",
    "regulation",
    "stages",
    "readiness",
    "team_duties",
    "team_models",
    "team_roles",
    "needs_considerations",
    "activity_aspects",
    "existing_decisions",
    "development_techniques",
    "principles",
    "implementation_principles",
    "symbols",
    "classification",
    "sop_statuses",
    "implementation_kinds",
    "monitoring_interval_months",
    "evaluation_interval_months",
    "monitoring_methods",
    "monitoring_assessments",
    "evaluation_questions",
    "evaluation_decisions",
    "book_parts",
    "page",
    "verbs",
)


def parse_pedoman(text: str, path: str = "<pedoman>") -> Pedoman:
    """Build a ``Pedoman`` from YAML text; raises ``PedomanError`` with the line."""
    try:
        data, lines = load_with_lines(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or "bukan YAML yang sah"
        raise PedomanError(path, line, f"YAML tidak sah: {problem}") from None
    r = _Reader(path, lines)
    top = r.mapping(data, (), _TOP_KEYS)
    if top["format"] != PEDOMAN_FORMAT:
        r.fail(("format",), f"format harus '{PEDOMAN_FORMAT}'")

    stages = tuple(
        Stage(
            id=r.text(m["id"], (*w, "id")),
            name=r.text(m["name"], (*w, "name")),
            description=r.text(m["description"], (*w, "description")),
            substeps=r.terms(m["substeps"], (*w, "substeps")),
            exit_checklist=r.items(m["exit_checklist"], (*w, "exit_checklist")),
        )
        for w, m in r.records(
            top["stages"], ("stages",), ("id", "name", "description", "substeps", "exit_checklist")
        )
    )
    r.unique(tuple(s.id for s in stages), ("stages",))

    symbols = tuple(
        Symbol(
            id=r.text(m["id"], (*w, "id")),
            name=r.text(m["name"], (*w, "name")),
            meaning=r.text(m["meaning"], (*w, "meaning")),
            step_kinds=r.texts(m["step_kinds"], (*w, "step_kinds"), allow_empty=True),
        )
        for w, m in r.records(top["symbols"], ("symbols",), ("id", "name", "meaning", "step_kinds"))
    )
    r.unique(tuple(s.id for s in symbols), ("symbols",))

    classification = tuple(
        Vocabulary(
            id=r.text(m["id"], (*w, "id")),
            label=r.text(m["label"], (*w, "label")),
            terms=r.terms(m["values"], (*w, "values")),
        )
        for w, m in r.records(top["classification"], ("classification",), ("id", "label", "values"))
    )
    r.unique(tuple(v.id for v in classification), ("classification",))

    questions = tuple(
        EvaluationQuestion(r.text(m["id"], (*w, "id")), r.text(m["text"], (*w, "text")))
        for w, m in r.records(
            top["evaluation_questions"], ("evaluation_questions",), ("id", "text")
        )
    )
    r.unique(tuple(q.id for q in questions), ("evaluation_questions",))

    page = r.mapping(top["page"], ("page",), ("max_actors", "max_steps"))
    verbs = r.mapping(top["verbs"], ("verbs",), ("prefixes", "known", "not_verbs"))

    return Pedoman(
        regulation=r.text(top["regulation"], ("regulation",)),
        stages=stages,
        readiness=r.items(top["readiness"], ("readiness",)),
        team_duties=r.texts(top["team_duties"], ("team_duties",)),
        team_models=r.terms(top["team_models"], ("team_models",)),
        team_roles=r.terms(top["team_roles"], ("team_roles",)),
        needs_considerations=r.terms(top["needs_considerations"], ("needs_considerations",)),
        aspek=r.texts(top["activity_aspects"], ("activity_aspects",)),
        existing_decisions=r.terms(top["existing_decisions"], ("existing_decisions",)),
        development_techniques=r.terms(top["development_techniques"], ("development_techniques",)),
        principles=r.principles(top["principles"], ("principles",)),
        implementation_principles=r.principles(
            top["implementation_principles"], ("implementation_principles",)
        ),
        symbols=symbols,
        classification=classification,
        sop_statuses=r.terms(top["sop_statuses"], ("sop_statuses",)),
        implementation_kinds=r.terms(top["implementation_kinds"], ("implementation_kinds",)),
        monitoring_interval_months=r.integer(
            top["monitoring_interval_months"], ("monitoring_interval_months",)
        ),
        evaluation_interval_months=r.integer(
            top["evaluation_interval_months"], ("evaluation_interval_months",)
        ),
        monitoring_methods=r.terms(top["monitoring_methods"], ("monitoring_methods",)),
        monitoring_assessments=r.texts(top["monitoring_assessments"], ("monitoring_assessments",)),
        evaluation_questions=questions,
        evaluation_decisions=r.terms(top["evaluation_decisions"], ("evaluation_decisions",)),
        book_parts=r.terms(top["book_parts"], ("book_parts",)),
        max_actors=r.integer(page["max_actors"], ("page", "max_actors")),
        max_steps=r.integer(page["max_steps"], ("page", "max_steps")),
        verbs=VerbRule(
            prefixes=r.texts(verbs["prefixes"], ("verbs", "prefixes")),
            known=tuple(v.lower() for v in r.texts(verbs["known"], ("verbs", "known"))),
            not_verbs=tuple(
                v.lower()
                for v in r.texts(verbs["not_verbs"], ("verbs", "not_verbs"), allow_empty=True)
            ),
        ),
    )


@functools.lru_cache(maxsize=1)
def _default_pedoman() -> Pedoman:
    return _load_file(resources.pedoman_path())


def _load_file(path: Path) -> Pedoman:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PedomanError(str(path), None, "berkas pedoman tidak ditemukan") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PedomanError(str(path), None, f"berkas pedoman tidak dapat dibaca: {exc}") from None
    return parse_pedoman(text, str(path))


def load_pedoman(path: Path | str | None = None) -> Pedoman:
    """The guideline; without ``path`` the shipped ``templates/pedoman.yaml`` (read once, cached).

    Raises ``PedomanError`` (``.path``, ``.line``, ``.message``) when the file is missing or wrong.
    """
    if path is None:
        return _default_pedoman()
    return _load_file(Path(path))
