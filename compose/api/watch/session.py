"""A watch session: file events (watchfiles, Rust-backed inotify) -> batches -> actions on the engine.

``WatchSession.run(stop)`` blocks until ``stop`` is set or Ctrl-C (``KeyboardInterrupt`` goes up to the
caller): a thread reads watchfiles' events into a queue, this thread feeds them to the ``Debouncer``
and handles each due batch as v2's ``handleWatchBatch``: rebuilds first (``compose.api.up``: build the
services' images, recreate their containers), then syncs (``sync.sync_changes``), restarts, execs.
A failing action is reported and watching goes on. ``watch_up`` is the ``up`` that ``watch`` runs
first (unless ``--no-up``): services with ``build`` and ``develop`` are always built, as in v2.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

from compose._record import field, record, replace
from compose.api.watch.archive import split_changes
from compose.api.watch.batch import MAX_WAIT, QUIET_PERIOD, Debouncer
from compose.api.watch.rules import Mapping_, Rule, bind_mounted, compile_rules
from compose.api.watch.sync import containers_of, environment_list, run_in, sync_changes
from compose.engine.port import Engine
from compose.errors import ComposeError, EngineError
from compose.model.frozen import FrozenMap
from compose.model.project import Project
from compose.plan.observed import ObservedContainer
from compose.present import watch as say

if TYPE_CHECKING:
    from compose.api.up import UpResult
    from compose.apply.executor import Outcome
    from compose.plan.ops import Plan

__all__ = ["WatchOptions", "WatchSession", "watch_roots", "watch_up"]



@record
class WatchOptions:
    """How a session behaves (``watch``'s flags, and knobs for tests)."""

    services: tuple[str, ...] = ()
    prune: bool = True
    """Remove the image a rebuild replaced when nothing else tags it (``--prune``)."""
    quiet: bool = False
    """Hide build output and what each batch does (``--quiet``); errors are still said."""
    quiet_period: float = QUIET_PERIOD
    max_wait: float = MAX_WAIT
    build_env: Mapping[str, str] = field(default_factory=dict)
    """The environment of builds (the engine connection's)."""


Say = Callable[[str], None]
_STEP_MS = 5
"""watchfiles hands changes over once none came for this long."""
_READY_MS = 100
"""How long the watcher may stay silent: its first (empty) answer tells the watches are set up."""


class WatchSession:
    """The rules of a project's services, and the loop that acts on their changes."""

    def __init__(self, engine: Engine, project: Project, options: WatchOptions, *,
                 run_plan: Callable[[str, Plan], Outcome], info: Say, error: Say,
                 output: Callable[[str, bytes], None] | None = None) -> None:
        self.engine = engine
        self.project = project
        self.options = options
        self.run_plan = run_plan
        self._info = info
        self.error = error
        self.output = output
        rules = compile_rules(project, options.services)
        self.rules: list[Rule] = []
        for rule in rules:
            if rule.syncs and bind_mounted(rule, project.services[rule.service]):
                error(say.skipped_bind_mount(rule.path))
                continue
            self.rules.append(rule)
        self.batches = 0
        self._listing: Future[list[ObservedContainer]] | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pycompose-watch-list")
        self._debug = os.environ.get("PYCOMPOSE_WATCH_DEBUG", "") not in ("", "0")
        self._first_seen = 0.0
        """Batches handled (tests and the bench wait on it)."""

    def info(self, text: str) -> None:
        if not self.options.quiet:
            self._info(text)

    # -- the loop
    def run(self, stop: threading.Event | None = None, *, ready: threading.Event | None = None) -> None:
        """Initial syncs, then watch until ``stop`` is set (Ctrl-C raises ``KeyboardInterrupt``)."""
        import watchfiles

        stop = stop or threading.Event()
        events: queue.Queue[tuple[float, set[str]] | BaseException] = queue.Queue()
        halt = threading.Event()
        watching = threading.Event()
        roots = watch_roots(self.rules)

        def reader() -> None:
            try:
                for changes in watchfiles.watch(*roots, watch_filter=None, debounce=200, step=_STEP_MS,
                                                stop_event=halt, rust_timeout=_READY_MS, yield_on_timeout=True,
                                                raise_interrupt=False, ignore_permission_denied=True):
                    watching.set()  # the first yield: the watches are in place (set up inside the generator)
                    if changes:  # watchfiles hands them over once no other came for a step: they are older
                        events.put((time.monotonic() - _STEP_MS / 1000, {path for _change, path in changes}))
            except BaseException as exc:  # the watcher died: say so in the loop
                events.put(exc)

        thread = threading.Thread(target=reader, name="pycompose-watch", daemon=True)
        thread.start()
        watching.wait(timeout=5)  # "Watch enabled" only once an edit cannot pass unseen
        try:
            self.initial_sync()
            self._info(say.enabled())
            if ready is not None:
                ready.set()
            debouncer = Debouncer(self.options.quiet_period, self.options.max_wait)
            while not stop.is_set():
                deadline = debouncer.deadline()
                wait = 0.25 if deadline is None else max(0.0, min(0.25, deadline - time.monotonic()))
                try:
                    item = events.get(timeout=wait)
                except queue.Empty:
                    item = None
                if isinstance(item, BaseException):
                    raise ComposeError(f"Watch disabled with errors: {item}") from item
                if item:
                    seen, paths = item
                    if not debouncer.pending:
                        self._first_seen = seen
                        self._prefetch()
                    debouncer.add(sorted(paths), seen)
                batch = debouncer.due(time.monotonic())
                if batch:
                    started = time.monotonic()
                    self.handle(batch)
                    if self._debug:
                        self._info(f"batch of {len(batch)}: handled in {(time.monotonic() - started) * 1000:.1f} ms, "
                                   f"{(started - self._first_seen) * 1000:.1f} ms after its first event")
        finally:
            halt.set()
            thread.join(timeout=2)
            self._pool.shutdown(wait=False)

    # -- one batch
    def handle(self, batch: Sequence[str]) -> None:
        """What v2's handleWatchBatch does with a batch of changed host paths; errors are said, not raised."""
        rebuild: dict[str, None] = {}
        restart: dict[str, None] = {}
        syncs: dict[str, dict[str, Mapping_]] = {}
        execs: dict[str, dict[int, Rule]] = {}
        for path in batch:
            for index, rule in enumerate(self.rules):
                mapping = rule.match(path)
                if mapping is None:
                    continue
                if rule.action == "rebuild":
                    rebuild[rule.service] = None
                elif rule.action == "restart":
                    restart[rule.service] = None
                else:
                    syncs.setdefault(rule.service, {}).setdefault(path, mapping)
                    if rule.action == "sync+restart":
                        restart[rule.service] = None
                    elif rule.action == "sync+exec":
                        execs.setdefault(rule.service, {})[index] = rule
        try:
            if rebuild:
                self.rebuild(tuple(rebuild))
                self._listing = None  # the containers were replaced
            for service, mappings in syncs.items():
                self.info(say.syncing(service, len(mappings)))
                self.sync(service, list(mappings.values()))
            if restart:
                self.restart(tuple(restart))
            for service, rules in execs.items():
                for rule in rules.values():
                    self.exec(service, rule)
        except ComposeError as exc:
            self.error(f"Error handling changed files: {exc}")
        finally:
            self._listing = None
            self.batches += 1

    def _prefetch(self) -> None:
        """List the project's containers while the batch's quiet period runs (its sync needs them)."""
        self._listing = self._pool.submit(self.engine.list_containers, self.project.name, all=True)

    def _containers(self, service: str, *, running: bool = False) -> list[ObservedContainer]:
        """The service's containers: the list made at the batch's first event, else a new one."""
        listing, self._listing = self._listing, None
        if listing is not None:
            try:
                found = [c for c in listing.result() if c.service == service and not c.oneoff
                         and (not running or c.state == "running")]
                self._listing = listing  # good for the other services of the same batch
                return sorted(found, key=lambda c: c.number)
            except EngineError:
                pass
        return containers_of(self.engine, self.project.name, service, running=running)

    def _matcher(self, service: str) -> Callable[[str], Mapping_ | None]:
        rules = [r for r in self.rules if r.service == service and r.syncs]

        def match(path: str) -> Mapping_ | None:
            for rule in rules:
                found = rule.match(path)
                if found is not None:
                    return found
            return None

        return match

    def sync(self, service: str, mappings: list[Mapping_]) -> None:
        changes = split_changes(mappings, self._matcher(service))
        sync_changes(self.engine, self._containers(service), changes)

    def initial_sync(self) -> None:
        """Every file below the path of each sync rule with ``initial_sync``, into the service's containers."""
        for rule in self.rules:
            if not (rule.initial_sync and rule.syncs and rule.target):
                continue
            if not os.path.exists(rule.path):
                continue
            changes = split_changes([Mapping_(rule.path, rule.target)], rule.match)
            containers = containers_of(self.engine, self.project.name, rule.service)
            files = sum(1 for host, _name in changes.copy if not os.path.isdir(host))
            self.info(say.initial_sync(rule.service, files))
            sync_changes(self.engine, containers, changes)

    def restart(self, services: tuple[str, ...]) -> None:
        containers = [c for s in services for c in containers_of(self.engine, self.project.name, s)]
        with ThreadPoolExecutor(max_workers=max(1, min(8, len(containers)))) as pool:
            list(pool.map(lambda c: self.engine.restart_container(c.id), containers))
        self.info(say.restarted(services))

    def exec(self, service: str, rule: Rule) -> None:
        hook = rule.exec
        assert hook is not None and hook.command
        for c in containers_of(self.engine, self.project.name, service, running=True):
            try:
                code = run_in(self.engine, c.id, hook.command, env=environment_list(hook.environment),
                              user=hook.user or "", workdir=hook.working_dir or "", privileged=hook.privileged,
                              output=self.output)
            except EngineError as exc:
                self.error(f'exec of service "{service}" in {c.name} failed: {exc}')
                continue
            if code != 0:
                self.error(say.exec_failed(service, c.name, code))

    def rebuild(self, services: tuple[str, ...]) -> None:
        """Build the services' images and recreate their containers, through ``compose.api.up``."""
        from compose.api.images import run_steps
        from compose.api.up import UpRequest, desired, up_steps
        from compose.plan.images import Build, BuildOptions
        from compose.plan.options import Recreate
        from compose.plan.options import UpOptions as PlanOptions

        self.info(say.rebuilding(services))
        refs = {s: self.project.services[s].image_or_default(self.project.name) for s in services}
        before = {s: self._image_id(ref) for s, ref in refs.items()}
        project = desired(self.project, services, with_deps=False)
        request = UpRequest(
            options=PlanOptions(services=services, recreate=Recreate.FORCE, recreate_dependencies=Recreate.NEVER),
            images=BuildOptions(build=Build.ALWAYS, quiet=self.options.quiet, env=dict(self.options.build_env)),
        )
        result: UpResult = run_steps(up_steps(self.engine, project, request), self.run_plan)
        if result.plan is None:
            self.error(say.build_failed(_failure(result.outcome)))
            return
        self.info(say.built(services))
        if result.failed:
            self.error(say.recreate_failed(_failure(result.outcome)))
        if self.options.prune:
            for s, ref in refs.items():
                self._prune(before[s], self._image_id(ref))

    def _image_id(self, ref: str) -> str | None:
        try:
            info = self.engine.inspect_image(ref)
        except EngineError:
            return None
        return info.id if info is not None else None

    def _prune(self, old: str | None, new: str | None) -> None:
        """Remove the image a rebuild replaced once it is dangling (no tag left), as v2's ``--prune``."""
        if not old or old == new:
            return
        try:
            info = self.engine.inspect_image(old)
            if info is not None and not info.tags:
                self.engine.remove_image(old)
        except EngineError:
            pass


def _failure(outcome: Outcome | None) -> str:
    if outcome is None:
        return "unknown error"
    return "; ".join(error for _node, error in outcome.errors) or "unknown error"


def watch_roots(rules: Sequence[Rule]) -> list[str]:
    """The directories to watch: each rule's path (a file's directory; the nearest existing ancestor
    of a path not there yet), without those inside another."""
    found = set()
    for rule in rules:
        path = rule.path
        if os.path.isfile(path):
            path = os.path.dirname(path)
        while not os.path.isdir(path) and os.path.dirname(path) != path:
            path = os.path.dirname(path)
        found.add(path)
    roots: list[str] = []
    for path in sorted(found):
        if not any(path == r or path.startswith(r.rstrip(os.sep) + os.sep) for r in roots):
            roots.append(path)
    return roots


def watch_up(engine: Engine, project: Project, services: tuple[str, ...], *,
             run_plan: Callable[[str, Plan], Outcome], quiet: bool = False,
             build_env: Mapping[str, str] | None = None) -> UpResult:
    """The ``up`` before watching: the services (and their dependencies) created and started, detached;
    the images of services with ``build`` and ``develop`` built (``pull_policy: build``), as v2 does."""
    from compose.api.images import run_steps
    from compose.api.up import UpRequest, desired, up_steps
    from compose.plan.images import BuildOptions
    from compose.plan.options import Recreate
    from compose.plan.options import UpOptions as PlanOptions

    built = FrozenMap((n, replace(s, pull_policy="build") if s.build is not None and s.develop is not None else s)
                      for n, s in project.services.items())
    selected = desired(replace(project, services=built), services)
    request = UpRequest(
        options=PlanOptions(services=services, recreate=Recreate.DIVERGED, recreate_dependencies=Recreate.NEVER),
        images=BuildOptions(quiet=quiet, env=dict(build_env or {})),
    )
    result: UpResult = run_steps(up_steps(engine, selected, request), run_plan)
    return result
