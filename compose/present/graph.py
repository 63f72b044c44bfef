"""``pycompose graph``'s output: the dependency graph as Graphviz dot, Mermaid or JSON, and the critical path.

Nodes: services (boxes), networks (ellipses, dashed), volumes (cylinders). Edges point
from a service to what it needs; a ``depends_on`` edge is labelled with its condition
(``healthy``, ``started``, ``completed``), ``restart`` and ``optional`` when set, an implicit
edge with its kind (``link``, ``volumes_from``, ``network_mode``...). Service-to-resource
edges are dashed and unlabelled. Output is deterministic (nodes: services, networks,
volumes, each sorted; edges sorted).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from compose.graph.critical import CriticalPath
from compose.graph.structure import NETWORK, SERVICE, VOLUME, DependencyGraph, Edge, node_id, parse_node

FORMATS = ("dot", "mermaid", "json")
_CONDITIONS = {"service_healthy": "healthy", "service_started": "started",
               "service_completed_successfully": "completed"}
_KINDS = (SERVICE, NETWORK, VOLUME)


def _nodes(graph: DependencyGraph) -> list[str]:
    return [node_id(kind, name) for kind in _KINDS for name in sorted(graph.nodes_of(kind))]


def _edges(graph: DependencyGraph) -> list[Edge]:
    return sorted(graph.edges, key=lambda e: (e.source, e.target))


def edge_label(edge: Edge) -> str:
    """``healthy, restart`` for a depends_on edge, ``link`` for an implicit one, ``""`` for a resource edge."""
    if parse_node(edge.target)[0] != SERVICE:
        return ""
    parts = [_CONDITIONS.get(edge.condition, edge.condition)] if "depends_on" in edge.kinds else []
    parts += [k for k in edge.kinds if k != "depends_on"]
    if edge.restart:
        parts.append("restart")
    if not edge.required:
        parts.append("optional")
    return ", ".join(parts)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_DOT_SHAPES = {SERVICE: "shape=box, style=rounded", NETWORK: "shape=ellipse, style=dashed", VOLUME: "shape=cylinder"}


def render_dot(graph: DependencyGraph, project: str, highlight: Iterable[str] = ()) -> str:
    """Graphviz: ``dot -Tsvg`` draws it; ``highlight`` (service names) are drawn bold (the critical path)."""
    bold = {node_id(SERVICE, s) for s in highlight}
    lines = [f"digraph {_quote(project)} {{", "  rankdir=BT;", '  node [fontname="Helvetica"];',
             '  edge [fontname="Helvetica", fontsize=10];']
    for node in _nodes(graph):
        kind, name = parse_node(node)
        extra = ", penwidth=2" if node in bold else ""
        lines.append(f"  {_quote(node)} [label={_quote(name)}, {_DOT_SHAPES[kind]}{extra}];")
    for e in _edges(graph):
        label = edge_label(e)
        attrs = [f"label={_quote(label)}"] if label else ["style=dashed", "arrowhead=none", "color=gray50"]
        if e.source in bold and e.target in bold:
            attrs.append("penwidth=2")
        lines.append(f"  {_quote(e.source)} -> {_quote(e.target)} [{', '.join(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


_MERMAID_SHAPES = {SERVICE: ('["', '"]'), NETWORK: ('(["', '"])'), VOLUME: ('[("', '")]')}


def render_mermaid(graph: DependencyGraph) -> str:
    """A Mermaid ``flowchart`` (GitHub renders it in a ```` ```mermaid ```` block); ids are ``n0``, ``n1``..."""
    ids = {node: f"n{i}" for i, node in enumerate(_nodes(graph))}
    lines = ["flowchart BT"]
    for node, short in ids.items():
        kind, name = parse_node(node)
        left, right = _MERMAID_SHAPES[kind]
        lines.append(f"  {short}{left}{_mermaid_text(name)}{right}")
    for e in _edges(graph):
        label = edge_label(e)
        arrow = f"-->|{_mermaid_text(label)}|" if label else "-.-"
        lines.append(f"  {ids[e.source]} {arrow} {ids[e.target]}")
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("|", "#124;")


def graph_document(graph: DependencyGraph, project: str) -> dict[str, object]:
    """The JSON shape: ``project``, ``nodes`` (id, kind, name), ``edges`` (from, to, kinds, condition,
    required, restart), ``missing`` (dependencies on services left out)."""
    return {
        "project": project,
        "nodes": [{"id": n, "kind": parse_node(n)[0], "name": parse_node(n)[1]} for n in _nodes(graph)],
        "edges": [{"from": e.source, "to": e.target, "kinds": list(e.kinds), "condition": e.condition,
                   "required": e.required, "restart": e.restart} for e in _edges(graph)],
        "missing": [{"service": m.service, "target": m.target, "required": m.required} for m in graph.missing],
    }


def render_json(graph: DependencyGraph, project: str) -> str:
    return json.dumps(graph_document(graph, project), indent=2) + "\n"


def critical_document(path: CriticalPath) -> dict[str, object]:
    """The JSON shape of ``--critical-path``: ``steps`` (service, waits_for, seconds, formula), ``seconds``."""
    return {"steps": [{"service": s.service, "waits_for": s.waits_for, "seconds": s.seconds, "formula": s.formula}
                      for s in path.steps], "seconds": path.seconds}


def render_critical(path: CriticalPath, fmt: str = "text") -> str:
    """The chain, one service a line (dependencies first), then the worst case; or its JSON."""
    if fmt == "json":
        return json.dumps(critical_document(path), indent=2) + "\n"
    if not path.steps:
        return "no services\n"
    width = max(len(s.service) for s in path.steps)
    lines = [f"{s.service.ljust(width)}  {s.waits_for:<9}  {s.seconds:>7g}s  {s.formula}" for s in path.steps]
    chain = " -> ".join(s.service for s in path.steps)
    return "\n".join([*lines, f"critical path: {chain}: {path.seconds:g}s worst case"]) + "\n"


def render(graph: DependencyGraph, project: str, fmt: str) -> str:
    """The graph in ``fmt`` (one of ``FORMATS``)."""
    if fmt == "dot":
        return render_dot(graph, project)
    if fmt == "mermaid":
        return render_mermaid(graph)
    if fmt == "json":
        return render_json(graph, project)
    raise ValueError(f"unknown format {fmt!r}")
