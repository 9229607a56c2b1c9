"""The bounded YAML reader: text -> a small tree of nodes with the line of every value.

The YAML text is parsed into events (libyaml's C parser when available, PyYAML's pure parser
otherwise) and composed here, iteratively, into :class:`Node` s that keep the line of every
value. Nothing is ever constructed by PyYAML while composing: a scalar keeps its source text and
the tag it resolves to. Aliases are refused (no alias bomb can expand); tags other than the
plain ones, more nodes than allowed and deeper nesting than allowed are errors
(``workshop/limits.py``). Only regular files are read (``workshop/saferead.py``).

:mod:`workshop.sopfile` reads SOPs from these trees; :func:`load_yaml_data` gives the plain data
of the other YAML files people may hand over (a bundle's ``workshop.yaml`` and ``unit.yaml``)
under the bundle's limits. Every problem raises :class:`SopFileError` naming the file, the
1-based line when known, and a message in Bahasa Indonesia that says what to do.

(``workshop/yamllines.py`` reads the project's own hand-edited files, the guideline and the
session plans, with ``yaml.safe_load``'s meaning; this module is for files from elsewhere.)
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import yaml

from workshop import limits
from workshop.saferead import FileTooBig, ReadRefused, megabytes, read_regular

_MAX_BYTES: Final = limits.SOP_MAX_BYTES
_MAX_DEPTH: Final = limits.SOP_MAX_DEPTH
_MAX_NODES: Final = limits.SOP_MAX_NODES

YAML_TAG: Final = "tag:yaml.org,2002:"
_ALLOWED_TAGS: Final = frozenset(
    YAML_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
) | {"!"}


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
class Node:
    kind: str  # "map" | "seq" | "scalar"
    line: int | None
    text: str = ""  # scalar: its source text (YAML) or str(value) (Python data)
    tag: str = "str"  # scalar: str | int | float | bool | null | timestamp
    textual: bool = True  # scalar: may be taken as text
    items: list[tuple[Node, Node]] = field(default_factory=list)  # map
    children: list[Node] = field(default_factory=list)  # seq
    pending: Node | None = None  # map under construction: a key waiting for its value


_RESOLVER: Final = yaml.resolver.Resolver()
KIND_WORDS: Final[dict[str, str]] = {"map": "pemetaan (kunci: nilai)", "seq": "daftar"}


def id_number(value: int) -> str:
    """An integer with Indonesian thousands separators: 100000 -> "100.000"."""
    return f"{value:,}".replace(",", ".")


def _short_tag(tag: str) -> str:
    return tag[len(YAML_TAG) :] if tag.startswith(YAML_TAG) else tag


def _shown_tag(tag: str) -> str:
    return "!!" + tag[len(YAML_TAG) :] if tag.startswith(YAML_TAG) else tag


def _line(event: yaml.Event) -> int | None:
    mark = event.start_mark
    return mark.line + 1 if mark is not None else None


def resolve_tag(value: str, implicit: tuple[bool, bool]) -> str:
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
    _MAX_NODES,
    _MAX_DEPTH,
    "berkas hanya boleh berisi satu SOP (satu dokumen YAML); "
    "hapus '---' kedua atau pisahkan menjadi beberapa berkas",
    "pisahkan: satu berkas hanya untuk satu SOP",
)


def compose(text: str, path: str, bounds: _Limits = _SOP_LIMITS) -> Node | None:
    """Compose the single YAML document of ``text`` into a ``Node`` tree (None when empty)."""
    root: Node | None = None
    stack: list[Node] = []
    documents = 0
    count = 0

    def attach(node: Node) -> None:
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
                    f"{KIND_WORDS[node.kind]}; periksa tanda ':' dan indentasi",
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
                    f"berkas memuat terlalu banyak unsur (lebih dari {id_number(bounds.nodes)}); "
                    + bounds.too_many,
                )
            if isinstance(event, yaml.ScalarEvent):
                if tag is None or tag == "!":
                    tag = resolve_tag(event.value, event.implicit)
                attach(Node("scalar", line, text=event.value, tag=_short_tag(tag)))
                continue
            node = Node("map" if isinstance(event, yaml.MappingStartEvent) else "seq", line)
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
        raise syntax_error(err, text, path, bounds.depth) from None
    except yaml.YAMLError:  # pragma: no cover - ReaderError, prevented by loads_sop's check
        raise reader_error(text, path) from None
    return root


def _too_deep(depth: int = _MAX_DEPTH) -> str:
    return (f"susunan terlalu dalam (lebih dari {depth} tingkat); "
            "periksa indentasi dan tanda kurung")


def syntax_error(
    err: yaml.MarkedYAMLError, text: str, path: str, depth: int = _MAX_DEPTH
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


def reader_error(text: str, path: str) -> SopFileError:
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


def from_python(value: Any, path: str, depth: int = 0) -> Node:
    """Plain Python data (a dict from TinyDB or JSON) as a ``Node`` tree without lines."""
    if depth > _MAX_DEPTH:
        raise SopFileError(
            path, None, f"susunan terlalu dalam (lebih dari {_MAX_DEPTH} tingkat)"
        )
    if isinstance(value, Mapping):
        node = Node("map", None)
        for key, item in value.items():
            if not isinstance(key, str):
                raise SopFileError(path, None, f"kunci harus berupa teks, bukan {key!r}")
            child = from_python(item, path, depth + 1)
            node.items.append((Node("scalar", None, text=key), child))
        return node
    if isinstance(value, list | tuple):
        return Node("seq", None, children=[from_python(v, path, depth + 1) for v in value])
    if value is None:
        return Node("scalar", None, text="", tag="null")
    if isinstance(value, str):
        return Node("scalar", None, text=value)
    if isinstance(value, bool):
        return Node("scalar", None, text=str(value).lower(), tag="bool", textual=False)
    if isinstance(value, int):
        return Node("scalar", None, text=str(value), tag="int", textual=False)
    if isinstance(value, float):
        return Node("scalar", None, text=repr(value), tag="float", textual=False)
    if isinstance(value, dt.date):
        return Node("scalar", None, text=value.isoformat(), tag="timestamp", textual=False)
    raise SopFileError(path, None, f"nilai bertipe {type(value).__name__} tidak didukung")


def too_big(size: int, path: str) -> SopFileError:
    return SopFileError(
        path,
        None,
        f"berkas terlalu besar ({megabytes(size)} MB); batasnya {_MAX_BYTES // limits.MB} MB "
        "untuk satu SOP",
    )



_A_FOLDER: Final = "ini sebuah folder, bukan berkas SOP (.yaml)"


def read_text(name: str, max_bytes: int, *, follow_symlinks: bool, sop: bool) -> str:
    """The UTF-8 text of a regular file of at most ``max_bytes`` (SopFileError otherwise)."""
    try:
        data = read_regular(name, max_bytes, follow_symlinks=follow_symlinks)
    except FileTooBig as err:
        if sop:
            raise too_big(err.size, name) from None
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
    text = read_text(name, limits.BUNDLE_YAML_MAX_BYTES, follow_symlinks=follow_symlinks,
                      sop=False)
    if yaml.reader.Reader.NON_PRINTABLE.search(text):
        raise reader_error(text, name)
    root = compose(text, name, _DATA_LIMITS)
    return None if root is None else _to_data(root, name)


def _to_data(root: Node, path: str) -> Any:
    """A composed tree as plain Python data (recursively: its depth is bounded)."""

    def scalar(node: Node) -> Any:
        tag = node.tag
        if tag == "str":
            return node.text
        try:
            value = _CONSTRUCTOR.yaml_constructors[YAML_TAG + tag](
                _CONSTRUCTOR, yaml.ScalarNode(YAML_TAG + tag, node.text)
            )
        except (ValueError, TypeError, yaml.YAMLError, KeyError):
            raise SopFileError(path, node.line, f"nilai '{node.text}' tidak sah") from None
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    def build(node: Node) -> Any:
        if node.kind == "scalar":
            return scalar(node)
        if node.kind == "seq":
            return [build(child) for child in node.children]
        return {key.text: build(value) for key, value in node.items}

    return build(root)
