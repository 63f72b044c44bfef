"""Why a stack is not up: every container's state, the health output of unhealthy ones and the last
log lines of the failed ones, read from the engine at the moment of the failure (before teardown).

``collect`` is blocking (engine calls); the API runs it in a worker thread.
"""

from __future__ import annotations

from collections.abc import Iterable

from compose._record import record
from compose.engine.port import ContainerState, Engine, LogLine
from compose.errors import EngineError
from compose.plan.observed import ObservedContainer

__all__ = ["ContainerReport", "Diagnostics", "collect"]

LOG_LINES = 50
"""How many of a failed container's last log lines a report keeps."""


@record
class ContainerReport:
    """One container as the engine saw it when the stack failed."""

    name: str
    service: str
    number: int
    state: str
    """created, running, paused, restarting, removing, exited or dead."""
    exit_code: int | None
    """The exit code once the container stopped; None while it runs or before it started."""
    health: str = ""
    """healthy, unhealthy, starting, or "" without a healthcheck."""
    health_log: str = ""
    """The output of the last health probe (for unhealthy and still starting containers)."""
    error: str = ""
    """What the engine reported as the container's error (a failed start), or why the plan failed it."""
    oom_killed: bool = False
    failed: bool = False
    logs: tuple[str, ...] = ()
    """The last lines the container wrote (failed containers only)."""

    @property
    def summary(self) -> str:
        """``running (unhealthy)``, ``exited (3)``, ``created``."""
        detail = []
        if self.state in ("exited", "dead") and self.exit_code is not None:
            detail.append(str(self.exit_code))
        if self.health:
            detail.append(self.health)
        if self.oom_killed:
            detail.append("OOM killed")
        return self.state + (f" ({', '.join(detail)})" if detail else "")


@record
class Diagnostics:
    """What went wrong (``reasons``) and the containers of the stack at that moment."""

    project: str
    reasons: tuple[str, ...] = ()
    containers: tuple[ContainerReport, ...] = ()

    @property
    def failed(self) -> tuple[ContainerReport, ...]:
        return tuple(c for c in self.containers if c.failed)

    def container(self, name_or_service: str) -> ContainerReport:
        """The report of a container by name (``web-1`` or ``proj-web-1``) or of a service's first one."""
        for c in self.containers:
            if name_or_service in (c.name, c.name.removeprefix(self.project + "-")):
                return c
        for c in self.containers:
            if c.service == name_or_service:
                return c
        raise KeyError(name_or_service)

    def render(self) -> str:
        """The report as text: reasons, a line per container, then health output and logs of failed ones."""
        lines = [f"  {r}" for r in self.reasons]
        lines.append(f"containers of project {self.project}:" if self.containers
                     else f"project {self.project} has no containers")
        width = max((len(c.name) for c in self.containers), default=0)
        for c in self.containers:
            mark = "  <- failed" if c.failed else ""
            lines.append(f"  {c.name.ljust(width)}  {c.summary}{mark}")
        for c in self.failed:
            if c.error:
                lines.append(f"--- {c.name}: {c.error}")
            if c.health_log:
                lines.append(f"--- health check output of {c.name} ---")
                lines.extend(f"  {line}" for line in c.health_log.splitlines())
            if c.logs:
                lines.append(f"--- last {len(c.logs)} log lines of {c.name} ---")
                lines.extend(f"  {line}" for line in c.logs)
            elif not c.error and not c.health_log:
                lines.append(f"--- {c.name} wrote no logs ---")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()


def collect(engine: Engine, project: str, containers: Iterable[ObservedContainer], *,
            reasons: Iterable[str] = (), blamed: Iterable[str] = (), log_lines: int = LOG_LINES) -> Diagnostics:
    """Inspect every container (one-off ones excluded) and read the logs of the failed ones.

    ``blamed`` are resource ids (``service:web:1``) or container ids the caller knows failed
    (a wait that timed out on a container still starting); they count as failed whatever their
    state says.
    """
    blamed = set(blamed)
    reports = []
    for c in sorted(containers, key=lambda c: (c.service, c.number, c.name)):
        if c.oneoff:
            continue
        state = _inspect(engine, c)
        is_blamed = f"service:{c.service}:{c.number}" in blamed or c.id in blamed
        reports.append(_report(engine, c, state, is_blamed, log_lines))
    return Diagnostics(project, tuple(reasons), tuple(reports))


def _inspect(engine: Engine, c: ObservedContainer) -> ContainerState | None:
    try:
        return engine.inspect_container(c.id)
    except EngineError:  # removed meanwhile
        return None


def _report(engine: Engine, c: ObservedContainer, state: ContainerState | None, blamed: bool,
            log_lines: int) -> ContainerReport:
    if state is None:
        return ContainerReport(c.name, c.service, c.number, "removed", None, failed=blamed)
    stopped = state.status in ("exited", "dead")
    failed = (blamed or state.health == "unhealthy" or state.oom_killed or state.status == "restarting"
              or (stopped and state.exit_code != 0) or bool(state.error))
    health_log = state.health_log if state.health in ("unhealthy", "starting") else ""
    return ContainerReport(
        name=c.name, service=c.service, number=c.number, state=state.status,
        exit_code=state.exit_code if stopped else None, health=state.health, health_log=health_log,
        error=state.error, oom_killed=state.oom_killed, failed=failed,
        logs=tail_lines(engine, c.id, log_lines) if failed else (),
    )


def tail_lines(engine: Engine, container: str, lines: int) -> tuple[str, ...]:
    """The last ``lines`` lines a container wrote (stdout and stderr, in order); () when unreadable."""
    try:
        stream = engine.logs(container, follow=False, tail=str(lines))
    except EngineError:
        return ()
    try:
        return tuple(line.text for line in stream if isinstance(line, LogLine))
    except EngineError:
        return ()
    finally:
        stream.close()
