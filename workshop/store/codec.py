"""Dataclass <-> JSON: how the model's dataclasses are stored, strict on the way in.

``encode`` turns a dataclass (or a list/dict of them) into JSON data, field by field, default
values included; ``line``/``lines`` (fields with ``compare=False``) are never stored, and text
loses its control characters (``clean_text``: stored text reaches terminals). ``decode`` is
strict: every value must have the type of its type hint (``str``, ``int``, ``bool``,
``X | None``, ``list[...]``, ``tuple[X, ...]`` (stored as a list), ``dict[str, ...]``, nested
dataclasses), a required field must be
present, unknown keys are ignored; a wrong value is a ``ValueError`` in Bahasa Indonesia that
says where (``sops[3].sop.steps[0].time harus teks``).

Speed: decoders and check-only validators are generated once per dataclass from its type
hints (``_fast_decoder``, ``_fast_checker``: Python source compiled with ``exec``). Only when
they fail does the slow, per-field decoder run, to word the error. ``validate_doc`` (used on
every file read) builds nothing: ~40% cheaper than decoding. The generated code is made from
the model's type hints only, never from data.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Callable
from typing import Any, Final, TypeVar, Union

from workshop.store.errors import show_value

T = TypeVar("T")
_MISSING: Final = object()  # a key absent from a document (generated decoders)

_TYPE_NAMES: Final = {
    str: "teks",
    int: "bilangan bulat",
    float: "bilangan",
    bool: "true/false",
    list: "daftar",
    dict: "objek",
    type(None): "null",
}


class _Bad(Exception):
    def __init__(self, where: str, expected: str, got: Any) -> None:
        shown = show_value(got)
        super().__init__(f"{where or 'isi'} harus {expected}, tertulis {shown}")


_Decoder = Callable[[Any, str], Any]
_DECODERS: dict[Any, _Decoder] = {}


def _scalar_decoder(tp: type) -> _Decoder:
    name = _TYPE_NAMES[tp]
    if tp is float:

        def dec_float(v: Any, where: str) -> Any:
            if type(v) in (int, float):
                return float(v)
            raise _Bad(where, name, v)

        return dec_float

    def dec(v: Any, where: str) -> Any:
        if type(v) is tp:
            return v
        raise _Bad(where, name, v)

    return dec


def _decoder(tp: Any) -> _Decoder:
    found = _DECODERS.get(tp)
    if found is not None:
        return found
    dec: _Decoder
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp in _TYPE_NAMES:
        dec = _scalar_decoder(tp)
    elif origin in (Union, types.UnionType):
        optional = type(None) in args
        rest = [a for a in args if a is not type(None)]
        if len(rest) != 1:
            raise TypeError(f"unsupported union {tp!r}")
        inner = _decoder(rest[0])
        expected = _TYPE_NAMES.get(rest[0], "objek")

        def dec_opt(v: Any, where: str) -> Any:
            if v is None and optional:
                return None
            try:
                return inner(v, where)
            except _Bad:
                if type(v) in _TYPE_NAMES and type(v) is not dict and type(v) is not list:
                    raise _Bad(where, f"{expected} atau null", v) from None
                raise

        dec = dec_opt
    elif origin is list:
        item = _decoder(args[0])

        def dec_list(v: Any, where: str) -> Any:
            if type(v) is not list:
                raise _Bad(where, "daftar", v)
            return [item(x, f"{where}[{i}]") for i, x in enumerate(v)]

        dec = dec_list
    elif origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _decoder(args[0])

        def dec_tuple(v: Any, where: str) -> Any:
            if type(v) is not list:
                raise _Bad(where, "daftar", v)
            return tuple(item(x, f"{where}[{i}]") for i, x in enumerate(v))

        dec = dec_tuple
    elif origin is dict:
        value = _decoder(args[1])

        def dec_dict(v: Any, where: str) -> Any:
            if type(v) is not dict:
                raise _Bad(where, "objek", v)
            return {str(k): value(x, f"{where}.{k}") for k, x in v.items()}

        dec = dec_dict
    elif dataclasses.is_dataclass(tp) and isinstance(tp, type):
        dec = _dataclass_decoder(tp)
    else:
        raise TypeError(f"unsupported type {tp!r}")
    _DECODERS[tp] = dec
    return dec


def _dataclass_decoder(cls: type) -> _Decoder:
    hints = typing.get_type_hints(cls)
    plan: list[tuple[str, _Decoder, bool]] = []
    for f in dataclasses.fields(cls):
        if not f.init or not f.compare:
            continue
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        plan.append((f.name, _decoder(hints[f.name]), required))

    def dec(v: Any, where: str) -> Any:
        if type(v) is not dict:
            raise _Bad(where, "objek", v)
        kwargs: dict[str, Any] = {}
        for name, d, required in plan:
            if name in v:
                kwargs[name] = d(v[name], f"{where}.{name}" if where else name)
            elif required:
                raise _Bad(f"{where}.{name}" if where else name, "ada", "(tidak ada)")
        return cls(**kwargs)

    return dec


class _Invalid(Exception):
    """Raised by the fast decoders; the slow ones then say where and what."""


_FAST: dict[type, Callable[[Any], Any]] = {}
_CHECKS: dict[type, Callable[[Any], Any]] = {}


def _fast_decoder(cls: type) -> Callable[[Any], Any]:
    """A generated decoder for a dataclass: same checks as ``_decoder``, no error details."""
    return _generated(cls, check_only=False)


def _fast_checker(cls: type) -> Callable[[Any], Any]:
    """Like ``_fast_decoder`` but builds nothing: raises ``_Invalid`` where decoding would fail
    (the validation of a file that is read: about half the cost of decoding it)."""
    return _generated(cls, check_only=True)


def _generated(cls: type, *, check_only: bool) -> Callable[[Any], Any]:
    done = _CHECKS if check_only else _FAST
    found = done.get(cls)
    if found is not None:
        return found
    hints = typing.get_type_hints(cls)
    env: dict[str, Any] = {"_Invalid": _Invalid, "_MISSING": _MISSING, "cls": cls}
    src = [
        "def dec(v):",
        "    if type(v) is not dict:",
        "        raise _Invalid",
        "    kw = {}",
    ]
    for n, f in enumerate(dataclasses.fields(cls)):
        if not f.init or not f.compare:
            continue
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        src += [f"    x = v.get({f.name!r}, _MISSING)", "    if x is not _MISSING:"]
        lines = _check_source(hints[f.name], f"t{n}", env, check_only)
        src += ["        " + line for line in lines or ["pass"]]
        if not check_only:
            src.append(f"        kw[{f.name!r}] = x")
        if required:
            src += ["    else:", "        raise _Invalid"]
    src.append("    return None" if check_only else "    return cls(**kw)")
    exec("\n".join(src), env)  # generated from the model's type hints only
    dec: Callable[[Any], Any] = env["dec"]
    done[cls] = dec
    return dec


def _check_source(tp: Any, key: str, env: dict[str, Any], check_only: bool = False
                  ) -> list[str]:
    """Source lines that check (and, unless ``check_only``, convert) ``x`` of type ``tp``."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    optional = origin in (Union, types.UnionType) and type(None) in args
    if optional:
        rest = [a for a in args if a is not type(None)]
        inner = _check_source(rest[0], key, env, check_only) if len(rest) == 1 else None
        if inner is not None:
            return ["if x is not None:", *["    " + line for line in inner or ["pass"]]]
    if tp is float:
        return [
            "if type(x) is not float:",
            "    if type(x) is not int:",
            "        raise _Invalid",
            *([] if check_only else ["    x = float(x)"]),
        ]
    if tp in (str, int, bool):
        env[key] = tp
        return [f"if type(x) is not {key}:", "    raise _Invalid"]
    if origin is list and args[0] in (str, int, bool):
        env[key] = args[0]
        return [
            f"if type(x) is not list or not all(type(y) is {key} for y in x):",
            "    raise _Invalid",
            *([] if check_only else ["x = x[:]"]),
        ]
    if origin is list and isinstance(args[0], type) and dataclasses.is_dataclass(args[0]):
        env[key] = _generated(args[0], check_only=check_only)
        if check_only:
            return ["if type(x) is not list:", "    raise _Invalid", "for y in x:",
                    f"    {key}(y)"]
        return ["if type(x) is not list:", "    raise _Invalid", f"x = [{key}(y) for y in x]"]
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        env[key] = _generated(tp, check_only=check_only)
        return [f"{key}(x)" if check_only else f"x = {key}(x)"]
    env[key] = _decoder(tp)  # anything else: the slow decoder
    env["_Bad"] = _Bad
    return ["try:", f"    x = {key}(x, '')", "except _Bad:", "    raise _Invalid from None"]


def validate_doc(cls: type, data: Any, where: str = "") -> None:
    """Raise ``ValueError`` (Indonesian, with the place) where ``decode(cls, data)`` would; build
    nothing when the data is valid."""
    try:
        _fast_checker(cls)(data)
        return
    except _Invalid:
        pass
    decode(cls, data, where)  # says what and where (or, if it disagrees, accepts)


def decode(cls: type[T], data: Any, where: str = "") -> T:
    """Build a dataclass of ``cls`` from JSON data; raises ``ValueError`` (Indonesian)."""
    try:
        fast: T = _fast_decoder(cls)(data)
        return fast
    except _Invalid:
        pass
    try:
        value: T = _decoder(cls)(data, where)
    except _Bad as e:
        raise ValueError(str(e)) from None
    return value  # pragma: no cover - the fast and slow decoders disagree


_SCALARS: Final = (str, int, float, bool, type(None))
_ENCODERS: dict[type, Callable[[Any], Any]] = {}


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """``text`` without control characters (tab and newline kept).

    Stored text is shown in terminals: an ESC or BEL typed or pasted by one participant must
    never reach the facilitator's terminal as an escape sequence.
    """
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


def encode(value: Any) -> Any:
    """A dataclass (or list/dict of them) as JSON data; ``line``/``lines`` are left out.

    Values are not checked here (``decode`` does that); lists are always copied, so the
    result never shares a mutable object with ``value``.
    """
    cls = type(value)
    if cls is str:
        return clean_text(value)
    if cls in _SCALARS:
        return value
    if cls is list or cls is tuple:
        return [encode(v) for v in value]
    if cls is dict:
        return {str(k): encode(v) for k, v in value.items()}
    enc = _ENCODERS.get(cls)
    if enc is None:
        if not dataclasses.is_dataclass(value):
            raise TypeError(f"cannot store {cls.__name__}")
        enc = _ENCODERS[cls] = _dataclass_encoder(cls)
    return enc(value)


def _encode_scalar_list(value: Any) -> Any:
    if type(value) is list:
        return [clean_text(v) if type(v) is str else v for v in value]
    return encode(value)


def _dataclass_encoder(cls: type) -> Callable[[Any], Any]:
    hints = typing.get_type_hints(cls)
    plan: list[tuple[str, Callable[[Any], Any] | None]] = []
    for f in dataclasses.fields(cls):
        if not f.compare:
            continue
        tp = hints[f.name]
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if tp in _SCALARS or (
            origin in (Union, types.UnionType) and all(a in _SCALARS for a in args)
        ):
            plan.append((f.name, None))  # immutable: stored as is, checked by decode
        elif origin is list and args[0] in _SCALARS:
            plan.append((f.name, _encode_scalar_list))
        else:
            plan.append((f.name, encode))

    def enc(value: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, fn in plan:
            v = getattr(value, name)
            t = type(v)
            if t is str:
                out[name] = clean_text(v)
            else:
                out[name] = v if fn is None or t in _SCALARS else fn(v)
        return out

    return enc


def field_names(cls: type) -> set[str]:
    """The names of the stored fields of a dataclass (``line``/``lines`` are not stored)."""
    return {f.name for f in dataclasses.fields(cls) if f.compare}
