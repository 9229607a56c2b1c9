"""Read and write SOP files in the ``format: sop-ap/1`` YAML format.

The YAML text is parsed into events (libyaml's C parser when available, PyYAML's pure parser
otherwise) and composed here, iteratively, into a small tree that keeps the line of every value.
Nothing is ever constructed by PyYAML: text fields take the scalar's source text, so
``number: 800.1`` stays ``"800.1"`` and ``title: No`` stays ``"No"``. Aliases are refused (no
alias bomb can expand), and size, depth and node count are bounded (``workshop/limits.py``).
Only regular files are read (``workshop/saferead.py``): a FIFO or a device is an error.

The same composer reads the other YAML files people may hand over (a bundle's ``workshop.yaml``
and ``unit.yaml``): :func:`load_yaml_data` gives their plain data under the bundle's limits.

Every problem raises :class:`SopFileError` naming the file, the 1-based line when known, and a
message in Bahasa Indonesia that says what to do. See ``docs/format.md`` for the format itself.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import yaml

from workshop import limits, portable
from workshop.fields import SOP_FIELDS, STEP_FIELDS, FieldSpec, default_of, owner_of
from workshop.model import FORMAT, Sop, Step
from workshop.saferead import FileTooBig, ReadRefused, megabytes, read_regular

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "MAX_STEPS",
    "STEP_KEYS",
    "TOP_KEYS",
    "SopFileError",
    "dumps_sop",
    "load_sop",
    "load_yaml_data",
    "loads_sop",
    "save_sop",
    "sop_from_dict",
    "sop_to_dict",
]

# The limits are declared in workshop/limits.py; these names are kept for callers.
MAX_BYTES: Final = limits.SOP_MAX_BYTES
MAX_DEPTH: Final = limits.SOP_MAX_DEPTH
MAX_NODES: Final = limits.SOP_MAX_NODES
MAX_STEPS: Final = limits.SOP_MAX_STEPS

_YAML_TAG: Final = "tag:yaml.org,2002:"
_ALLOWED_TAGS: Final = frozenset(
    _YAML_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
) | {"!"}
_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_STEP_NUMBER: Final = re.compile(r"[0-9]+")
_NEEDS_ESCAPES: Final = re.compile("[\r\x85\u2028\u2029\ufeff]")

TOP_KEYS: Final[tuple[str, ...]] = ("format", *(spec.key for spec in SOP_FIELDS))
STEP_KEYS: Final[tuple[str, ...]] = tuple(spec.key for spec in STEP_FIELDS)
_SOP_SPECS: Final[dict[str, FieldSpec]] = {spec.key: spec for spec in SOP_FIELDS}
_STEP_SPECS: Final[dict[str, FieldSpec]] = {spec.key: spec for spec in STEP_FIELDS}

# Keys people write by habit (Indonesian names, YAML-1.1 traps) -> the key they meant.
_TOP_HINTS: Final[dict[str, str]] = {a: spec.key for spec in SOP_FIELDS for a in spec.aliases}
_STEP_HINTS: Final[dict[str, str]] = {a: spec.key for spec in STEP_FIELDS for a in spec.aliases}


def _writing(owner: type, specs: tuple[FieldSpec, ...]) -> tuple[tuple[str, bool, Any], ...]:
    """``(key, always written, default)`` of each field, for the writer's hot loop."""
    return tuple(
        (s.key, s.written_always, None if s.written_always else default_of(owner, s.key))
        for s in specs
    )


_STEP_WRITING: Final = _writing(Step, STEP_FIELDS)
_GROUP_WRITING: Final = {
    spec.key: _writing(owner_of(spec.key), spec.parts) for spec in SOP_FIELDS if spec.parts
}


class SopFileError(Exception):
    """A file that cannot be read as sop-ap/1 (or an SOP file that cannot be written).

    ``str(err)`` is ``"path:line: message"``, or ``"path: message"`` when no line is known.
    """

    path: str
    line: int | None
    message: str

    def __init__(self, path: str, line: int | None, message: str) -> None:
        super().__init__(path, line, message)
        self.path = path
        self.line = line
        self.message = message

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


# ---------------------------------------------------------------------------------------------
# The composed tree: what the validator walks, built from YAML events or from plain Python data
# ---------------------------------------------------------------------------------------------


@dataclass
class _Node:
    kind: str  # "map" | "seq" | "scalar"
    line: int | None
    text: str = ""  # scalar: its source text (YAML) or str(value) (Python data)
    tag: str = "str"  # scalar: str | int | float | bool | null | timestamp
    textual: bool = True  # scalar: may be taken as text
    items: list[tuple[_Node, _Node]] = field(default_factory=list)  # map
    children: list[_Node] = field(default_factory=list)  # seq
    pending: _Node | None = None  # map under construction: a key waiting for its value


_RESOLVER: Final = yaml.resolver.Resolver()
# How to write a nested key right, for "'dates' harus berupa pemetaan ..." messages.
_SHAPES: Final[dict[str, str]] = {
    "dates": "tulis mis. 'dates: {created: 2018-07-10}'",
    "approval": "tulis mis. 'approval: {position: Sekretaris Daerah}'",
    "classification": "tulis mis. 'classification: {nature: administratif}'",
    "steps": "tulis setiap langkah sebagai butir '- activity: ...'",
}
_KIND_WORDS: Final[dict[str, str]] = {"map": "pemetaan (kunci: nilai)", "seq": "daftar"}


def _id_number(value: int) -> str:
    """An integer with Indonesian thousands separators: 100000 -> "100.000"."""
    return f"{value:,}".replace(",", ".")


def _short_tag(tag: str) -> str:
    return tag[len(_YAML_TAG) :] if tag.startswith(_YAML_TAG) else tag


def _shown_tag(tag: str) -> str:
    return "!!" + tag[len(_YAML_TAG) :] if tag.startswith(_YAML_TAG) else tag


def _line(event: yaml.Event) -> int | None:
    mark = event.start_mark
    return mark.line + 1 if mark is not None else None


def _resolve(value: str, implicit: tuple[bool, bool]) -> str:
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, value, implicit)  # type: ignore[no-untyped-call]
    return tag


def _loader() -> Any:
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class _Limits:
    nodes: int
    depth: int
    one_document: str  # what to do about a second document
    too_many: str  # what to do about too many nodes


_SOP_LIMITS: Final = _Limits(
    MAX_NODES,
    MAX_DEPTH,
    "berkas hanya boleh berisi satu SOP (satu dokumen YAML); "
    "hapus '---' kedua atau pisahkan menjadi beberapa berkas",
    "pisahkan: satu berkas hanya untuk satu SOP",
)


def _compose(text: str, path: str, bounds: _Limits = _SOP_LIMITS) -> _Node | None:
    """Compose the single YAML document of ``text`` into a ``_Node`` tree (None when empty)."""
    root: _Node | None = None
    stack: list[_Node] = []
    documents = 0
    count = 0

    def attach(node: _Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if parent.kind == "seq":
            parent.children.append(node)
        elif parent.pending is None:
            if node.kind != "scalar":
                raise SopFileError(
                    path,
                    node.line,
                    "kunci harus berupa teks biasa, bukan "
                    f"{_KIND_WORDS[node.kind]}; periksa tanda ':' dan indentasi",
                )
            parent.pending = node
        else:
            parent.items.append((parent.pending, node))
            parent.pending = None

    try:
        for event in yaml.parse(text, Loader=_loader()):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise SopFileError(path, _line(event), bounds.one_document)
                continue
            if isinstance(event, yaml.AliasEvent) and not limits.YAML_ALIASES_ALLOWED:
                raise SopFileError(
                    path,
                    _line(event),
                    f"alias YAML '*{event.anchor}' tidak didukung; tulis isinya secara langsung",
                )
            if isinstance(event, yaml.CollectionEndEvent):
                stack.pop()
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            line = _line(event)
            tag = getattr(event, "tag", None)
            if tag is not None and tag not in _ALLOWED_TAGS:
                raise SopFileError(
                    path, line, f"tag YAML '{_shown_tag(tag)}' tidak didukung; hapus tag tersebut"
                )
            count += 1
            if count > bounds.nodes:
                raise SopFileError(
                    path,
                    line,
                    f"berkas memuat terlalu banyak unsur (lebih dari {_id_number(bounds.nodes)}); "
                    + bounds.too_many,
                )
            if isinstance(event, yaml.ScalarEvent):
                if tag is None or tag == "!":
                    tag = _resolve(event.value, event.implicit)
                attach(_Node("scalar", line, text=event.value, tag=_short_tag(tag)))
                continue
            node = _Node("map" if isinstance(event, yaml.MappingStartEvent) else "seq", line)
            if tag is not None and tag != "!" and _short_tag(tag) != node.kind:
                raise SopFileError(
                    path,
                    line,
                    f"tag YAML '{_shown_tag(tag)}' tidak cocok di sini; hapus tag tersebut",
                )
            attach(node)
            stack.append(node)
            if len(stack) > bounds.depth:
                raise SopFileError(path, line, _too_deep(bounds.depth))
    except yaml.MarkedYAMLError as err:
        raise _syntax_error(err, text, path, bounds.depth) from None
    except yaml.YAMLError:  # pragma: no cover - ReaderError, prevented by loads_sop's check
        raise _reader_error(text, path) from None
    return root


def _too_deep(depth: int = MAX_DEPTH) -> str:
    return (f"susunan terlalu dalam (lebih dari {depth} tingkat); "
            "periksa indentasi dan tanda kurung")


def _syntax_error(
    err: yaml.MarkedYAMLError, text: str, path: str, depth: int = MAX_DEPTH
) -> SopFileError:
    mark = err.problem_mark or err.context_mark
    if err.context_mark is not None and "end of stream" in (err.problem or ""):
        mark = err.context_mark  # an unclosed quote or bracket: point at where it opens
    line = mark.line + 1 if mark is not None else None
    problem = err.problem or ""
    lines = text.splitlines()
    source = lines[line - 1] if line is not None and 0 < line <= len(lines) else ""
    indent = source[: len(source) - len(source.lstrip(" \t"))]
    if "\t" in indent or ("cannot start any token" in problem and "\t" in source):
        return SopFileError(
            path, line, "karakter tab tidak boleh dipakai untuk indentasi; ganti dengan spasi"
        )
    if "nesting depth" in problem or "nesting level" in problem:
        # libyaml (some versions) stops deep flow nesting while scanning, before the walk's own
        # depth check sees it: the user gets the project's words, whichever parser stopped.
        return SopFileError(path, line, _too_deep(depth))
    if "mapping values are not allowed" in problem:
        message = (
            "tanda ':' tidak boleh di sini; jika teks memuat ': ', apit teksnya dengan "
            'tanda kutip, mis. title: "Rapat: Persiapan"'
        )
    elif "found unexpected end of stream" in problem or (
        err.context is not None and "quoted scalar" in err.context
    ):
        if "escape" in problem:
            message = (
                "garis miring terbalik (\\) di dalam tanda kutip ganda tidak dikenal; "
                "pakai tanda kutip tunggal atau tulis \\\\"
            )
        else:
            message = "tanda kutip tidak ditutup; tambahkan tanda kutip penutup"
    elif "could not find expected ':'" in problem:
        message = "tanda ':' tidak ditemukan; setiap baris kunci harus berbentuk 'kunci: nilai'"
    elif "flow sequence" in (err.context or "") or "flow mapping" in (err.context or ""):
        message = "tanda kurung '[' atau '{' tidak ditutup dengan benar; periksa koma dan kurung"
    elif "block" in problem or "block" in (err.context or "") or "expected key" in problem:
        message = (
            "indentasi tidak konsisten; periksa spasi di awal baris ini: butir yang setingkat "
            "harus diawali jumlah spasi yang sama"
        )
    else:
        detail = problem or err.context or ""
        message = f"susunan YAML tidak valid (keterangan teknis: {detail})"
    return SopFileError(path, line, message)


def _reader_error(text: str, path: str) -> SopFileError:
    """The first character YAML does not allow in a stream (control characters, surrogates)."""
    match = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if match is None:  # pragma: no cover - every ReaderError comes from such a character
        return SopFileError(path, None, "berkas memuat karakter yang tidak boleh; simpan ulang")
    line = text.count("\n", 0, match.start()) + 1
    code = ord(match.group())
    return SopFileError(
        path,
        line,
        f"berkas memuat karakter kendali yang tidak boleh (kode U+{code:04X}); hapus karakter itu",
    )


def _from_python(value: Any, path: str, depth: int = 0) -> _Node:
    """Plain Python data (a dict from TinyDB or JSON) as a ``_Node`` tree without lines."""
    if depth > MAX_DEPTH:
        raise SopFileError(path, None, f"susunan terlalu dalam (lebih dari {MAX_DEPTH} tingkat)")
    if isinstance(value, Mapping):
        node = _Node("map", None)
        for key, item in value.items():
            if not isinstance(key, str):
                raise SopFileError(path, None, f"kunci harus berupa teks, bukan {key!r}")
            child = _from_python(item, path, depth + 1)
            node.items.append((_Node("scalar", None, text=key), child))
        return node
    if isinstance(value, list | tuple):
        return _Node("seq", None, children=[_from_python(v, path, depth + 1) for v in value])
    if value is None:
        return _Node("scalar", None, text="", tag="null")
    if isinstance(value, str):
        return _Node("scalar", None, text=value)
    if isinstance(value, bool):
        return _Node("scalar", None, text=str(value).lower(), tag="bool", textual=False)
    if isinstance(value, int):
        return _Node("scalar", None, text=str(value), tag="int", textual=False)
    if isinstance(value, float):
        return _Node("scalar", None, text=repr(value), tag="float", textual=False)
    if isinstance(value, dt.date):
        return _Node("scalar", None, text=value.isoformat(), tag="timestamp", textual=False)
    raise SopFileError(path, None, f"nilai bertipe {type(value).__name__} tidak didukung")


# ---------------------------------------------------------------------------------------------
# Validation: the tree -> the model
# ---------------------------------------------------------------------------------------------


class _Reader:
    """Walks a composed tree into a :class:`Sop`, recording lines, raising on the first problem."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.lines: dict[str, int] = {}

    def fail(self, node: _Node | None, message: str) -> SopFileError:
        return SopFileError(self.path, node.line if node is not None else None, message)

    def note(self, key: str, node: _Node) -> None:
        if node.line is not None:
            self.lines[key] = node.line

    # -- structure ------------------------------------------------------------------------

    def mapping(
        self,
        node: _Node,
        allowed: tuple[str, ...],
        where: str,
        hints: Mapping[str, str] | None = None,
    ) -> dict[str, tuple[_Node, _Node]]:
        """The keys of a mapping node: unknown and duplicate keys are errors."""
        seen: dict[str, tuple[_Node, _Node]] = {}
        for key, value in node.items:
            name = key.text
            if name in seen:
                first = seen[name][0].line
                at = f" (pertama di baris {first})" if first is not None else ""
                raise self.fail(
                    key, f"kunci '{name}' {where}muncul dua kali{at}; hapus salah satunya"
                )
            if name not in allowed:
                raise self.fail(key, self.unknown_key(name, allowed, where, hints or {}))
            seen[name] = (key, value)
        return seen

    @staticmethod
    def unknown_key(
        name: str, allowed: tuple[str, ...], where: str, hints: Mapping[str, str]
    ) -> str:
        message = f"kunci '{name}' {where}tidak dikenal"
        hint = hints.get(name.lower().replace(" ", "_"))
        if hint is None:
            close = difflib.get_close_matches(name.lower(), allowed, n=1, cutoff=0.6)
            hint = close[0] if close else None
        if hint is not None:
            if name in ("yes", "no"):
                return (
                    f"{message}; gunakan '{hint}' (kunci 'yes'/'no' dibaca YAML sebagai "
                    "nilai benar/salah)"
                )
            return f"{message}; mungkin maksud Anda '{hint}'?"
        return f"{message}; kunci yang dikenal: {', '.join(allowed)}"

    def expect(self, node: _Node, kind: str, what: str) -> None:
        if node.kind == kind:
            return
        wanted = {"map": "pemetaan (kunci: nilai)", "seq": "daftar"}[kind]
        found = _KIND_WORDS.get(node.kind, f"teks '{node.text}'")
        example = _SHAPES.get(what, "periksa indentasi dan tanda ':'")
        raise self.fail(node, f"'{what}' harus berupa {wanted}, bukan {found}; {example}")

    # -- scalars --------------------------------------------------------------------------

    def text(self, node: _Node, what: str) -> str:
        if node.kind != "scalar":
            raise self.fail(
                node,
                f"'{what}' harus berupa teks, bukan {_KIND_WORDS[node.kind]}"
                + (
                    "; tulis satu teks saja"
                    if node.kind == "seq"
                    else "; jika teks memuat ': ', apit dengan tanda kutip"
                ),
            )
        if node.tag == "null":
            return ""
        if not node.textual:
            raise self.fail(
                node, f"'{what}' harus berupa teks, bukan {node.text}; tulis dalam tanda kutip"
            )
        return node.text

    def text_list(self, node: _Node, key: str, what: str) -> list[str]:
        """A list of texts; a single text is taken as a list of one, null as empty."""
        if node.kind == "scalar":
            if node.tag == "null":
                return []
            return [self.text(node, what)]
        if node.kind == "map":
            raise self.fail(
                node,
                f"'{what}' harus berupa daftar teks, bukan pemetaan; tulis setiap butir "
                "sebagai '- teks' (jika teks memuat ': ', apit dengan tanda kutip)",
            )
        values: list[str] = []
        for index, child in enumerate(node.children, start=1):
            if child.kind == "scalar" and child.tag == "null":
                raise self.fail(
                    child, f"butir ke-{index} pada '{what}' kosong; isi atau hapus butir itu"
                )
            if child.kind != "scalar":
                raise self.fail(
                    child,
                    f"butir ke-{index} pada '{what}' harus berupa teks, bukan "
                    f"{_KIND_WORDS[child.kind]}; jika teks memuat ': ', apit dengan tanda kutip",
                )
            values.append(self.text(child, what))
            self.note(f"{key}.{index}", child)
        return values

    def choice(self, node: _Node, what: str, allowed: tuple[str, ...]) -> str | None:
        value = self.text(node, what).strip()
        if not value:
            return None
        if value in allowed:
            return value
        close = difflib.get_close_matches(value.lower(), allowed, n=1, cutoff=0.6)
        hint = f"mungkin maksud Anda '{close[0]}'? " if close else ""
        raise self.fail(
            node,
            f"nilai '{value}' untuk '{what}' tidak dikenal; {hint}"
            f"nilai yang boleh: {', '.join(allowed)}",
        )

    def step_number(self, node: _Node, what: str) -> int | None:
        if node.kind == "scalar" and node.tag == "null":
            return None
        if node.kind == "scalar" and node.tag != "bool":
            value = node.text.strip()
            if (node.tag == "int" or node.textual) and _STEP_NUMBER.fullmatch(value):
                number = int(value)
                if number >= 1:
                    return number
        shown = _KIND_WORDS.get(node.kind, f"'{node.text}'")
        raise self.fail(
            node,
            f"'{what}' harus berupa nomor langkah (bilangan bulat mulai dari 1), bukan {shown}; "
            f"tulis nomornya saja, mis. '{what.rsplit('.', 1)[-1]}: 3'",
        )

    def date(self, node: _Node, what: str) -> str | None:
        if node.kind == "scalar" and node.tag == "null":
            return None
        if node.kind == "scalar":
            value = node.text.strip()
            if _ISO_DATE.fullmatch(value):
                try:
                    return dt.date.fromisoformat(value).isoformat()
                except ValueError:
                    raise self.fail(
                        node,
                        f"tanggal '{what}' tidak ada di kalender: '{value}'; "
                        "periksa bulan dan harinya (format TTTT-BB-HH)",
                    ) from None
        shown = _KIND_WORDS.get(node.kind, f"'{node.text}'")
        raise self.fail(
            node,
            f"tanggal '{what}' harus ditulis TTTT-BB-HH (mis. 2018-07-10), bukan {shown}",
        )

    # -- the SOP --------------------------------------------------------------------------

    def sop(self, root: _Node | None) -> Sop:
        if root is None or (root.kind == "scalar" and root.tag == "null"):
            raise SopFileError(
                self.path,
                None,
                f"berkas kosong; berkas SOP minimal berisi 'format: {FORMAT}' dan 'title: ...'",
            )
        if root.kind != "map":
            found = _KIND_WORDS.get(root.kind, "teks")
            raise self.fail(
                root,
                f"isi berkas harus berupa pemetaan 'kunci: nilai' (format, title, steps, ...), "
                f"bukan {found}",
            )
        # The format first: a file of another format would otherwise fail on its other keys.
        for key, format_node in root.items:
            if key.text == "format" and (
                format_node.kind != "scalar" or format_node.text.strip() != FORMAT
            ):
                shown = format_node.text if format_node.kind == "scalar" else "bukan teks"
                raise self.fail(
                    format_node,
                    f"format '{shown}' tidak didukung; tulis 'format: {FORMAT}'",
                )
        keys = self.mapping(root, TOP_KEYS, "", _TOP_HINTS)
        if "format" not in keys:
            raise SopFileError(
                self.path,
                root.line,
                f"kunci wajib 'format' tidak ada; tambahkan baris 'format: {FORMAT}' "
                "di awal berkas",
            )
        if "title" not in keys:
            raise SopFileError(
                self.path,
                root.line,
                "kunci wajib 'title' (Nama SOP) tidak ada; tambahkan mis. "
                "'title: Pengelolaan Surat Masuk'",
            )
        sop = Sop()
        for name, (key, value) in keys.items():
            self.note(name, key)
            if name != "format":
                setattr(sop, name, self.value(_SOP_SPECS[name], value, name, Sop))
        sop.lines = self.lines
        return sop

    def value(self, spec: FieldSpec, node: _Node, what: str, owner: type) -> Any:
        """The value of field ``spec`` (of model class ``owner``) read by its value kind."""
        kind = spec.kind
        if kind == "text" or kind == "actor":
            return self.text(node, what)
        if kind == "list":
            return self.text_list(node, what, what)
        if kind == "choice":
            return self.choice(node, what, spec.choices) or default_of(owner, spec.key)
        if kind == "step":
            return self.step_number(node, what)
        if kind == "date":
            return self.date(node, what)
        if kind == "group":
            return self.group(spec, node)
        return self.steps(node)

    def submapping(
        self, node: _Node, name: str, allowed: tuple[str, ...]
    ) -> dict[str, tuple[_Node, _Node]] | None:
        if node.kind == "scalar" and node.tag == "null":
            return None
        self.expect(node, "map", name)
        keys = self.mapping(node, allowed, f"di dalam '{name}' ")
        for sub, (key, _value) in keys.items():
            self.note(f"{name}.{sub}", key)
        return keys

    def group(self, spec: FieldSpec, node: _Node) -> Any:
        """A nested mapping (dates, approval, classification) as its model class."""
        owner = owner_of(spec.key)
        result = owner()
        parts = {part.key: part for part in spec.parts}
        for name, (_key, value) in (self.submapping(node, spec.key, tuple(parts)) or {}).items():
            setattr(result, name, self.value(parts[name], value, f"{spec.key}.{name}", owner))
        return result

    def steps(self, node: _Node) -> list[Step]:
        if node.kind == "scalar" and node.tag == "null":
            return []
        self.expect(node, "seq", "steps")
        if len(node.children) > MAX_STEPS:
            raise self.fail(
                node.children[MAX_STEPS],
                f"SOP ini memiliki {_id_number(len(node.children))} langkah; batasnya "
                f"{_id_number(MAX_STEPS)}: pecah menjadi beberapa SOP yang saling terkait",
            )
        return [self.step(child, number) for number, child in enumerate(node.children, start=1)]

    def step(self, node: _Node, number: int) -> Step:
        where = f"langkah {number}"
        if node.kind != "map":
            raise self.fail(
                node,
                f"{where} harus berupa pemetaan dengan kunci activity, actor, ..., bukan "
                + _KIND_WORDS.get(node.kind, f"teks '{node.text}'")
                + "; tulis '- activity: Menerima surat' lalu 'actor: ...' di baris berikutnya",
            )
        keys = self.mapping(node, STEP_KEYS, f"pada {where} ", _STEP_HINTS)
        for spec in STEP_FIELDS:
            if spec.required and spec.key not in keys:
                raise self.fail(
                    node,
                    f"{where} tidak memiliki kunci wajib '{spec.key}' "
                    f"({spec.diff_label}); tambahkan '{spec.key}: ...'",
                )
        prefix = f"steps.{number}"
        self.note(prefix, node)
        step = Step(activity="", actor="", line=node.line)
        for name, (key, value) in keys.items():
            self.note(f"{prefix}.{name}", key)
            setattr(step, name, self.value(_STEP_SPECS[name], value, f"{prefix}.{name}", Step))
        return step


# ---------------------------------------------------------------------------------------------
# Public API: reading
# ---------------------------------------------------------------------------------------------


def _too_big(size: int, path: str) -> SopFileError:
    return SopFileError(
        path,
        None,
        f"berkas terlalu besar ({megabytes(size)} MB); batasnya {MAX_BYTES // limits.MB} MB "
        "untuk satu SOP",
    )


def loads_sop(text: str, path: str = "<teks>") -> Sop:
    """Read an SOP from ``sop-ap/1`` YAML text; ``path`` names it in errors."""
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise _too_big(len(text.encode("utf-8", "surrogatepass")), path)
    if text.startswith("\ufeff"):
        text = text[1:]
    if yaml.reader.Reader.NON_PRINTABLE.search(text):
        # Checked here for both parsers alike (libyaml would fail on a lone surrogate).
        raise _reader_error(text, path)
    return _Reader(path).sop(_compose(text, path))


_A_FOLDER: Final = "ini sebuah folder, bukan berkas SOP (.yaml)"


def load_sop(path: str | os.PathLike[str], *, follow_symlinks: bool = True) -> Sop:
    """Read an SOP file. Every problem, including a missing file, raises :class:`SopFileError`.

    Only a regular file is read (a FIFO, a device or a folder is an error); a symlink only
    when ``follow_symlinks`` (bundles pass False: their files must not point elsewhere).
    """
    name = os.fspath(path)
    text = _read_text(name, MAX_BYTES, follow_symlinks=follow_symlinks, sop=True)
    return loads_sop(text, name)


def _read_text(name: str, max_bytes: int, *, follow_symlinks: bool, sop: bool) -> str:
    """The UTF-8 text of a regular file of at most ``max_bytes`` (SopFileError otherwise)."""
    try:
        data = read_regular(name, max_bytes, follow_symlinks=follow_symlinks)
    except FileTooBig as err:
        if sop:
            raise _too_big(err.size, name) from None
        raise SopFileError(name, None, err.message) from None
    except ReadRefused as err:
        message = err.message
        if sop and message.startswith("ini sebuah folder"):
            message = _A_FOLDER
        raise SopFileError(name, None, message) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise SopFileError(
            name,
            line,
            f"berkas bukan teks UTF-8 (byte 0x{data[err.start]:02X} tidak valid); "
            "simpan ulang berkas dengan pengodean UTF-8",
        ) from None


_DATA_LIMITS: Final = _Limits(
    limits.BUNDLE_YAML_MAX_NODES,
    limits.BUNDLE_YAML_MAX_DEPTH,
    "berkas hanya boleh berisi satu dokumen YAML; hapus '---' kedua",
    "berkas ini bukan buatan sop-workshop atau terlalu besar untuk diimpor",
)
_CONSTRUCTOR: Final = yaml.constructor.SafeConstructor()


def load_yaml_data(path: str | os.PathLike[str], *, follow_symlinks: bool = False) -> Any:
    """The plain data (dicts, lists, str, int, float, bool, None) of a YAML file of a bundle.

    Read with the SOP reader's composer under the bundle limits of ``workshop/limits.py``
    (size, nodes, depth; aliases refused); dates become ISO strings. Only a regular file is
    read, a symlink only when ``follow_symlinks``. Every problem raises :class:`SopFileError`
    with the file and (where known) the line.
    """
    name = os.fspath(path)
    text = _read_text(name, limits.BUNDLE_YAML_MAX_BYTES, follow_symlinks=follow_symlinks,
                      sop=False)
    if yaml.reader.Reader.NON_PRINTABLE.search(text):
        raise _reader_error(text, name)
    root = _compose(text, name, _DATA_LIMITS)
    return None if root is None else _to_data(root, name)


def _to_data(root: _Node, path: str) -> Any:
    """A composed tree as plain Python data (recursively: its depth is bounded)."""

    def scalar(node: _Node) -> Any:
        tag = node.tag
        if tag == "str":
            return node.text
        try:
            value = _CONSTRUCTOR.yaml_constructors[_YAML_TAG + tag](
                _CONSTRUCTOR, yaml.ScalarNode(_YAML_TAG + tag, node.text)
            )
        except (ValueError, TypeError, yaml.YAMLError, KeyError):
            raise SopFileError(path, node.line, f"nilai '{node.text}' tidak sah") from None
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    def build(node: _Node) -> Any:
        if node.kind == "scalar":
            return scalar(node)
        if node.kind == "seq":
            return [build(child) for child in node.children]
        return {key.text: build(value) for key, value in node.items}

    return build(root)


def sop_from_dict(data: Mapping[str, Any], path: str = "<data>") -> Sop:
    """An SOP from plain data (as made by :func:`sop_to_dict`), validated like a file."""
    return _Reader(path).sop(_from_python(data, path))


# ---------------------------------------------------------------------------------------------
# Public API: writing
# ---------------------------------------------------------------------------------------------


def sop_to_dict(sop: Sop) -> dict[str, Any]:
    """The SOP as plain JSON values, keys in the order of the format, empty optional keys left out.

    ``format``, ``title``, ``actors`` and ``steps`` are always present; so are a step's
    ``activity`` and ``actor``. Dates are ISO strings. ``sop_from_dict(sop_to_dict(s)) == s``.
    """
    data: dict[str, Any] = {"format": FORMAT}
    for spec in SOP_FIELDS:
        key = spec.key
        value = getattr(sop, key)
        if spec.kind == "group":
            group = {
                k: getattr(value, k)
                for k, always, default in _GROUP_WRITING[key]
                if always or getattr(value, k) != default
            }
            if group:
                data[key] = group
        elif spec.kind == "steps":
            data[key] = [_step_to_dict(step) for step in value]
        elif spec.written_always or value:
            data[key] = list(value) if isinstance(value, list) else value
    return data


def _step_to_dict(step: Step) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, always, default in _STEP_WRITING:
        value = getattr(step, key)
        if always or value != default:
            data[key] = list(value) if isinstance(value, list) else value
    return data


class _Dumper(yaml.SafeDumper):
    """SafeDumper that writes multi-line text as a literal block and never emits aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent the items of a block sequence under their key ("steps:\n  - activity: ...").
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style: str | None = None
    if _NEEDS_ESCAPES.search(value) or yaml.reader.Reader.NON_PRINTABLE.search(value):
        # PyYAML writes NEL and the Unicode line separators raw, and a reader takes them as line
        # breaks: double quotes escape them (and control characters) so the text reads back.
        style = '"'
    elif "\n" in value.rstrip("\n"):
        style = "|"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)
_DUMP_WIDTH: Final = 1_000_000


def _dates_for_yaml(data: dict[str, Any]) -> dict[str, Any]:
    """Valid ISO dates become ``datetime.date`` so they are written unquoted (2018-07-10)."""
    dates = data.get("dates")
    if not dates:
        return data
    converted: dict[str, Any] = {}
    for key, value in dates.items():
        if isinstance(value, str) and _ISO_DATE.fullmatch(value):
            try:
                converted[key] = dt.date.fromisoformat(value)
                continue
            except ValueError:
                pass
        converted[key] = value
    return {**data, "dates": converted}


def dumps_sop(sop: Sop) -> str:
    """The SOP as ``sop-ap/1`` YAML text (deterministic; see ``docs/format.md``).

    The output is exactly what PyYAML's ``SafeDumper`` writes with our settings. Most SOPs hold
    only text that is written plain or single-quoted; those are written by a direct emitter,
    about twenty times faster. Anything else (multi-line text, text that needs escapes or
    that PyYAML might quote differently) goes through PyYAML itself.
    """
    data = _dates_for_yaml(sop_to_dict(sop))
    out: list[str] = []
    try:
        _emit_mapping(data, 0, "", out)
    except _NeedsPyYaml:
        return _dumps_pyyaml(data)
    return "".join(out)


class _NeedsPyYaml(Exception):
    """A value the direct emitter does not write; PyYAML writes the whole document."""


_PLAIN_FIRST_BAD: Final = frozenset("#,[]{}&*!|>'\"%@`?:-")
_STR_TAG: Final = _YAML_TAG + "str"


def _emitter_printable(value: str) -> bool:
    """Every character is one PyYAML's emitter writes as is (allow_unicode), no line breaks."""
    return not _NOT_PRINTABLE_FOR_EMITTER.search(value)


_NOT_PRINTABLE_FOR_EMITTER: Final = re.compile(
    "[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010fffe]|[\ufeff\u2028\u2029]"
)


def _scalar(value: object) -> str:
    """A scalar as PyYAML would write it in block context, or raise ``_NeedsPyYaml``."""
    if isinstance(value, bool) or not isinstance(value, str | int | dt.date):
        raise _NeedsPyYaml
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        if isinstance(value, dt.datetime):
            raise _NeedsPyYaml
        return value.isoformat()
    if not _emitter_printable(value):
        raise _NeedsPyYaml
    if _resolve(value, (True, False)) != _STR_TAG:
        return "'" + value.replace("'", "''") + "'"  # e.g. 'No', '5', '800.10', ''
    if (
        value[0] in _PLAIN_FIRST_BAD
        or value[0] == " "
        or value[-1] in " :"
        or ": " in value
        or " #" in value
        or value.startswith("...")
    ):
        raise _NeedsPyYaml
    return value


def _emit_mapping(data: Mapping[str, Any], indent: int, first: str, out: list[str]) -> None:
    """Write a block mapping; ``first`` is what precedes the first key (e.g. "  - ")."""
    pad = " " * indent
    for index, (key, value) in enumerate(data.items()):
        out.append(first if index == 0 and first else pad)
        if isinstance(value, Mapping):
            if not value:
                raise _NeedsPyYaml
            out.append(f"{key}:\n")
            _emit_mapping(value, indent + 2, "", out)
        elif isinstance(value, list):
            if not value:
                out.append(f"{key}: []\n")
                continue
            out.append(f"{key}:\n")
            item_pad = " " * (indent + 2) + "- "
            for item in value:
                if isinstance(item, Mapping):
                    if not item:
                        raise _NeedsPyYaml
                    _emit_mapping(item, indent + 4, item_pad, out)
                else:
                    out.append(f"{item_pad}{_scalar(item)}\n")
        else:
            out.append(f"{key}: {_scalar(value)}\n")


def _dumps_pyyaml(data: dict[str, Any]) -> str:
    text: str = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=_DUMP_WIDTH,
        indent=2,
    )
    return text


def save_sop(sop: Sop, path: str | os.PathLike[str]) -> None:
    """Write the SOP to ``path`` atomically (temporary file, fsync, :func:`portable.replace`).

    A failure raises :class:`SopFileError` and leaves any existing file untouched.
    """
    name = os.fspath(path)
    data = dumps_sop(sop).encode("utf-8")
    target = Path(name)
    folder = target.parent
    tmp_name: str | None = None
    try:
        with tempfile.NamedTemporaryFile(
            "wb", dir=folder, prefix=f".{target.name}.", suffix=".tmp", delete=False
        ) as handle:
            tmp_name = handle.name
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        portable.replace(tmp_name, name)  # retried while a reader holds it open (Windows)
        tmp_name = None
        _fsync_folder(folder)
    except OSError as err:
        reason = portable.write_problem(err)
        raise SopFileError(name, None, f"berkas tidak dapat disimpan: {reason}") from None
    finally:
        if tmp_name is not None:
            _remove_quietly(tmp_name)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | portable.O_BINARY)
    except OSError:  # pragma: no cover - e.g. Windows cannot open folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def _remove_quietly(name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name)
