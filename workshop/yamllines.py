"""YAML text -> its data and the line of every value, in one safe parse.

Used by the files people edit by hand (``templates/pedoman.yaml``, ``sessions/*.yaml``), whose
readers report problems as ``file:line: message`` (:class:`LinedError`, raised through a
:class:`LinedReader`). The text is parsed once with PyYAML's C
safe loader when PyYAML has libyaml (``yaml.CSafeLoader``), else with ``yaml.SafeLoader``: the
same safety as ``yaml.safe_load``, the data built from the composed tree whose marks give the
lines. When the text is not valid YAML it is parsed again with the pure-Python safe loader, so
the error (its problem text and mark) is the one ``yaml.safe_load`` has always given.
"""

from __future__ import annotations

from typing import Any, ClassVar, NoReturn

import yaml

Where = tuple[str | int, ...]
"""A path into the data: mapping keys and sequence indexes, e.g. ``("stages", 0, "id")``."""

_FAST_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _node_lines(node: yaml.Node, where: Where, out: dict[Where, int], seen: set[int]) -> None:
    out[where] = node.start_mark.line + 1
    if id(node) in seen:
        return  # an alias: its values are listed under the anchor (no blow-up on alias bombs)
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                _node_lines(value, (*where, str(key.value)), out, seen)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _node_lines(item, (*where, i), out, seen)


def _parse(text: str, loader_class: Any) -> tuple[object, dict[Where, int]]:
    loader = loader_class(text)
    try:
        root: yaml.Node | None = loader.get_single_node()
        lines: dict[Where, int] = {}
        if root is None:
            return None, lines
        # Lines first: constructing a mapping with merge keys (<<) rewrites its node.
        _node_lines(root, (), lines, set())
        data: object = loader.construct_document(root)
        return data, lines
    finally:
        loader.dispose()


def load_with_lines(text: str) -> tuple[object, dict[Where, int]]:
    """The data of ``text`` (as ``yaml.safe_load``) and the 1-based line of every value.

    ``lines[()]`` is the document's line; ``lines[("a", 0)]`` the line of the first item of key
    ``a``. An empty document gives ``(None, {})``. Raises ``yaml.YAMLError`` exactly as
    ``yaml.safe_load`` would.
    """
    try:
        return _parse(text, _FAST_SAFE_LOADER)
    except yaml.YAMLError:
        if _FAST_SAFE_LOADER is yaml.SafeLoader:
            raise
    # The C parser refused the text: the pure-Python one words the error as it always has
    # (or, should libyaml be the stricter of the two, reads the text as before).
    return _parse(text, yaml.SafeLoader)


def line_at(lines: dict[Where, int], where: Where) -> int | None:
    """The line of ``where``, else of its nearest enclosing value that has one."""
    while where not in lines:
        if not where:
            return None
        where = where[:-1]
    return lines[where]


class LinedError(Exception):
    """A hand-edited file that is missing, not YAML, or not shaped as expected:
    ``path:line: message`` (``path: message`` when no line is known); message in Indonesian."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        place = f"{path}:{line}" if line is not None else path
        super().__init__(f"{place}: {message}")


class LinedReader:
    """Base of a reader of loaded data that fails with ``path:line: message``; ``error`` is the
    :class:`LinedError` subclass it raises."""

    error: ClassVar[type[LinedError]] = LinedError

    def __init__(self, path: str, lines: dict[Where, int]) -> None:
        self.path = path
        self.lines = lines

    def line(self, where: Where) -> int | None:
        return line_at(self.lines, where)

    def fail(self, where: Where, message: str) -> NoReturn:
        raise self.error(self.path, self.line(where), message)
