"""plan_up executed on FakeEngine: the call log and the events of a whole stack, then a no-op, then down."""

from __future__ import annotations

from pathlib import Path

import anyio
import pytest
from fakes.engine import FakeEngine
from plan_support import project_maker

from compose.apply.events import RecordingSink, Status
from compose.apply.executor import execute
from compose.engine.observe import observe, observe_project
from compose.plan.options import UpOptions
from compose.plan.reconcile import plan_up
from compose.plan.teardown import plan_down

STACK = """
services:
  db:
    image: pycompose/busybox:latest
    healthcheck: {test: ["CMD", "true"], interval: 1s}
  migrate:
    image: pycompose/busybox:latest
    depends_on: {db: {condition: service_healthy}}
  web:
    image: pycompose/busybox:latest
    depends_on:
      migrate: {condition: service_completed_successfully}
    networks: [front, back]
networks: {front: {}, back: {}}
"""


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.anyio
async def test_up_noop_and_down_on_fake_engine(tmp_path: Path) -> None:
    project = project_maker(tmp_path)(STACK)
    engine = FakeEngine(images={"pycompose/busybox:latest": "sha256:1"})
    engine.script.update({"p-db-1": "healthy", "p-migrate-1": "exit:0"})

    plan = plan_up(project, observe(engine, project), UpOptions(wait=True))
    sink = RecordingSink()
    outcome = await execute(plan, engine, sink, project="p")
    assert not outcome.failed, outcome.errors
    starts = [c[1] for c in engine.calls_of("start_container")]
    assert starts == ["p-db-1", "p-migrate-1", "p-web-1"]
    assert engine.calls_of("connect_network") == [("connect_network", "p-web-1", "p_front")]
    assert sorted(engine.networks) == ["p_back", "p_default", "p_front"]
    assert sorted(sink.texts("service:db:1")) == sorted(["Creating", "Created", "Starting", "Started", "Waiting",
                                                         "Healthy", "Waiting", "Healthy"])
    assert sink.texts("service:migrate:1").count("Exited") == 2  # its completed wait and its --wait
    assert all(e.status is not Status.ERROR for e in sink.events)

    engine.calls.clear()
    again = plan_up(project, observe(engine, project))
    assert again.render() == (
        "#1 WaitContainer service:db:1 (p-db-1) condition=healthy -- until healthy\n"
        "#2 StartContainer service:migrate:1 (p-migrate-1) after #1 -- exited\n")

    down = plan_down(project, observe_project(engine, "p"))
    outcome = await execute(down, engine, RecordingSink(), project="p")
    assert not outcome.failed
    assert engine.containers == {} and engine.networks == {}
    stops = [c[1] for c in engine.calls_of("stop_container")]
    assert stops.index("p-web-1") < stops.index("p-db-1")


def test_failure_in_the_middle_skips_the_rest(tmp_path: Path) -> None:
    project = project_maker(tmp_path)(STACK)
    engine = FakeEngine(images={"pycompose/busybox:latest": "sha256:1"})
    engine.script.update({"p-db-1": "healthy", "p-migrate-1": "exit:1"})
    plan = plan_up(project, observe(engine, project))
    outcome = anyio.run(lambda: execute(plan, engine, RecordingSink(), project="p"))
    assert [msg for _, msg in outcome.errors] == ["container p-migrate-1 exited with code 1"]
    assert ("start_container", "p-web-1") not in engine.calls
