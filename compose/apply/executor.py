"""execute(plan, engine, sink): run every node of a plan as soon as its dependencies allow.

One anyio task per node. A node waits for the nodes it depends on; if one of
its *required* dependencies failed or was skipped, it is skipped ("upstream
failed") without calling the engine; a failed optional dependency (``required:
false``) only produces a warning. Independent branches keep going after a
failure, so one broken service does not stop the others (v1's UpstreamError
semantics; documented in docs/up.md). Engine calls are blocking SDK calls made
in worker threads, bounded by one ``CapacityLimiter`` (``--parallel``); a
cancelled run abandons the calls in flight (a stop waiting out a grace period
must not delay the kill that a second Ctrl-C asks for).
Starts of containers that publish ports are serialised: Engine 20.10
allocates host ports non-atomically (v2 once had a global start mutex for this;
v2.40 starts in parallel); other starts run in parallel. Results flow between nodes through ``results``:
a ``Ref(n)`` target reads the id node ``n`` produced.
"""

from __future__ import annotations

import io
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import anyio
import anyio.to_thread

from compose._record import record
from compose.apply import images
from compose.apply._threads import to_loop
from compose.apply.events import Event, EventSink, Status
from compose.apply.hooks import HookOutput, run_hooks
from compose.apply.waits import ContainerWatch
from compose.engine.port import Engine, PullProgress
from compose.errors import ApplyError, ComposeError, EngineNotFound
from compose.plan.observed import name_in_project
from compose.plan.ops import OpKind, Plan, PlanNode, Ref, WaitFor

__all__ = ["NodeResult", "Outcome", "execute"]

# kind -> (word views print, text while working, text when done); None: a silent step of another one.
_TEXTS: Mapping[OpKind, tuple[str, str, str] | None] = {
    OpKind.PULL_IMAGE: ("Image", "Pulling", "Pulled"),
    OpKind.CREATE_NETWORK: ("Network", "Creating", "Created"),
    OpKind.CREATE_VOLUME: ("Volume", "Creating", "Created"),
    OpKind.CREATE_CONTAINER: ("Container", "Creating", "Created"),
    OpKind.CONNECT_NETWORK: None,
    OpKind.COPY_FILES: None,
    OpKind.START_CONTAINER: ("Container", "Starting", "Started"),
    OpKind.WAIT_CONTAINER: ("Container", "Waiting", "Ready"),
    OpKind.STOP_CONTAINER: ("Container", "Stopping", "Stopped"),
    OpKind.KILL_CONTAINER: ("Container", "Killing", "Killed"),
    OpKind.REMOVE_CONTAINER: ("Container", "Removing", "Removed"),
    OpKind.RENAME_CONTAINER: None,
    OpKind.REMOVE_NETWORK: ("Network", "Removing", "Removed"),
    OpKind.REMOVE_VOLUME: ("Volume", "Removing", "Removed"),
    OpKind.REMOVE_IMAGE: ("Image", "Removing", "Removed"),
    OpKind.BUILD_IMAGE: ("Service", "Building", "Built"),
    OpKind.PUSH_IMAGE: ("Image", "Pushing", "Pushed"),
    OpKind.RESTART_CONTAINER: ("Container", "Restarting", "Started"),
    OpKind.PAUSE_CONTAINER: ("Container", "Pausing", "Paused"),
    OpKind.UNPAUSE_CONTAINER: ("Container", "Unpausing", "Unpaused"),
    OpKind.RUN_HOOK: None,
}
_KIND_WORDS = {"service": "Container", "network": "Network", "volume": "Volume", "image": "Image"}


@record
class NodeResult:
    status: Status
    value: str = ""
    """What the node produced: a created object's id, else the id it acted on."""
    error: str = ""
    seconds: float = 0.0


@record
class Outcome:
    plan: Plan
    results: Mapping[int, NodeResult]

    @property
    def failed(self) -> bool:
        return any(r.status is Status.ERROR for r in self.results.values())

    @property
    def errors(self) -> list[tuple[PlanNode, str]]:
        return [(self.plan.node(i), r.error) for i, r in sorted(self.results.items()) if r.status is Status.ERROR]

    def value(self, node: int) -> str:
        return self.results[node].value


async def execute(
    plan: Plan,
    engine: Engine,
    sink: EventSink,
    *,
    project: str,
    limiter: anyio.CapacityLimiter | None = None,
    watch: ContainerWatch | None = None,
    on_output: HookOutput | None = None,
) -> Outcome:
    """Run ``plan`` on ``engine``; every node gets a result (done, error or skipped). Never raises
    ``ComposeError`` for a failed node: read ``Outcome.failed``/``errors``. ``on_output`` gets the
    lines lifecycle hooks print (none shown without it)."""
    run = _Run(plan, engine, sink, limiter or anyio.CapacityLimiter(64))
    run.on_output, run.project = on_output, project
    async with anyio.create_task_group() as group:
        if watch is None and (plan.of_kind(OpKind.WAIT_CONTAINER) or run.exited):
            run.watch = await group.start(_own_watch, engine, project)
        else:
            run.watch = watch
        async with anyio.create_task_group() as nodes:
            for node in plan.nodes:
                nodes.start_soon(run.node, node)
        group.cancel_scope.cancel()
    return Outcome(plan, dict(run.results))


async def _own_watch(engine: Engine, project: str, *, task_status: Any = anyio.TASK_STATUS_IGNORED) -> None:
    async with ContainerWatch(engine, project) as watch:
        task_status.started(watch)
        await anyio.sleep_forever()


class _Run:
    def __init__(self, plan: Plan, engine: Engine, sink: EventSink, limiter: anyio.CapacityLimiter) -> None:
        self.plan = plan
        self.engine = engine
        self.sink = sink
        self.limiter = limiter
        self.watch: ContainerWatch | None = None
        self.results: dict[int, NodeResult] = {}
        self.finished = {n.id: anyio.Event() for n in plan.nodes}
        self.exited = {d.node: anyio.Event() for n in plan.nodes for d in n.depends_on if d.exited}
        """Stop nodes some node waits on only until their container's process has exited."""
        self.start_lock = anyio.Lock()
        self.on_output: HookOutput | None = None
        self.project = ""
        self.seen: dict[int, str] = {}
        self.handlers: Mapping[OpKind, Callable[[PlanNode], Awaitable[str]]] = {
            OpKind.PULL_IMAGE: self._pull,
            OpKind.CREATE_NETWORK: lambda n: self._call(self.engine.create_network, n.op.body),
            OpKind.CREATE_VOLUME: lambda n: self._call(self.engine.create_volume, n.op.body),
            OpKind.CREATE_CONTAINER: lambda n: self._call(self.engine.create_container, n.op.name, n.op.body),
            OpKind.CONNECT_NETWORK: self._connect,
            OpKind.COPY_FILES: self._copy,
            OpKind.START_CONTAINER: self._start,
            OpKind.WAIT_CONTAINER: self._wait,
            OpKind.STOP_CONTAINER: lambda n: self._ending(
                n, lambda t: self.engine.stop_container(t, timeout=n.op.args.get("timeout"))),
            OpKind.KILL_CONTAINER: lambda n: self._ending(
                n, lambda t: self.engine.kill_container(t, signal=n.op.args.get("signal", "SIGKILL"))),
            OpKind.REMOVE_CONTAINER: lambda n: self._on_target(n, lambda t: self.engine.remove_container(
                t, force=bool(n.op.args.get("force", False)), volumes=bool(n.op.args.get("volumes", False)))),
            OpKind.RENAME_CONTAINER: lambda n: self._on_target(
                n, lambda t: self.engine.rename_container(t, n.op.name)),
            OpKind.REMOVE_NETWORK: lambda n: self._on_target(n, self.engine.remove_network),
            OpKind.REMOVE_VOLUME: lambda n: self._on_target(n, self.engine.remove_volume),
            OpKind.REMOVE_IMAGE: lambda n: self._on_target(n, self.engine.remove_image),
            OpKind.BUILD_IMAGE: lambda n: images.build(self.engine, n, self.limiter, self.sink.on),
            OpKind.PUSH_IMAGE: lambda n: images.push(self.engine, n, self.limiter, self.sink.on),
            OpKind.RESTART_CONTAINER: lambda n: self._on_target(
                n, lambda t: self.engine.restart_container(t, timeout=n.op.args.get("timeout"))),
            OpKind.PAUSE_CONTAINER: lambda n: self._on_target(n, self.engine.pause_container),
            OpKind.UNPAUSE_CONTAINER: lambda n: self._on_target(n, self.engine.unpause_container),
            OpKind.RUN_HOOK: self._hooks,
        }

    # -- one node
    async def node(self, node: PlanNode) -> None:
        try:
            for dep in node.depends_on:
                await (self.exited if dep.exited else self.finished)[dep.node].wait()
            upstream = self._upstream_failure(node)
            if upstream:
                self._finish(node, NodeResult(Status.SKIPPED, error=upstream), "Skipped", upstream)
                return
            await self._run(node)
        finally:
            self.finished[node.id].set()
            if node.id in self.exited:
                self.exited[node.id].set()

    def _upstream_failure(self, node: PlanNode) -> str:
        for dep in node.depends_on:
            result = self.results.get(dep.node)  # none yet: a stop whose container has exited
            if result is not None and result.status in (Status.ERROR, Status.SKIPPED):
                if dep.required:
                    return f"{self.plan.node(dep.node).op.resource} failed"
                self._emit(node, Status.WARNING, "Warning",
                           f"optional dependency {self.plan.node(dep.node).op.resource} failed; going on")
        return ""

    async def _run(self, node: PlanNode) -> None:
        texts = self._texts(node)
        if texts:
            self._emit(node, Status.WORKING, texts[1])
        began = time.monotonic()
        try:
            handler = self.handlers.get(node.op.kind)
            if handler is None:
                raise ApplyError(f"{node.op.kind.title} is not something this executor can do",
                                 resource=node.op.resource)
            value = await handler(node)
        except ComposeError as exc:
            message = exc.message or str(exc)
            self._finish(node, NodeResult(Status.ERROR, error=message, seconds=time.monotonic() - began),
                         "Error", message)
            return
        result = NodeResult(Status.DONE, value=value, seconds=time.monotonic() - began)
        self.results[node.id] = result
        if texts:
            self._emit(node, Status.DONE, self._done_text(node, texts[2]))

    def _finish(self, node: PlanNode, result: NodeResult, text: str, detail: str) -> None:
        self.results[node.id] = result
        self._emit(node, result.status, text, detail)

    def _texts(self, node: PlanNode) -> tuple[str, str, str] | None:
        texts = _TEXTS.get(node.op.kind)
        if texts and node.op.kind is OpKind.CREATE_CONTAINER and node.op.args.get("replaces"):
            return (texts[0], "Recreate", "Recreated")
        return texts

    def _done_text(self, node: PlanNode, default: str) -> str:
        """A wait says what it saw: Healthy, Exited or Running."""
        return self.seen.get(node.id, default)

    def _emit(self, node: PlanNode, status: Status, text: str, detail: str = "", current: int = 0,
              total: int = 0) -> None:
        texts = _TEXTS.get(node.op.kind)
        word = texts[0] if texts else _KIND_WORDS.get(node.op.resource.partition(":")[0], "")
        self.sink.on(Event(node.op.resource, word, node.op.label, status, text, detail, current, total))

    # -- handlers
    def _target(self, node: PlanNode) -> str:
        target = node.op.target
        if isinstance(target, Ref):
            result = self.results.get(target.node)
            if result is None or result.status is not Status.DONE:
                raise ApplyError(f"{node.op.resource}: node {target} produced no id", resource=node.op.resource)
            return result.value
        return target

    async def _call(self, fn: Callable[..., Any], *args: Any) -> str:
        return str(await anyio.to_thread.run_sync(lambda: fn(*args), limiter=self.limiter, abandon_on_cancel=True))

    async def _on_target(self, node: PlanNode, fn: Callable[[str], object]) -> str:
        target = self._target(node)
        try:
            await anyio.to_thread.run_sync(fn, target, limiter=self.limiter, abandon_on_cancel=True)
        except EngineNotFound:
            if not node.op.args.get("missing_ok"):
                raise
        return target

    async def _ending(self, node: PlanNode, fn: Callable[[str], object]) -> str:
        """A stop or kill; when a node waits only for the container to exit, the engine's ``die``
        event releases it (the stream is open before the call, so the event cannot pass unseen)."""
        exited = self.exited.get(node.id)
        if exited is not None and self.watch is not None:
            target = self._target(node)
            try:
                await self.watch.open()
            except ComposeError:  # no event stream: the dependents wait for the call to return
                pass
            else:
                self.watch.on_exit(target, exited.set)
        return await self._on_target(node, fn)

    async def _connect(self, node: PlanNode) -> str:
        network = str(node.op.args["network"])
        endpoint = node.op.args.get("endpoint")
        return await self._on_target(node, lambda t: self.engine.connect_network(network, t, endpoint))

    async def _copy(self, node: PlanNode) -> str:
        archive = tar_files(node.op.args["files"])
        return await self._on_target(node, lambda t: self.engine.copy_into(t, "/", archive))

    async def _start(self, node: PlanNode) -> str:
        """Starts that publish ports (``ports`` arg) are serialised: the engine allocates host ports
        non-atomically, so two concurrent starts can both be given the same ephemeral port."""
        target = self._target(node)
        if node.op.args.get("ports"):
            async with self.start_lock:
                await self._start_call(target)
        else:
            await self._start_call(target)
        return target

    async def _start_call(self, target: str) -> None:
        await anyio.to_thread.run_sync(self.engine.start_container, target, limiter=self.limiter,
                                       abandon_on_cancel=True)

    async def _hooks(self, node: PlanNode) -> str:
        target = self._target(node)
        service = str(node.op.args.get("service", ""))
        source = name_in_project(self.project, node.op.label) + " ->"
        sink = self.on_output
        report = None if sink is None else (lambda s, line: to_loop(sink, s, line))
        await anyio.to_thread.run_sync(
            lambda: run_hooks(self.engine, target, node.op.args.get("hooks", ()), service=service, source=source,
                              resource=node.op.resource, on_output=report),
            limiter=self.limiter, abandon_on_cancel=True)
        return target

    async def _wait(self, node: PlanNode) -> str:
        assert self.watch is not None
        target = self._target(node)
        condition = node.op.args.get("condition", WaitFor.READY)
        timeout = node.op.args.get("timeout")
        state = await self.watch.wait(target, condition, timeout=timeout, label=node.op.label)
        self.seen[node.id] = ("Healthy" if state.health == "healthy"
                              else "Exited" if state.status in ("exited", "dead") else "Running")
        return target

    async def _pull(self, node: PlanNode) -> str:
        def progress(p: PullProgress) -> None:
            to_loop(self.sink.on, images.progress_event(node, "Pulling", p))

        ref = self._target(node)
        platform = node.op.args.get("platform")
        return str(await anyio.to_thread.run_sync(
            lambda: self.engine.pull_image(ref, platform=platform, progress=progress), limiter=self.limiter, abandon_on_cancel=True))


def tar_files(files: Mapping[str, Any]) -> bytes:
    """A tar archive of ``{absolute path: text or bytes, or (content, mode, uid, gid)}`` rooted at /."""
    import tarfile  # only when secrets or configs are copied in (~5-10 ms to import here)

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for path, spec in sorted(files.items()):
            content, mode, uid, gid = spec if isinstance(spec, tuple) else (spec, 0o444, 0, 0)
            data = content.encode() if isinstance(content, str) else bytes(content)
            info = tarfile.TarInfo(path.lstrip("/"))
            info.size, info.mode, info.uid, info.gid, info.mtime = len(data), mode, uid, gid, int(time.time())
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()
