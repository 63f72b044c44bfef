"""Plans of start, restart, pause, unpause and rm (compose.plan.lifecycle), as golden text: no Docker."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from compose.errors import PlanError
from compose.graph.loading import load_checked as load_project
from compose.load.options import LoadOptions
from compose.model.convert import project_from_loaded
from compose.model.project import Project
from compose.plan.lifecycle import (
    dependency_edges,
    ordered,
    plan_pause,
    plan_remove,
    plan_restart,
    plan_start,
    plan_unpause,
)
from compose.plan.observed import ObservedContainer, ObservedState

STACK = """
services:
  db:
    image: busybox
  cache:
    image: busybox
  api:
    image: busybox
    depends_on:
      db: {condition: service_healthy, restart: true}
      cache: {condition: service_started}
  web:
    image: busybox
    depends_on:
      api: {condition: service_started, restart: true}
  job:
    image: busybox
    depends_on:
      db: {condition: service_completed_successfully, required: false}
"""


def load(tmp_path: Path, text: str = STACK) -> Project:
    path = tmp_path / "compose.yaml"
    path.write_text(textwrap.dedent(text))
    loaded = load_project(LoadOptions(files=(str(path),), environ={}, cwd=str(tmp_path), project_name="p",
                                      select_services=False))
    return project_from_loaded(loaded)


def container(service: str, number: int = 1, *, state: str = "running", oneoff: bool = False,
              depends_on: str = "") -> ObservedContainer:
    labels = {
        "com.docker.compose.project": "p",
        "com.docker.compose.service": service,
        "com.docker.compose.container-number": str(number),
        "com.docker.compose.oneoff": "True" if oneoff else "False",
        "com.docker.compose.depends_on": depends_on,
    }
    suffix = "run-abc" if oneoff else str(number)
    return ObservedContainer(id=f"{service}{suffix}".ljust(64, "0"), name=f"p-{service}-{suffix}", labels=labels,
                             state=state)


def observed(*containers: ObservedContainer) -> ObservedState:
    return ObservedState(project="p", containers=containers)


def test_order_is_dependencies_first_sorted_within_a_generation(tmp_path: Path) -> None:
    edges = dependency_edges(load(tmp_path), observed())
    assert ordered(edges) == ["cache", "db", "api", "job", "web"]


def test_edges_come_from_the_depends_on_label_without_a_compose_file() -> None:
    state = observed(container("db"), container("api", depends_on="db:service_healthy:true,gone:service_started:false"))
    edges = dependency_edges(None, state)
    assert [(d.target, d.condition, d.restart) for d in edges["api"]] == [("db", "service_healthy", True)]
    assert ordered(edges) == ["db", "api"]


def test_start_waits_for_conditions_and_skips_running_containers(tmp_path: Path) -> None:
    project = load(tmp_path)
    state = observed(container("db", state="exited"), container("cache"), container("api", state="exited"),
                     container("web", state="created"), container("job", state="exited"))
    plan = plan_start(dependency_edges(project, state), state, set(project.services))
    assert plan.render() == textwrap.dedent("""\
        #1 StartContainer service:db:1 (p-db-1) -- exited
        #2 WaitContainer service:db:1 (p-db-1) condition=healthy after #1 -- until healthy
        #3 StartContainer service:api:1 (p-api-1) after #2 -- exited
        #4 WaitContainer service:db:1 (p-db-1) condition=completed after #1 -- until completed
        #5 StartContainer service:job:1 (p-job-1) after #4? -- exited
        #6 StartContainer service:web:1 (p-web-1) after #3 -- created
        """)


def test_start_of_a_service_without_containers_fails(tmp_path: Path) -> None:
    project = load(tmp_path)
    with pytest.raises(PlanError, match='service "cache" has no container to start'):
        plan_start(dependency_edges(project, observed()), observed(container("db")), {"db", "cache"})


def test_restart_takes_the_restart_true_dependents_along(tmp_path: Path) -> None:
    project = load(tmp_path)
    state = observed(*(container(s) for s in ("db", "cache", "api", "web", "job")))
    plan = plan_restart(dependency_edges(project, state), state, ["db"], timeout=3)
    assert plan.render() == textwrap.dedent("""\
        #1 RestartContainer service:db:1 (p-db-1) timeout=3
        #2 WaitContainer service:db:1 (p-db-1) condition=healthy after #1 -- until healthy
        #3 RestartContainer service:api:1 (p-api-1) timeout=3 after #2
        #4 RestartContainer service:web:1 (p-web-1) timeout=3 after #3
        """)


def test_restart_no_deps_restarts_only_the_named_service_stopped_or_not(tmp_path: Path) -> None:
    project = load(tmp_path)
    state = observed(container("db", state="exited"), container("api"), container("web"))
    plan = plan_restart(dependency_edges(project, state), state, ["db"], no_deps=True)
    assert plan.render() == "#1 RestartContainer service:db:1 (p-db-1)\n"


def test_restart_of_everything_follows_dependency_order(tmp_path: Path) -> None:
    project = load(tmp_path)
    state = observed(container("cache"), container("web"), container("api"))
    plan = plan_restart(dependency_edges(project, state), state)
    assert [n.op.display for n in plan.nodes] == ["p-cache-1", "p-api-1", "p-web-1"]
    assert plan.node(3).depends_on[0].node == 2  # web after api (restart: true)


def test_pause_and_unpause_pick_running_and_paused_containers_only() -> None:
    state = observed(container("db"), container("api", state="paused"), container("web", state="exited"),
                     container("db", oneoff=True))
    assert [n.op.display for n in plan_pause(state).nodes] == ["p-db-1"]
    assert [n.op.display for n in plan_unpause(state).nodes] == ["p-api-1"]
    assert plan_pause(state, ["api"]).empty


def test_remove_passes_volumes_and_force() -> None:
    plan = plan_remove([container("web", state="exited"), container("db", state="exited")], volumes=True)
    assert plan.render() == textwrap.dedent("""\
        #1 RemoveContainer service:db:1 (p-db-1) volumes=True
        #2 RemoveContainer service:web:1 (p-web-1) volumes=True
        """)
