"""Rules keyed by key-path patterns, applied to a plain tree in one pass.

A pattern is a tuple of keys where ``*`` matches any mapping key or sequence
index: ``("services", "*", "ports")``. ``PathRules`` compiles a table of
``(pattern, rule)`` into a trie, so a walk only visits the parts of the tree
some pattern can reach and leaves every other subtree untouched (shared, not
copied). When several patterns match one path, the first in table order wins.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from compose._record import field, record

R = TypeVar("R")
KeyPath = tuple[str | int, ...]


@record(frozen=False)
class _Node(Generic[R]):
    rule: tuple[int, R] | None = None
    kids: dict[str, _Node[R]] = field(default_factory=dict)
    star: _Node[R] | None = None


class PathRules(Generic[R]):
    """A compiled ``(pattern, rule)`` table."""

    def __init__(self, table: Iterable[tuple[tuple[str, ...], R]]) -> None:
        self._root: _Node[R] = _Node()
        for index, (pattern, rule) in enumerate(table):
            node = self._root
            for part in pattern:
                if part == "*":
                    node.star = node.star or _Node()
                    node = node.star
                else:
                    node = node.kids.setdefault(part, _Node())
            if node.rule is None:
                node.rule = (index, rule)

    def walk(
        self,
        value: Any,
        apply: Callable[[R, Any, KeyPath], tuple[Any, bool]],
    ) -> Any:
        """``value`` with ``apply(rule, node_value, path)`` run at every matching path.

        ``apply`` returns the new value and whether to keep descending into it.
        """
        return self._walk(value, (), [self._root], apply)

    def _walk(
        self,
        value: Any,
        path: KeyPath,
        nodes: list[_Node[R]],
        apply: Callable[[R, Any, KeyPath], tuple[Any, bool]],
    ) -> Any:
        rules = [n.rule for n in nodes if n.rule is not None]
        if rules:
            value, descend = apply(min(rules, key=lambda r: r[0])[1], value, path)
            if not descend:
                return value
        if isinstance(value, dict):
            out: dict[Any, Any] | None = None
            for key, item in value.items():
                kids = _children(nodes, key)
                if not kids:
                    continue
                new = self._walk(item, (*path, key), kids, apply)
                if new is not item:
                    if out is None:
                        out = dict(value)
                    out[key] = new
            return value if out is None else out
        if isinstance(value, list):
            stars = [n.star for n in nodes if n.star is not None]
            if not stars:
                return value
            items = [self._walk(item, (*path, i), stars, apply) for i, item in enumerate(value)]
            return value if all(a is b for a, b in zip(items, value, strict=True)) else items
        return value


def _children(nodes: list[_Node[R]], key: Any) -> list[_Node[R]]:
    kids: list[_Node[R]] = []
    for node in nodes:
        exact = node.kids.get(key) if isinstance(key, str) else None
        if exact is not None:
            kids.append(exact)
        if node.star is not None:
            kids.append(node.star)
    return kids
