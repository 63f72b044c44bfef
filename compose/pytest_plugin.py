"""pytest plugin: compose stacks as fixtures (entry point ``pycompose``; ``-p no:pycompose`` disables it).

Declare a stack with the fixture factory (in a conftest.py or a test module)::

    from compose.pytest_plugin import stack_fixture

    app = stack_fixture("compose.yaml", scope="session")

    def test_home(app):
        assert urlopen(app.url("web", 80)).status == 200

or with the marker and the ``compose_stack`` fixture::

    @pytest.mark.compose("compose.yaml", scope="module", services=["web"])
    def test_home(compose_stack): ...

Relative compose file paths are relative to the file that declares the stack. Each
stack gets a project name unique to the run and the xdist worker
(``<prefix>-<run id>-<worker>-<fixture name>``), so parallel runs never collide; publish
ports without a host port (``ports: ["127.0.0.1::80"]``) and ask the stack where they
landed (``port``/``url``). Stacks are labelled with the run and the owning process;
``--compose-reap`` (or ``pycompose reap``) removes those of crashed runs and never
touches a live run's. A failing test's report gets a section per stack it used: the
state of each container and the last lines of their logs.

Options: ``--compose-keep`` leaves the stacks up after the run (stable project names
``<prefix>-<fixture name>``, not labelled with the run, so ``reap`` leaves them alone);
``--compose-reuse`` uses a stack that is already up under that stable name as it is
(``pycompose -p NAME up -d`` by hand, or a kept one), brings it up otherwise, and leaves it up.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import uuid
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pytest

from compose._record import field, record

if TYPE_CHECKING:
    from compose.api import Stack

__all__ = ["StackSpec", "stack_fixture"]

Scope = Literal["session", "package", "module", "class", "function"]
_SCOPES = ("session", "package", "module", "class", "function")


@record
class StackSpec:
    """What a stack fixture or ``compose`` marker declares (hashable: a stack is shared per spec and scope)."""

    files: tuple[str, ...]
    """Absolute paths of the compose files."""
    scope: Scope = "session"
    name: str | None = None
    """Base of the project name (default: the fixture's name)."""
    services: tuple[str, ...] = ()
    profiles: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = ()
    project_directory: str | None = None
    wait: bool = True
    timeout: float | None = None
    """Seconds ``up`` may take (default: ``--compose-timeout``)."""
    stop_timeout: int | None = None
    """Seconds each container gets to stop at teardown (default: its stop_grace_period)."""
    volumes: bool = True
    """Remove the stack's volumes at teardown."""
    build: bool = False


def _resolve(files: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], base: Path) -> tuple[str, ...]:
    items = [files] if isinstance(files, str | os.PathLike) else list(files)
    return tuple(str((base / os.fspath(f)).resolve()) for f in items)


def _spec(files: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], base: Path, *,
          scope: str = "session", name: str | None = None, services: Iterable[str] = (),
          profiles: Iterable[str] = (), env: Mapping[str, str] | None = None,
          project_directory: str | os.PathLike[str] | None = None, wait: bool = True,
          timeout: float | None = None, stop_timeout: int | None = None, volumes: bool = True,
          build: bool = False) -> StackSpec:
    if scope not in _SCOPES:
        raise ValueError(f"scope must be one of {', '.join(_SCOPES)}, not {scope!r}")
    directory = str(base / os.fspath(project_directory)) if project_directory is not None else None
    return StackSpec(files=_resolve(files, base), scope=scope, name=name, services=tuple(services),  # type: ignore[arg-type]
                     profiles=tuple(profiles), env=tuple(sorted((env or {}).items())),
                     project_directory=directory, wait=wait, timeout=timeout, stop_timeout=stop_timeout,
                     volumes=volumes, build=build)


def stack_fixture(files: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], *, scope: Scope = "session",
                  name: str | None = None, services: Iterable[str] = (), profiles: Iterable[str] = (),
                  env: Mapping[str, str] | None = None, project_directory: str | os.PathLike[str] | None = None,
                  wait: bool = True, timeout: float | None = None, stop_timeout: int | None = None,
                  volumes: bool = True, build: bool = False, autouse: bool = False) -> Any:
    """A pytest fixture (assign it to a name: that is the fixture's name) whose value is a running
    ``compose.Stack``, up (and waited for) before the first test of ``scope`` that uses it and taken
    down after the last. ``files`` are relative to the calling file. ``services``: only these (and
    their dependencies); ``env``: interpolation variables on top of the environment; ``timeout``:
    seconds ``up`` may take; ``stop_timeout``: seconds each container gets to stop at teardown."""
    caller = sys._getframe(1).f_code.co_filename  # inspect.stack() would read every frame's source
    spec = _spec(files, Path(caller).resolve().parent, scope=scope, name=name, services=services,
                 profiles=profiles, env=env, project_directory=project_directory, wait=wait, timeout=timeout,
                 stop_timeout=stop_timeout, volumes=volumes, build=build)

    def _stack(request: pytest.FixtureRequest) -> Iterator[Stack]:
        manager = _manager(request.config)
        stack = manager.start(spec, spec.name or request.fixturename or "stack")
        try:
            yield stack
        finally:
            manager.stop(stack, spec)

    _stack.__doc__ = f"A compose stack of {', '.join(spec.files)} ({scope} scope)."
    return pytest.fixture(scope=scope, autouse=autouse)(_stack)


# -- the session's stacks ---------------------------------------------------------------------------

def run_identity(config: pytest.Config) -> tuple[str, str]:
    """(run id, worker id): shared by the xdist workers of one session, unique per session.

    Under xdist the controller hands its ``--testrunuid`` to every worker; the plugin sets
    it (when not given) to its own run id, so that the controller's report header and the
    workers' stacks name the same run.
    """
    workerinput: Mapping[str, Any] | None = getattr(config, "workerinput", None)
    if workerinput is not None:
        run_id = str(workerinput.get("testrunuid") or uuid.uuid4().hex)[:8]
        return run_id, str(workerinput.get("workerid", ""))
    run_id = uuid.uuid4().hex
    if hasattr(config.option, "testrunuid"):  # the xdist controller
        if config.option.testrunuid:
            run_id = str(config.option.testrunuid)
        else:
            config.option.testrunuid = run_id
    return run_id[:8], ""


def project_name(prefix: str, base: str, *, run_id: str = "", worker: str = "") -> str:
    """A valid compose project name (lower case letters, digits, ``-`` and ``_``) from its parts."""
    parts = (re.sub(r"[^a-z0-9_-]+", "-", p.lower()).strip("-_") for p in (prefix, run_id, worker, base))
    return "-".join(p for p in parts if p) or "stack"


@record(frozen=False)
class StackManager:
    """The stacks of one pytest process: names, labels, start, teardown, and report sections."""

    config: pytest.Config
    run_id: str
    worker: str
    keep: bool = False
    reuse: bool = False
    prefix: str = "pytest"
    timeout: float | None = 120.0
    log_lines: int = 100
    stacks: dict[str, Stack] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)

    @property
    def stable(self) -> bool:
        """Keep and reuse need names the next run can find again."""
        return self.keep or self.reuse

    def name_for(self, base: str) -> str:
        if self.stable:
            return project_name(self.prefix, base, worker=self.worker)
        return project_name(self.prefix, base, run_id=self.run_id, worker=self.worker)

    def start(self, spec: StackSpec, base: str) -> Stack:
        """Load the stack of ``spec`` and bring it up (or find it up, with ``--compose-reuse``)."""
        from compose.api import load_project

        name = self.name_for(base)
        stack = load_project(spec.files, project_name=name, profiles=spec.profiles, env=dict(spec.env),
                             project_directory=spec.project_directory,
                             run_id=None if self.stable else self.run_id)
        self.stacks[name] = stack
        if self.reuse and _is_up(stack, spec.services):
            return stack
        timeout = spec.timeout if spec.timeout is not None else self.timeout
        try:
            stack.up(spec.services, wait=spec.wait, timeout=timeout, build=spec.build)
        except BaseException as exc:
            if not self.stable:  # a kept stack stays as it failed, to be looked at
                stack.teardown_after(exc, volumes=spec.volumes, timeout=spec.stop_timeout)
            raise
        return stack

    def stop(self, stack: Stack, spec: StackSpec) -> None:
        """Take the stack down, unless ``--compose-keep``/``--compose-reuse`` asked to leave it."""
        self.stacks.pop(stack.name, None)
        if self.stable:
            if stack.name not in self.kept:
                self.kept.append(stack.name)
            return
        from compose.api.sync import shielded

        shielded(lambda: stack.down(volumes=spec.volumes, timeout=spec.stop_timeout))

    def section(self, stack: Stack) -> str:
        """The report section of a stack: each container's state, then the last log lines of all of them."""
        try:
            diagnostics = stack.diagnose(log_lines=self.log_lines)
            logs = stack.logs(tail=self.log_lines)
        except Exception as exc:  # a report must not fail because the engine did
            return f"pycompose could not read the state of {stack.name}: {exc}"
        text = diagnostics.render()
        return f"{text}\n--- last {self.log_lines} log lines per container ---\n{logs}" if logs else text


def _is_up(stack: Stack, services: Iterable[str]) -> bool:
    """Whether every wanted service has a running container (or a one-shot one that exited 0)."""
    wanted = set(services) or set(stack.project.services)
    wanted = set(stack.project.with_services(tuple(wanted)).services) if services else wanted
    containers = stack.ps()
    ok = {c.service for c in containers if c.running or (c.state == "exited" and c.exit_code == 0)}
    return bool(containers) and wanted <= ok


_KEY = pytest.StashKey[StackManager]()


def _manager(config: pytest.Config) -> StackManager:
    return config.stash[_KEY]


# -- hooks --------------------------------------------------------------------------------------------

def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("pycompose", "compose stacks (pycompose)")
    group.addoption("--compose-keep", action="store_true", default=False,
                    help="leave the stacks up after the run (stable project names: <prefix>-<fixture>)")
    group.addoption("--compose-reuse", action="store_true", default=False,
                    help="use stacks that are already up under their stable names as they are; leave them up")
    group.addoption("--compose-reap", action="store_true", default=False,
                    help="first remove the stacks of crashed runs on this machine (never a live run's)")
    group.addoption("--compose-timeout", type=float, default=None, metavar="SECONDS",
                    help="how long a stack may take to come up (default 120)")
    group.addoption("--compose-log-lines", type=int, default=None, metavar="N",
                    help="log lines per container in a failing test's report (default 100)")
    parser.addini("compose_project_prefix", "first part of the stacks' project names", default="pytest")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "compose(files, *, scope='function', name=None, services=(), profiles=(), env=None, wait=True, "
        "timeout=None, stop_timeout=None, volumes=True, build=False): the compose stack the compose_stack "
        "fixture brings up (files relative to the test module)")
    run_id, worker = run_identity(config)
    timeout = config.getoption("compose_timeout")
    lines = config.getoption("compose_log_lines")
    config.stash[_KEY] = StackManager(
        config, run_id, worker, keep=bool(config.getoption("compose_keep")),
        reuse=bool(config.getoption("compose_reuse")), prefix=str(config.getini("compose_project_prefix")),
        timeout=120.0 if timeout is None else timeout, log_lines=100 if lines is None else lines)


def pytest_sessionstart(session: pytest.Session) -> None:
    config = session.config
    if not config.getoption("compose_reap") or getattr(config, "workerinput", None) is not None:
        return
    from compose.api.reap import reap_stale

    for line in reap_stale(os.environ):
        _say(config, f"pycompose: {line}")


def pytest_report_header(config: pytest.Config) -> str | None:
    manager = config.stash.get(_KEY, None)
    if manager is None:
        return None
    mode = " (--compose-reuse)" if manager.reuse else " (--compose-keep)" if manager.keep else ""
    names = manager.name_for("@").rstrip("-_") + "-<fixture>"
    return f"pycompose: run id {manager.run_id}, project names {names}{mode}"


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    manager = config.stash.get(_KEY, None)
    if manager is None or not manager.kept:
        return
    terminalreporter.section("pycompose: stacks left up")
    for name in manager.kept:
        terminalreporter.write_line(f"{name}  (remove with: pycompose -p {name} down -v)")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item,
                               call: pytest.CallInfo[None]) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.failed and call.when in ("setup", "call"):
        manager = item.config.stash.get(_KEY, None)
        if manager is not None:
            for stack in _stacks_of(item, manager):
                report.sections.append((f"pycompose stack {stack.name}", manager.section(stack)))
    return report


def _stacks_of(item: pytest.Item, manager: StackManager) -> list[Stack]:
    if not manager.stacks:
        return []
    from compose.api import Stack

    values = getattr(item, "funcargs", {}).values()
    found = {id(v): v for v in values if isinstance(v, Stack) and v.name in manager.stacks}
    return list(found.values())


def _say(config: pytest.Config, text: str) -> None:
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(text)


# -- the marker's fixture -----------------------------------------------------------------------------

@pytest.fixture
def compose_stack(request: pytest.FixtureRequest) -> Stack:
    """The stack the nearest ``@pytest.mark.compose(...)`` declares, shared within the marker's scope."""
    marker = request.node.get_closest_marker("compose")
    if marker is None:
        raise pytest.UsageError("compose_stack needs a @pytest.mark.compose(files, ...) marker")
    base = Path(str(request.node.path)).parent
    kwargs = {"scope": "function", **marker.kwargs}
    files = marker.args[0] if marker.args else kwargs.pop("files")
    spec = _spec(files, base, **kwargs)
    owner = _scope_node(request, spec.scope)
    cache: dict[StackSpec, Stack] = owner.stash.setdefault(_CACHE, {})
    stack = cache.get(spec)
    if stack is None:
        manager = _manager(request.config)
        digest = hashlib.sha1(repr((spec, owner.nodeid)).encode()).hexdigest()[:6]
        stack = manager.start(spec, spec.name or f"{Path(spec.files[0]).parent.name}-{digest}")
        cache[spec] = stack
        owner.addfinalizer(_finalizer(manager, cache, spec, stack))
    return stack


_CACHE = pytest.StashKey[dict[StackSpec, "Stack"]]()


def _finalizer(manager: StackManager, cache: dict[StackSpec, Stack], spec: StackSpec,
               stack: Stack) -> Callable[[], None]:
    def finish() -> None:
        cache.pop(spec, None)
        manager.stop(stack, spec)

    return finish


def _scope_node(request: pytest.FixtureRequest, scope: str) -> Any:
    node = request.node
    if scope == "function":
        return node
    if scope == "session":
        return request.session
    kinds = {"class": pytest.Class, "module": pytest.Module, "package": pytest.Package}
    found = node.getparent(kinds[scope])
    if found is None and scope == "class":
        found = node.getparent(pytest.Module)
    return found if found is not None else request.session
