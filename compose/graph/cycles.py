"""Finding a dependency cycle with the standard library only.

`config` must reject cycles, and importing networkx costs more than a whole
`config` run of Docker Compose v2 on this kind of machine, so the loader's
check uses graphlib; the networkx graph (graph/build.py) reuses this function.
"""

from __future__ import annotations

import graphlib
from collections.abc import Iterable, Mapping


def find_cycle(edges: Mapping[str, Iterable[str]]) -> list[str] | None:
    """A cycle in ``node -> its dependencies``, as a path whose first node is repeated at the end.

    The path starts at the smallest node on the cycle (by name) so the message is stable,
    and follows the direction of the edges: ``a -> b`` means a depends on b.
    """
    sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
    for node, deps in edges.items():
        sorter.add(node, *deps)
    try:
        sorter.prepare()
    except graphlib.CycleError as exc:
        found: list[str] = list(exc.args[1])
        # graphlib reports it against the edge direction (dependency first): reverse it.
        ring = found[:-1][::-1]
        start = ring.index(min(ring))
        ring = ring[start:] + ring[:start]
        return [*ring, ring[0]]
    return None
