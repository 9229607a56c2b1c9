"""Read and write SOP files in the ``format: sop-ap/1`` YAML format.

The YAML text is composed by :mod:`workshop.sopyaml` (the bounded reader: libyaml's C parser
when available, PyYAML's pure parser otherwise) into a small tree that keeps the line of every
value; this module walks that tree into the model. Nothing is ever constructed by PyYAML: text
fields take the scalar's source text, so ``number: 800.1`` stays ``"800.1"`` and ``title: No``
stays ``"No"``. Aliases are refused (no alias bomb can expand), and size, depth and node count
are bounded (``workshop/limits.py``). Only regular files are read (``workshop/saferead.py``): a
FIFO or a device is an error.

The same reader gives the other YAML files people may hand over (a bundle's ``workshop.yaml``
and ``unit.yaml``): :func:`load_yaml_data` (re-exported here) gives their plain data under the
bundle's limits.

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
from pathlib import Path
from typing import Any, Final

import yaml

from workshop import limits, portable
from workshop.fields import SOP_FIELDS, STEP_FIELDS, FieldSpec, default_of, owner_of
from workshop.model import FORMAT, Sop, Step
from workshop.sopyaml import (
    KIND_WORDS,
    YAML_TAG,
    Node,
    SopFileError,
    compose,
    from_python,
    id_number,
    load_yaml_data,
    read_text,
    reader_error,
    resolve_tag,
    too_big,
)

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


# ---------------------------------------------------------------------------------------------
# Validation: the tree -> the model
# ---------------------------------------------------------------------------------------------


# How to write a nested key right, for "'dates' harus berupa pemetaan ..." messages.
_SHAPES: Final[dict[str, str]] = {
    "dates": "tulis mis. 'dates: {created: 2018-07-10}'",
    "approval": "tulis mis. 'approval: {position: Sekretaris Daerah}'",
    "classification": "tulis mis. 'classification: {nature: administratif}'",
    "steps": "tulis setiap langkah sebagai butir '- activity: ...'",
}


class _Reader:
    """Walks a composed tree into a :class:`Sop`, recording lines, raising on the first problem."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.lines: dict[str, int] = {}

    def fail(self, node: Node | None, message: str) -> SopFileError:
        return SopFileError(self.path, node.line if node is not None else None, message)

    def note(self, key: str, node: Node) -> None:
        if node.line is not None:
            self.lines[key] = node.line

    # -- structure ------------------------------------------------------------------------

    def mapping(
        self,
        node: Node,
        allowed: tuple[str, ...],
        where: str,
        hints: Mapping[str, str] | None = None,
    ) -> dict[str, tuple[Node, Node]]:
        """The keys of a mapping node: unknown and duplicate keys are errors."""
        seen: dict[str, tuple[Node, Node]] = {}
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

    def expect(self, node: Node, kind: str, what: str) -> None:
        if node.kind == kind:
            return
        wanted = {"map": "pemetaan (kunci: nilai)", "seq": "daftar"}[kind]
        found = KIND_WORDS.get(node.kind, f"teks '{node.text}'")
        example = _SHAPES.get(what, "periksa indentasi dan tanda ':'")
        raise self.fail(node, f"'{what}' harus berupa {wanted}, bukan {found}; {example}")

    # -- scalars --------------------------------------------------------------------------

    def text(self, node: Node, what: str) -> str:
        if node.kind != "scalar":
            raise self.fail(
                node,
                f"'{what}' harus berupa teks, bukan {KIND_WORDS[node.kind]}"
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

    def text_list(self, node: Node, key: str, what: str) -> list[str]:
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
                    f"{KIND_WORDS[child.kind]}; jika teks memuat ': ', apit dengan tanda kutip",
                )
            values.append(self.text(child, what))
            self.note(f"{key}.{index}", child)
        return values

    def choice(self, node: Node, what: str, allowed: tuple[str, ...]) -> str | None:
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

    def step_number(self, node: Node, what: str) -> int | None:
        if node.kind == "scalar" and node.tag == "null":
            return None
        if node.kind == "scalar" and node.tag != "bool":
            value = node.text.strip()
            if (node.tag == "int" or node.textual) and _STEP_NUMBER.fullmatch(value):
                number = int(value)
                if number >= 1:
                    return number
        shown = KIND_WORDS.get(node.kind, f"'{node.text}'")
        raise self.fail(
            node,
            f"'{what}' harus berupa nomor langkah (bilangan bulat mulai dari 1), bukan {shown}; "
            f"tulis nomornya saja, mis. '{what.rsplit('.', 1)[-1]}: 3'",
        )

    def date(self, node: Node, what: str) -> str | None:
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
        shown = KIND_WORDS.get(node.kind, f"'{node.text}'")
        raise self.fail(
            node,
            f"tanggal '{what}' harus ditulis TTTT-BB-HH (mis. 2018-07-10), bukan {shown}",
        )

    # -- the SOP --------------------------------------------------------------------------

    def sop(self, root: Node | None) -> Sop:
        if root is None or (root.kind == "scalar" and root.tag == "null"):
            raise SopFileError(
                self.path,
                None,
                f"berkas kosong; berkas SOP minimal berisi 'format: {FORMAT}' dan 'title: ...'",
            )
        if root.kind != "map":
            found = KIND_WORDS.get(root.kind, "teks")
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

    def value(self, spec: FieldSpec, node: Node, what: str, owner: type) -> Any:
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
        self, node: Node, name: str, allowed: tuple[str, ...]
    ) -> dict[str, tuple[Node, Node]] | None:
        if node.kind == "scalar" and node.tag == "null":
            return None
        self.expect(node, "map", name)
        keys = self.mapping(node, allowed, f"di dalam '{name}' ")
        for sub, (key, _value) in keys.items():
            self.note(f"{name}.{sub}", key)
        return keys

    def group(self, spec: FieldSpec, node: Node) -> Any:
        """A nested mapping (dates, approval, classification) as its model class."""
        owner = owner_of(spec.key)
        result = owner()
        parts = {part.key: part for part in spec.parts}
        for name, (_key, value) in (self.submapping(node, spec.key, tuple(parts)) or {}).items():
            setattr(result, name, self.value(parts[name], value, f"{spec.key}.{name}", owner))
        return result

    def steps(self, node: Node) -> list[Step]:
        if node.kind == "scalar" and node.tag == "null":
            return []
        self.expect(node, "seq", "steps")
        if len(node.children) > MAX_STEPS:
            raise self.fail(
                node.children[MAX_STEPS],
                f"SOP ini memiliki {id_number(len(node.children))} langkah; batasnya "
                f"{id_number(MAX_STEPS)}: pecah menjadi beberapa SOP yang saling terkait",
            )
        return [self.step(child, number) for number, child in enumerate(node.children, start=1)]

    def step(self, node: Node, number: int) -> Step:
        where = f"langkah {number}"
        if node.kind != "map":
            raise self.fail(
                node,
                f"{where} harus berupa pemetaan dengan kunci activity, actor, ..., bukan "
                + KIND_WORDS.get(node.kind, f"teks '{node.text}'")
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


def loads_sop(text: str, path: str = "<teks>") -> Sop:
    """Read an SOP from ``sop-ap/1`` YAML text; ``path`` names it in errors."""
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise too_big(len(text.encode("utf-8", "surrogatepass")), path)
    if text.startswith("\ufeff"):
        text = text[1:]
    if yaml.reader.Reader.NON_PRINTABLE.search(text):
        # Checked here for both parsers alike (libyaml would fail on a lone surrogate).
        raise reader_error(text, path)
    return _Reader(path).sop(compose(text, path))


def load_sop(path: str | os.PathLike[str], *, follow_symlinks: bool = True) -> Sop:
    """Read an SOP file. Every problem, including a missing file, raises :class:`SopFileError`.

    Only a regular file is read (a FIFO, a device or a folder is an error); a symlink only
    when ``follow_symlinks`` (bundles pass False: their files must not point elsewhere).
    """
    name = os.fspath(path)
    text = read_text(name, MAX_BYTES, follow_symlinks=follow_symlinks, sop=True)
    return loads_sop(text, name)


def sop_from_dict(data: Mapping[str, Any], path: str = "<data>") -> Sop:
    """An SOP from plain data (as made by :func:`sop_to_dict`), validated like a file."""
    return _Reader(path).sop(from_python(data, path))


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
_STR_TAG: Final = YAML_TAG + "str"


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
    if resolve_tag(value, (True, False)) != _STR_TAG:
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
