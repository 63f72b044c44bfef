"""AsyncStack on FakeEngine: waits, one-shot jobs, failures with diagnostics, teardown whatever happens."""

from __future__ import annotations

from pathlib import Path

import anyio
import pytest
from fakes.engine import FakeEngine

from compose.api import AsyncStack, Event, StackError, load_async
from compose.engine.port import LogLine

COMPOSE = """
services:
  init:
    image: img
    command: ["true"]
  db:
    image: img
    healthcheck: {test: ["CMD", "true"], interval: 1s}
  web:
    image: img
    depends_on:
      init: {condition: service_completed_successfully}
      db: {condition: service_healthy}
volumes:
  data: {}
"""


class TalkingEngine(FakeEngine):
    """A FakeEngine whose containers write a line when they start."""

    def start_container(self, id: str) -> None:
        c = self._get(id)
        c.logs.append(LogLine("stdout", f"{c.name} says hello"))
        super().start_container(id)
        if self.script.get(c.name) == "starting":  # a healthcheck that never passes nor fails
            self.set_health(c.name, "starting")


def make(tmp_path: Path, engine: FakeEngine, text: str = COMPOSE, **kw: object) -> AsyncStack:
    (tmp_path / "compose.yaml").write_text(text)
    loaded = load_async(tmp_path / "compose.yaml", project_name="t", inherit_env=False)
    return AsyncStack(loaded.project, engine=engine, environ={}, **kw)  # type: ignore[arg-type]


def engine() -> TalkingEngine:
    e = TalkingEngine(images={"img": "sha256:1"})
    e.script.update({"t-init-1": "exit:0", "t-db-1": "healthy"})
    return e


def test_up_waits_and_a_finished_init_job_is_not_a_failure(tmp_path: Path) -> None:
    fake = engine()
    events: list[Event] = []
    stack = make(tmp_path, fake, on_event=events.append)
    anyio.run(lambda: stack.up(wait=True, timeout=10))
    states = {c.service: (c.state, c.exit_code) for c in anyio.run(stack.ps)}
    assert states == {"init": ("exited", 0), "db": ("running", None), "web": ("running", None)}
    assert any(e.text == "Healthy" for e in events)


def test_running_tears_down_after_an_exception(tmp_path: Path) -> None:
    fake = engine()
    stack = make(tmp_path, fake)

    async def main() -> None:
        async with stack.running():
            assert len(fake.containers) == 3
            raise RuntimeError("the test failed")

    with pytest.raises(RuntimeError) as caught:
        anyio.run(main)
    assert not fake.containers and not fake.networks and not fake.volumes
    assert any("t-web-1" in note for note in caught.value.__notes__)  # diagnostics as a note


def test_a_failed_wait_raises_diagnostics_and_running_tears_down(tmp_path: Path) -> None:
    fake = engine()
    fake.script["t-db-1"] = "unhealthy"
    stack = make(tmp_path, fake)

    async def main() -> None:
        async with stack.running(timeout=10):
            raise AssertionError("never reached")

    with pytest.raises(StackError) as caught:
        anyio.run(main)
    diagnostics = caught.value.diagnostics
    assert diagnostics is not None
    db = diagnostics.container("db")
    assert db.failed and db.health == "unhealthy"
    assert db.logs == ("t-db-1 says hello",)
    assert diagnostics.container("web").state == "created"  # never started: its dependency failed
    assert "t-db-1 says hello" in str(caught.value)
    assert not fake.containers and not fake.networks and not fake.volumes


def test_a_failing_job_is_named_with_its_exit_code_and_logs(tmp_path: Path) -> None:
    fake = engine()
    fake.script["t-init-1"] = "exit:3"
    stack = make(tmp_path, fake)
    with pytest.raises(StackError) as caught:
        anyio.run(lambda: stack.up(timeout=10))
    assert caught.value.diagnostics is not None
    init = caught.value.diagnostics.container("init")
    assert (init.state, init.exit_code, init.failed) == ("exited", 3, True)
    assert "exited (3)" in str(caught.value)
    anyio.run(stack.down)
    assert not fake.containers


def test_timeout_blames_what_is_still_waiting(tmp_path: Path) -> None:
    fake = engine()
    fake.script["t-db-1"] = "starting"
    stack = make(tmp_path, fake)
    with pytest.raises(StackError) as caught:
        anyio.run(lambda: stack.up(timeout=0.5))
    assert "was not up within 0.5s" in str(caught.value)
    assert caught.value.diagnostics is not None
    assert any("t-db-1" in r for r in caught.value.diagnostics.reasons)
    anyio.run(stack.down)
    assert not fake.containers


def test_down_removes_one_off_containers_and_volumes(tmp_path: Path) -> None:
    fake = engine()
    stack = make(tmp_path, fake)
    anyio.run(lambda: stack.up(wait=False))
    fake.add_container("t-web-run-0123456789ab", {"com.docker.compose.project": "t",
                                                  "com.docker.compose.service": "web",
                                                  "com.docker.compose.oneoff": "True"})
    anyio.run(stack.down)
    assert not fake.containers and not fake.networks and not fake.volumes


def test_keyboard_interrupt_in_the_block_still_tears_down(tmp_path: Path) -> None:
    fake = engine()
    stack = make(tmp_path, fake)

    async def main() -> None:
        async with stack.running():
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        anyio.run(main)
    assert not fake.containers and not fake.networks and not fake.volumes


def test_run_labels_go_on_every_resource(tmp_path: Path) -> None:
    from compose.api.owner import RunOwner

    fake = engine()
    stack = make(tmp_path, fake, owner=RunOwner.current("run42"))
    anyio.run(lambda: stack.up(wait=False))
    assert all(c.labels.get("io.pycompose.run.id") == "run42" for c in fake.containers.values())
    assert all(n.labels.get("io.pycompose.run.id") == "run42" for n in fake.networks.values())
    assert all(v.labels.get("io.pycompose.run.id") == "run42" for v in fake.volumes.values())
    anyio.run(stack.down)


def test_the_sync_stack_refuses_to_run_inside_an_event_loop(tmp_path: Path) -> None:
    from compose.api import Stack

    stack = Stack(make(tmp_path, engine()))

    async def main() -> None:
        stack.ps()

    with pytest.raises(StackError, match=r"await the same methods of stack\.aio"):
        anyio.run(main)


def test_the_sync_stack_runs_the_same_core(tmp_path: Path) -> None:
    from compose.api import Stack

    fake = engine()
    stack = Stack(make(tmp_path, fake))
    with pytest.raises(ValueError), stack.running(timeout=10):
        assert {c.service for c in stack.ps()} == {"init", "db", "web"}
        raise ValueError
    assert not fake.containers and not fake.networks and not fake.volumes
