"""Load + validate + model + cycle check: how every command gets its project.

``compose.load`` merges and normalises the files and runs the checks it is given
(``compose.validate.checks.COMPOSE_CHECKS``); the dict becomes the typed model
(``compose.model.convert``); the model's dependency graph is built and checked for a
cycle, reported as an ``Issue`` at the attribute that closes it (file:line:col). Each
step imports only lower layers, and this module composes them.

- ``load_model(options) -> LoadedModel``: the loaded dict, the ``Project`` (disabled
  services included) and its ``DependencyGraph``;
- ``load_checked(options) -> LoadedProject``: the same checks, for ``config`` (no
  model past the cycle check; with ``--no-interpolate`` or ``--no-consistency``, no
  model at all, as v2 checks nothing then).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from compose._record import record
from compose.errors import Issue, ValidationError
from compose.graph.build import build_graph
from compose.graph.structure import DependencyGraph
from compose.load import environment
from compose.load.options import LoadedProject, LoadOptions
from compose.load.pipeline import load_project
from compose.load.sourcemap import KeyPath, format_path
from compose.model.convert import project_from_loaded
from compose.model.project import Project
from compose.validate.checks import COMPOSE_CHECKS

__all__ = ["LoadedModel", "cycle_issue", "load_checked", "load_model"]


@record
class LoadedModel:
    """A project ready for the commands: what the loader gave, its model and its graph."""

    loaded: LoadedProject
    project: Project
    graph: DependencyGraph


def load_model(options: LoadOptions, read: environment.Reader = environment.read_text) -> LoadedModel:
    """The project ``options`` describe, checked (schema, references, cycles) and converted."""
    loaded = load_project(options, read, checks=COMPOSE_CHECKS)
    project = project_from_loaded(loaded)
    graph = build_graph(project)
    if _checks_apply(options):
        _raise_cycle(graph, loaded)
    return LoadedModel(loaded, project, graph)


def load_checked(options: LoadOptions, read: environment.Reader = environment.read_text) -> LoadedProject:
    """The loaded project with every check ``load_model`` runs, without keeping the model."""
    if not _checks_apply(options):
        return load_project(options, read, checks=COMPOSE_CHECKS)
    return load_model(options, read).loaded


def _checks_apply(options: LoadOptions) -> bool:
    return options.consistency and options.interpolate  # v2 checks nothing without interpolation


def _raise_cycle(graph: DependencyGraph, loaded: LoadedProject) -> None:
    issue = cycle_issue(graph, loaded)
    if issue is not None:
        raise ValidationError([issue])


# The attribute a cycle is reported at, for the edge that starts it: an implicit dependency
# first (Compose derives depends_on entries from them), depends_on last.
_KIND_KEYS = (("link", "links"), ("volumes_from", "volumes_from"), ("network_mode", "network_mode"),
              ("ipc", "ipc"), ("pid", "pid"), ("depends_on", "depends_on"))


def cycle_issue(graph: DependencyGraph, loaded: LoadedProject) -> Issue | None:
    """``dependency cycle detected: a -> b -> a`` at the attribute of ``a`` that needs ``b``, or None."""
    ring = graph.cycle()
    if ring is None:
        return None
    service, target = ring[0], ring[1]
    edge = graph.edge(service, target)
    kinds = edge.kinds if edge is not None else ()
    data: Mapping[str, Any] = (loaded.data.get("services") or {}).get(service) or {}
    path: KeyPath = ("services", service, "depends_on", target)
    for kind, key in _KIND_KEYS:
        if kind in kinds:
            path = ("services", service, *_key_path(data, key, target))
            break
    return Issue(loaded.sources.locate(path), format_path(path), "dependency cycle detected: " + " -> ".join(ring))


def _key_path(service: Mapping[str, Any], key: str, target: str) -> KeyPath:
    value = service.get(key)
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str) and item.split(":", 1)[0] == target:
                return (key, index)
    if key == "depends_on":
        return (key, target)
    return (key,)


