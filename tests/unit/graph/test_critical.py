"""The critical path (networkx): worst-case health waits along the longest chain of dependencies."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from compose.errors import CycleError
from compose.graph.build import build_graph, graph_of_dependencies
from compose.graph.critical import Step, critical_path, health_seconds, to_networkx
from compose.graph.loading import load_model
from compose.load.options import LoadOptions
from compose.model.deps import Dependency
from compose.model.parts import Healthcheck

STACK = """\
services:
  db:
    image: x
    healthcheck: {test: [CMD, "true"], interval: 5s, timeout: 3s, retries: 4, start_period: 10s}
  cache:
    image: x
    healthcheck: {test: [CMD, "true"], interval: 1s, timeout: 1s, retries: 2}
  api:
    image: x
    depends_on:
      db: {condition: service_healthy}
      cache: {condition: service_healthy}
    healthcheck: {test: [CMD, "true"], interval: 2s, timeout: 1s, retries: 3}
  web:
    image: x
    depends_on:
      api: {condition: service_healthy}
  migrate:
    image: x
    depends_on:
      db: {condition: service_started}
"""


def _model(tmp_path: Path, text: str = STACK):  # type: ignore[no-untyped-def]
    (tmp_path / "compose.yaml").write_text(textwrap.dedent(text))
    return load_model(LoadOptions(files=(str(tmp_path / "compose.yaml"),), environ={}, cwd=str(tmp_path),
                                  project_name="p"))


def test_health_formula() -> None:
    s = 1_000_000_000
    assert health_seconds(Healthcheck(interval=5 * s, timeout=3 * s, retries=4, start_period=10 * s)) == (
        42.0, "10s + 4 x (5s + 3s)")
    assert health_seconds(None) == (180.0, "0s + 3 x (30s + 30s)")  # Docker's defaults
    assert health_seconds(Healthcheck(retries=0))[0] == 0.0


def test_longest_chain_of_health_waits(tmp_path: Path) -> None:
    model = _model(tmp_path)
    path = critical_path(model.project, model.graph)
    assert path.steps == (
        Step("db", "healthy", 42.0, "10s + 4 x (5s + 3s)"),
        Step("api", "healthy", 9.0, "0s + 3 x (2s + 1s)"),
        Step("web", "started", 0.0, "start"),
    )
    assert path.seconds == 51.0


def test_started_waits_count_nothing(tmp_path: Path) -> None:
    model = _model(tmp_path, "services:\n  a: {image: x}\n  b: {image: x, depends_on: [a]}\n")
    path = critical_path(model.project, model.graph)
    assert [(s.service, s.waits_for) for s in path.steps] == [("a", "started"), ("b", "started")]
    assert path.seconds == 0.0


def test_cycle_is_named() -> None:
    graph = graph_of_dependencies({"a": [Dependency("a", "b", ("depends_on",))],
                                   "b": [Dependency("b", "a", ("depends_on",))]})
    with pytest.raises(CycleError, match="a -> b -> a"):
        critical_path(None, graph)  # type: ignore[arg-type]


def test_networkx_view(tmp_path: Path) -> None:
    model = _model(tmp_path)
    nxg = to_networkx(model.graph)
    assert nxg.nodes["service:api"] == {"kind": "service", "name": "api"}
    assert nxg.edges["service:web", "service:api"]["condition"] == "service_healthy"
    assert set(nxg.successors("service:api")) == {"service:db", "service:cache", "network:default"}
    assert build_graph(model.project).nodes == model.graph.nodes
