"""plan_inputs: the observed state as the planner sees it (what the no-op memo compares)."""

from __future__ import annotations

import json

from plan_support import MakeProject, container, state

from compose._record import replace
from compose.plan.observed import ObservedState, plan_inputs
from compose.plan.options import UpOptions
from compose.plan.reconcile import plan_up

STACK = """
services:
  db:
    image: pycompose/busybox:latest
    healthcheck: {test: ["CMD", "true"], interval: 1s}
  job:
    image: pycompose/busybox:latest
  web:
    image: pycompose/busybox:latest
    depends_on:
      db: {condition: service_healthy}
      job: {condition: service_completed_successfully}
volumes: {data: {}}
"""


def _with_statuses(observed: ObservedState, texts: dict[str, str]) -> ObservedState:
    return replace(observed, containers=tuple(replace(c, status=texts.get(c.name, c.status))
                                              for c in observed.containers))


def test_the_status_text_is_left_out_but_what_it_says_is_in(make_project: MakeProject) -> None:
    project = make_project(STACK)
    observed = state(project, container(project, "db", health="healthy"), container(project, "web"),
                     container(project, "job", state="exited", exit_code=0))
    later = _with_statuses(observed, {"p-db-1": "Up 3 hours (healthy)", "p-web-1": "Up 3 hours",
                                      "p-job-1": "Exited (0) 3 hours ago"})
    assert plan_inputs(later) == plan_inputs(observed)
    sick = _with_statuses(observed, {"p-db-1": "Up 3 hours (unhealthy)"})
    failed = _with_statuses(observed, {"p-job-1": "Exited (3) 3 hours ago"})
    assert len({plan_inputs(observed), plan_inputs(sick), plan_inputs(failed)}) == 3
    text = json.loads(plan_inputs(sick))
    db = next(c for c in text["containers"] if c["name"] == "p-db-1")
    assert db["health"] == "unhealthy" and "status" not in db


def test_every_compared_field_counts(make_project: MakeProject) -> None:
    project = make_project(STACK)
    observed = state(project, container(project, "db"), container(project, "web"))
    first = observed.containers[0]
    changes = [
        replace(observed, containers=(replace(first, state="exited"), *observed.containers[1:])),
        replace(observed, containers=(replace(first, labels={**first.labels, "x": "1"}), *observed.containers[1:])),
        replace(observed, images={}),
        replace(observed, networks=()),
        replace(observed, api_version="1.44"),
    ]
    assert len({plan_inputs(observed), *(plan_inputs(c) for c in changes)}) == len(changes) + 1


def test_plans_do_not_read_the_status_text(make_project: MakeProject) -> None:
    """Why the text may be left out: a plan is the same whatever it says, given what it derives."""
    project = make_project(STACK)
    observed = state(project, container(project, "db", health="healthy"), container(project, "web"),
                     container(project, "job", state="exited"))
    reworded = _with_statuses(observed, {c.name: c.status.replace("2 minutes", "9 days").replace("1 minute", "9 days")
                                         for c in observed.containers})
    assert reworded != observed and plan_inputs(reworded) == plan_inputs(observed)
    for options in (UpOptions(), UpOptions(wait=True), UpOptions(services=("web",)), UpOptions(remove_orphans=True)):
        assert plan_up(project, reworded, options).render() == plan_up(project, observed, options).render()
