"""``pycompose graph``: the project's services, networks and volumes, as dot (default), mermaid or json.

``--critical-path`` prints instead the longest chain of waits ``up`` can meet (dependencies
first) with its worst-case seconds (compose.graph.critical says how each service counts);
with ``--format json`` that chain as JSON, with ``--format dot`` the graph with the chain
drawn bold (``mermaid`` has no such view: the text is printed). The project is loaded as ``config`` loads it, plus the model and the cycle
check: a cycle is an error naming it, at file:line. ``docs/graph.md`` has examples.
"""

from __future__ import annotations

import argparse
import sys

from compose._record import record
from compose.cli.options import GlobalOptions


@record
class GraphOptions:
    """``graph``'s flags."""

    services: tuple[str, ...] = ()
    format: str | None = None
    """None: dot for the graph, text for ``--critical-path``."""
    critical_path: bool = False
    output: str | None = None


Options = GraphOptions


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("services", nargs="*", metavar="SERVICE", help="only these services and their dependencies")
    parser.add_argument("--format", choices=("dot", "mermaid", "json"),
                        help="output format (default: dot; with --critical-path, text)")
    parser.add_argument("--critical-path", action="store_true",
                        help="print the longest chain of health waits and its worst-case seconds")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")


def run(o: GraphOptions, g: GlobalOptions) -> int:
    from compose.cli.shared.loading import load_options, print_warnings
    from compose.graph.loading import load_model
    from compose.present import graph as view

    model = load_model(load_options(g, o.services))
    print_warnings(model.loaded)
    if o.critical_path:
        from compose.graph.critical import critical_path

        path = critical_path(model.project, model.graph)
        if o.format == "dot":
            text = view.render_dot(model.graph, model.project.name, highlight=[s.service for s in path.steps])
        else:
            text = view.render_critical(path, "json" if o.format == "json" else "text")
    else:
        text = view.render(model.graph, model.project.name, o.format or "dot")
    if o.output:
        with open(o.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0
