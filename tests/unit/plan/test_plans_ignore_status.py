"""Plans read what a container's status text says (health, exit code), never the text itself.

The no-op memo relies on it: compose/engine/snapshot.py compares engine answers with each status
text replaced by its health and exit code (tests/unit/engine/test_snapshot_canonical.py).
"""

from __future__ import annotations

from plan_support import MakeProject, container, state

from compose._record import replace
from compose.plan.observed import ObservedState
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


def test_plans_do_not_read_the_status_text(make_project: MakeProject) -> None:
    """Why the text may be left out: a plan is the same whatever it says, given what it derives."""
    project = make_project(STACK)
    observed = state(project, container(project, "db", health="healthy"), container(project, "web"),
                     container(project, "job", state="exited"))
    reworded = _with_statuses(observed, {c.name: c.status.replace("2 minutes", "9 days").replace("1 minute", "9 days")
                                         for c in observed.containers})
    assert reworded != observed
    assert [(c.health, c.exit_code) for c in reworded.containers] == [(c.health, c.exit_code) for c in observed.containers]
    for options in (UpOptions(), UpOptions(wait=True), UpOptions(services=("web",)), UpOptions(remove_orphans=True)):
        assert plan_up(project, reworded, options).render() == plan_up(project, observed, options).render()
