"""Lifecycle plans run by the executor of up on FakeEngine: the engine calls made and the events shown."""

from __future__ import annotations

import anyio
from fakes.engine import FakeEngine

from compose.apply.events import RecordingSink, Status
from compose.apply.executor import Outcome, execute
from compose.engine.observe import observe_project
from compose.plan.lifecycle import dependency_edges, plan_pause, plan_restart, plan_start, plan_unpause
from compose.plan.ops import Plan


def labels(service: str, depends_on: str = "") -> dict[str, str]:
    return {"com.docker.compose.project": "p", "com.docker.compose.service": service,
            "com.docker.compose.container-number": "1", "com.docker.compose.oneoff": "False",
            "com.docker.compose.depends_on": depends_on}


def engine() -> FakeEngine:
    fake = FakeEngine()
    fake.add_container("p-db-1", labels("db"))
    fake.add_container("p-web-1", labels("web", "db:service_healthy:true"))
    return fake


def run(plan: Plan, fake: FakeEngine, sink: RecordingSink) -> Outcome:
    async def main() -> Outcome:
        return await execute(plan, fake, sink, project="p")

    return anyio.run(main)


def test_restart_calls_the_engine_in_order_and_waits_for_health() -> None:
    fake, sink = engine(), RecordingSink()
    fake.containers[fake.by_name("p-db-1").id].health = "healthy"
    observed = observe_project(fake, "p")
    outcome = run(plan_restart(dependency_edges(None, observed), observed, ["db"]), fake, sink)
    assert not outcome.failed
    assert fake.calls_of("restart_container") == [("restart_container", "p-db-1"), ("restart_container", "p-web-1")]
    assert [(e.name, e.text) for e in sink.events if e.text in ("Restarting", "Started")] == [
        ("p-db-1", "Restarting"), ("p-db-1", "Started"), ("p-web-1", "Restarting"), ("p-web-1", "Started")]


def test_pause_then_unpause() -> None:
    fake, sink = engine(), RecordingSink()
    assert not run(plan_pause(observe_project(fake, "p")), fake, sink).failed
    assert {c.state for c in fake.containers.values()} == {"paused"}
    assert not run(plan_unpause(observe_project(fake, "p")), fake, sink).failed
    assert {c.state for c in fake.containers.values()} == {"running"}
    assert sorted(e.text for e in sink.events if e.status is Status.DONE) == ["Paused", "Paused", "Unpaused",
                                                                               "Unpaused"]


def test_a_refused_pause_is_an_error_of_that_node_only() -> None:
    fake, sink = engine(), RecordingSink()
    observed = observe_project(fake, "p")
    fake.by_name("p-web-1").state = "exited"  # stopped after the observation
    outcome = run(plan_pause(observed), fake, sink)
    assert [node.op.display for node, _ in outcome.errors] == ["p-web-1"]
    assert fake.by_name("p-db-1").state == "paused"


def test_start_waits_for_the_dependency_to_be_healthy() -> None:
    fake, sink = engine(), RecordingSink()
    for c in fake.containers.values():
        c.state = "exited"
    fake.script["p-db-1"] = "healthy"
    observed = observe_project(fake, "p")
    outcome = run(plan_start(dependency_edges(None, observed), observed, {"db", "web"}), fake, sink)
    assert not outcome.failed
    assert fake.calls_of("start_container") == [("start_container", "p-db-1"), ("start_container", "p-web-1")]
    assert "Healthy" in [e.text for e in sink.events if e.name == "p-db-1"]
