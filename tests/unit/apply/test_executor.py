"""The executor on FakeEngine: dependency order, results between nodes, failures, waits, events."""

from __future__ import annotations

import threading
from typing import Any

import anyio
import pytest
from fakes.engine import FakeEngine

from compose.apply.events import RecordingSink, Status
from compose.apply.executor import Outcome, execute, tar_files
from compose.errors import EngineError
from compose.plan.ops import Dep, Operation, OpKind, Plan, PlanBuilder, Ref, WaitFor

pytestmark = pytest.mark.anyio

LABELS = {"com.docker.compose.project": "p", "com.docker.compose.service": "web"}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def body(image: str = "img") -> dict[str, object]:
    return {"Image": image, "Labels": dict(LABELS)}


def container(b: PlanBuilder, name: str, after: list[int] | None = None, *, start: bool = True) -> int:
    created = b.add(Operation(OpKind.CREATE_CONTAINER, f"service:{name}:1", name=name, body=body()), after or [])
    if not start:
        return created
    return b.add(Operation(OpKind.START_CONTAINER, f"service:{name}:1", target=Ref(created), display=name),
                 [created])


def run(plan: Plan, engine: FakeEngine, sink: RecordingSink | None = None, **kw: object) -> Outcome:
    async def main() -> Outcome:
        return await execute(plan, engine, sink or RecordingSink(), project="p", **kw)  # type: ignore[arg-type]

    return anyio.run(main)


async def test_runs_in_dependency_order_and_passes_ids() -> None:
    engine = FakeEngine(images={"img": "sha256:1"})
    b = PlanBuilder()
    net = b.add(Operation(OpKind.CREATE_NETWORK, "network:default", name="p_default",
                          body={"Name": "p_default", "Labels": LABELS}))
    db = container(b, "p-db-1", [net])
    container(b, "p-web-1", [net, db])
    outcome = await execute(b.build(), engine, RecordingSink(), project="p")
    assert not outcome.failed
    order = [c[:2] for c in engine.calls]
    assert order.index(("create_network", "p_default")) < order.index(("create_container", "p-db-1"))
    assert order.index(("start_container", "p-db-1")) < order.index(("start_container", "p-web-1"))
    assert engine.by_name("p-web-1").state == "running"
    assert outcome.value(2) == engine.by_name("p-db-1").id


async def test_failure_skips_dependents_but_not_independent_branches() -> None:
    engine = FakeEngine(images={"img": "sha256:1"})
    engine.fail[("start_container", "p-db-1")] = EngineError("port is already allocated", status=500)
    b = PlanBuilder()
    db = container(b, "p-db-1")
    container(b, "p-web-1", [db])
    container(b, "p-other-1")
    sink = RecordingSink()
    outcome = await execute(b.build(), engine, sink, project="p")
    assert outcome.failed
    assert [(n.id, msg) for n, msg in outcome.errors] == [(2, "port is already allocated")]
    assert outcome.results[3].status is Status.SKIPPED  # create of web
    assert outcome.results[4].status is Status.SKIPPED
    assert engine.by_name("p-other-1").state == "running"
    assert ("create_container", "p-web-1") not in engine.calls
    assert [e.text for e in sink.events if e.resource == "service:p-web-1:1"] == ["Skipped", "Skipped"]


async def test_optional_dependency_failure_only_warns() -> None:
    engine = FakeEngine(images={"img": "sha256:1"})
    engine.fail[("start_container", "p-db-1")] = EngineError("boom")
    b = PlanBuilder()
    db = container(b, "p-db-1")
    created = b.add(Operation(OpKind.CREATE_CONTAINER, "service:web:1", name="p-web-1", body=body()))
    b.add(Operation(OpKind.START_CONTAINER, "service:web:1", target=Ref(created)), [created, Dep(db, required=False)])
    sink = RecordingSink()
    outcome = await execute(b.build(), engine, sink, project="p")
    assert engine.by_name("p-web-1").state == "running"
    assert [n.id for n, _ in outcome.errors] == [db]
    assert any(e.status is Status.WARNING and "optional dependency" in e.detail for e in sink.events)


async def test_wait_healthy_then_dependent_starts() -> None:
    engine = FakeEngine(images={"img": "sha256:1"})
    engine.script["p-db-1"] = "healthy"
    b = PlanBuilder()
    db = container(b, "p-db-1")
    wait = b.add(Operation(OpKind.WAIT_CONTAINER, "service:db:1", target=Ref(db), display="p-db-1",
                           args={"condition": WaitFor.HEALTHY}), [db])
    container(b, "p-web-1", [wait])
    sink = RecordingSink()
    outcome = await execute(b.build(), engine, sink, project="p")
    assert not outcome.failed, outcome.errors
    assert sink.texts("service:db:1") == ["Waiting", "Healthy"]
    assert engine.by_name("p-web-1").state == "running"


@pytest.mark.parametrize(
    ("script", "condition", "error"),
    [
        ("unhealthy", WaitFor.HEALTHY, "container p-db-1 is unhealthy"),
        ("exit:3", WaitFor.HEALTHY, "container p-db-1 exited with code 3 before it was healthy"),
        ("run", WaitFor.HEALTHY, "container p-db-1 has no healthcheck configured"),
        ("exit:2", WaitFor.COMPLETED, "container p-db-1 exited with code 2"),
        ("exit:1", WaitFor.READY, "container p-db-1 exited with code 1"),
    ],
)
async def test_wait_failures(script: str, condition: WaitFor, error: str) -> None:
    engine = FakeEngine(images={"img": "sha256:1"})
    engine.script["p-db-1"] = script
    b = PlanBuilder()
    db = container(b, "p-db-1")
    wait = b.add(Operation(OpKind.WAIT_CONTAINER, "service:db:1", target=Ref(db), display="p-db-1",
                           args={"condition": condition}), [db])
    container(b, "p-web-1", [wait])
    outcome = await execute(b.build(), engine, RecordingSink(), project="p")
    assert [(n.id, msg) for n, msg in outcome.errors] == [(wait, error)]
    assert ("create_container", "p-web-1") not in engine.calls


@pytest.mark.parametrize("script", ["exit:0", "healthy", "run"])
async def test_ready_accepts_clean_exit_health_and_running(script: str) -> None:
    engine = FakeEngine(images={"img": "sha256:1"})
    engine.script["p-job-1"] = script
    b = PlanBuilder()
    job = container(b, "p-job-1")
    b.add(Operation(OpKind.WAIT_CONTAINER, "service:job:1", target=Ref(job), args={"condition": WaitFor.READY}),
          [job])
    outcome = await execute(b.build(), engine, RecordingSink(), project="p")
    assert not outcome.failed, outcome.errors


async def test_wait_is_woken_by_events_and_times_out() -> None:
    engine = FakeEngine(images={"img": "sha256:1"})
    engine.add_container("p-db-1", LABELS, state="running", health="starting")
    db_id = engine.by_name("p-db-1").id
    b = PlanBuilder()
    b.add(Operation(OpKind.WAIT_CONTAINER, "service:db:1", target=db_id, display="p-db-1",
                    args={"condition": WaitFor.HEALTHY, "timeout": 0.3}))
    plan = b.build()

    async def later() -> None:
        await anyio.sleep(0.1)
        await anyio.to_thread.run_sync(engine.set_health, "p-db-1", "healthy")

    async with anyio.create_task_group() as group:
        group.start_soon(later)
        outcome = await execute(plan, engine, RecordingSink(), project="p")
    assert not outcome.failed, outcome.errors

    engine.by_name("p-db-1").health = "starting"
    outcome = await execute(plan, engine, RecordingSink(), project="p")
    assert [msg for _, msg in outcome.errors] == ["container p-db-1 was not healthy within 0.3s"]


async def test_starts_are_serialised_and_parallelism_is_bounded() -> None:
    engine = FakeEngine(images={"img": "sha256:1"})
    active = 0
    peak = 0
    real_create = engine.create_container

    def slow_create(name: str, body: object) -> str:
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        import time

        time.sleep(0.05)
        active -= 1
        return real_create(name, body)  # type: ignore[arg-type]

    engine.create_container = slow_create  # type: ignore[method-assign]
    b = PlanBuilder()
    for i in range(6):
        container(b, f"p-s{i}-1")
    outcome = await execute(b.build(), engine, RecordingSink(), project="p", limiter=anyio.CapacityLimiter(2))
    assert not outcome.failed
    assert peak == 2


async def test_events_tell_recreate_and_errors() -> None:
    engine = FakeEngine(images={"img": "sha256:1"})
    old = engine.add_container("p-web-1", LABELS)
    b = PlanBuilder()
    created = b.add(Operation(OpKind.CREATE_CONTAINER, "service:web:1", name=f"{old.id[:12]}_p-web-1",
                              display="p-web-1", body=body(), args={"replaces": old.id}))
    stop = b.add(Operation(OpKind.STOP_CONTAINER, "service:web:1", target=old.id, display="p-web-1"), [created])
    remove = b.add(Operation(OpKind.REMOVE_CONTAINER, "service:web:1", target=old.id, display="p-web-1"), [stop])
    rename = b.add(Operation(OpKind.RENAME_CONTAINER, "service:web:1", target=Ref(created), name="p-web-1"),
                   [remove])
    b.add(Operation(OpKind.START_CONTAINER, "service:web:1", target=Ref(created), display="p-web-1"), [rename])
    sink = RecordingSink()
    outcome = await execute(b.build(), engine, sink, project="p")
    assert not outcome.failed
    assert sink.texts() == ["Recreate", "Recreated", "Stopping", "Stopped", "Removing", "Removed",
                            "Starting", "Started"]
    assert {e.display for e in sink.events} == {"Container p-web-1"}
    assert [c.name for c in engine.containers.values()] == ["p-web-1"]
    assert engine.by_name("p-web-1").id != old.id


async def test_pull_failure_is_reported_and_blocks_the_container() -> None:
    engine = FakeEngine()
    engine.pullable["ok:1"] = "sha256:ok"
    b = PlanBuilder()
    bad = b.add(Operation(OpKind.PULL_IMAGE, "image:nope:1", target="nope:1"))
    good = b.add(Operation(OpKind.PULL_IMAGE, "image:ok:1", target="ok:1"))
    b.add(Operation(OpKind.CREATE_CONTAINER, "service:a:1", name="p-a-1", body=body("nope:1")), [bad])
    b.add(Operation(OpKind.CREATE_CONTAINER, "service:b:1", name="p-b-1", body=body("ok:1")), [good])
    sink = RecordingSink()
    outcome = await execute(b.build(), engine, sink, project="p")
    assert [msg for _, msg in outcome.errors] == ["pull access denied for nope:1"]
    assert engine.images["ok:1"] == "sha256:ok"
    assert "p-b-1" in {c.name for c in engine.containers.values()}
    assert any(e.text == "Pulling" and e.total == 2 for e in sink.events)


async def test_copy_files_puts_a_tar_into_the_container() -> None:
    engine = FakeEngine(images={"img": "sha256:1"})
    b = PlanBuilder()
    created = b.add(Operation(OpKind.CREATE_CONTAINER, "service:web:1", name="p-web-1", body=body()))
    b.add(Operation(OpKind.COPY_FILES, "service:web:1", target=Ref(created),
                    args={"files": {"/run/secrets/token": ("s3cret", 0o400, 0, 0)}}), [created])
    outcome = await execute(b.build(), engine, RecordingSink(), project="p")
    assert not outcome.failed
    assert engine.by_name("p-web-1").files == {"/run/secrets/token": b"s3cret"}


def test_tar_files_modes() -> None:
    import io
    import tarfile

    data = tar_files({"/a/b": "x", "/c": (b"yy", 0o600, 1, 2)})
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        members = {m.name: (m.mode, m.uid, m.gid, m.size) for m in tar.getmembers()}
    assert members == {"a/b": (0o444, 0, 0, 1), "c": (0o600, 1, 2, 2)}


@pytest.mark.parametrize(("ports", "peak_wanted"), [(True, 1), (False, 3)])
async def test_only_starts_publishing_ports_are_serialised(ports: bool, peak_wanted: int) -> None:
    engine = FakeEngine(images={"img": "sha256:1"})
    active = 0
    peak = 0
    real_start = engine.start_container

    def slow_start(cid: str) -> None:
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        import time

        time.sleep(0.1)
        active -= 1
        real_start(cid)

    engine.start_container = slow_start  # type: ignore[method-assign]
    b = PlanBuilder()
    for i in range(3):
        created = b.add(Operation(OpKind.CREATE_CONTAINER, f"service:s{i}:1", name=f"p-s{i}-1", body=body()))
        b.add(Operation(OpKind.START_CONTAINER, f"service:s{i}:1", target=Ref(created),
                        args={"ports": True} if ports else {}), [created])
    outcome = await execute(b.build(), engine, RecordingSink(), project="p")
    assert not outcome.failed
    assert peak == peak_wanted


class CleanupAfterExit(FakeEngine):
    """Like engine 20.10: the stop call of ``slow`` returns only after the container's process died
    (the ``die`` event) and its network and mounts were released, here until ``released`` is set."""

    def __init__(self, slow: str, **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.slow = slow
        self.released = threading.Event()
        self.stopping_while_cleaning: list[str] = []

    def stop_container(self, id: str, *, timeout: int | None = None) -> None:
        super().stop_container(id, timeout=timeout)
        name = self._get(id).name
        if name == self.slow:
            self.released.wait(5)
        elif not self.released.is_set():
            self.stopping_while_cleaning.append(name)


def exit_chain(engine: FakeEngine) -> Plan:
    """web depends on db: db stops once web has exited."""
    web = engine.add_container("p-web-1", LABELS)
    db = engine.add_container("p-db-1", LABELS)
    b = PlanBuilder()
    first = b.add(Operation(OpKind.STOP_CONTAINER, "service:web:1", target=web.id, display="p-web-1"))
    b.add(Operation(OpKind.STOP_CONTAINER, "service:db:1", target=db.id, display="p-db-1"),
          [Dep(first, exited=True)])
    return b.build()


async def test_an_exit_edge_starts_the_next_stop_at_the_die_event() -> None:
    engine = CleanupAfterExit("p-web-1")
    plan = exit_chain(engine)
    async with anyio.create_task_group() as group:
        async def release_when_db_stopped() -> None:
            while ("stop_container", "p-db-1") not in engine.calls:
                await anyio.sleep(0.01)
            engine.released.set()
        group.start_soon(release_when_db_stopped)
        with anyio.fail_after(3):
            outcome = await execute(plan, engine, RecordingSink(), project="p")
    assert not outcome.failed, outcome.errors
    assert engine.calls_of("stop_container") == [("stop_container", "p-web-1"), ("stop_container", "p-db-1")]
    assert engine.stopping_while_cleaning == ["p-db-1"]  # web's call had not returned yet


async def test_an_exit_edge_without_an_event_stream_waits_for_the_call() -> None:
    class NoEvents(CleanupAfterExit):
        def events(self, **kw: object) -> Any:  # type: ignore[override]
            raise EngineError("events are not available", status=500)

    engine = NoEvents("p-web-1")
    engine.released.set()
    outcome = await execute(exit_chain(engine), engine, RecordingSink(), project="p")
    assert not outcome.failed, outcome.errors
    assert engine.calls_of("stop_container") == [("stop_container", "p-web-1"), ("stop_container", "p-db-1")]


async def test_an_exit_edge_on_a_failed_stop_skips_the_next_one() -> None:
    engine = FakeEngine()
    engine.fail[("stop_container", "p-web-1")] = EngineError("cannot stop", status=500)
    outcome = await execute(exit_chain(engine), engine, RecordingSink(), project="p")
    assert [msg for _, msg in outcome.errors] == ["cannot stop"]
    assert outcome.results[2].status is Status.SKIPPED
    assert engine.by_name("p-db-1").state == "running"
