"""Stale stacks on FakeEngine: grouping by project, who counts as stale, and their removal."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import time

import anyio
from fakes.engine import FakeEngine

from compose.api.owner import Liveness, RunOwner
from compose.api.reap import RunStack, reap, run_stacks, stale_stacks


def _dead_owner(run_id: str) -> RunOwner:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return dataclasses.replace(RunOwner.current(run_id, started=time.time() - 3600), pid=child.pid)


def _project(engine: FakeEngine, name: str, owner: RunOwner | None) -> None:
    labels = {"com.docker.compose.project": name, "com.docker.compose.service": "web",
              **(owner.labels() if owner else {})}
    engine.add_container(f"{name}-web-1", labels)
    engine.create_network({"Name": f"{name}_default", "Labels": labels})
    engine.create_volume({"Name": f"{name}_data", "Labels": labels})


def test_run_stacks_groups_resources_and_skips_unlabelled_projects() -> None:
    engine = FakeEngine()
    _project(engine, "dead", _dead_owner("r1"))
    _project(engine, "live", RunOwner.current("r2"))
    _project(engine, "byhand", None)
    found = {s.project: s for s in run_stacks(engine)}
    assert set(found) == {"dead", "live"}
    assert found["dead"].liveness is Liveness.DEAD
    assert found["live"].liveness is Liveness.ALIVE
    assert found["dead"].containers == ("dead-web-1",)
    assert found["dead"].networks == ("dead_default",)
    assert found["dead"].volumes == ("dead_data",)


def test_a_network_alone_still_makes_a_run_stack() -> None:
    engine = FakeEngine()
    labels = {"com.docker.compose.project": "half", **_dead_owner("r").labels()}
    engine.create_network({"Name": "half_default", "Labels": labels})
    assert [s.project for s in stale_stacks(engine)] == ["half"]


def test_stale_rules() -> None:
    now = time.time()
    owner = RunOwner.current("r", started=now - 600)
    dead = RunStack("p", owner, Liveness.DEAD)
    assert dead.stale(now=now)
    assert dead.stale(older_than=300, now=now)
    assert not dead.stale(older_than=900, now=now)
    unknown = RunStack("p", owner, Liveness.UNKNOWN)
    assert not unknown.stale(now=now)
    assert unknown.stale(any_host=True, now=now)
    alive = RunStack("p", owner, Liveness.ALIVE)
    assert not alive.stale(any_host=True, now=now)


def test_one_live_owner_keeps_the_whole_project() -> None:
    engine = FakeEngine()
    _project(engine, "mixed", _dead_owner("old"))
    labels = {"com.docker.compose.project": "mixed", "com.docker.compose.service": "db",
              **RunOwner.current("new").labels()}
    engine.add_container("mixed-db-1", labels)
    (stack,) = run_stacks(engine)
    assert stack.liveness is Liveness.ALIVE
    assert stack.owner.run_id == "new"
    assert stale_stacks(engine) == []


def test_reap_removes_stale_stacks_only() -> None:
    engine = FakeEngine()
    _project(engine, "dead", _dead_owner("r1"))
    _project(engine, "live", RunOwner.current("r2"))
    removed = anyio.run(reap, engine, stale_stacks(engine))
    assert removed == ["dead"]
    assert sorted(c.name for c in engine.containers.values()) == ["live-web-1"]
    assert sorted(engine.networks) == ["live_default"]
    assert sorted(engine.volumes) == ["live_data"]
