"""The blocking engine calls behind ``exec``, ``run``, ``logs`` and ``port`` (run in worker threads)."""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Mapping, Sequence

from compose.api.results import ExecResult
from compose.engine.port import Attachment, Engine, LogLine
from compose.errors import StackError
from compose.plan.observed import ObservedContainer, ObservedState

__all__ = ["argv", "collect_output", "env_list", "exec_in", "logs_text", "pick", "run_attached"]


def argv(cmd: str | Sequence[str]) -> list[str]:
    """A command as a list: a string is split as a shell would (``"ls -l /"``), without running a shell."""
    return shlex.split(cmd) if isinstance(cmd, str) else list(cmd)


def env_list(env: Mapping[str, str] | None) -> list[str]:
    return [f"{k}={v}" for k, v in (env or {}).items()]


def pick(observed: ObservedState, service: str, index: int = 1) -> ObservedContainer:
    """Running container number ``index`` of ``service`` (one-off containers never)."""
    for c in observed.service_containers(service):
        if c.number == index and c.state == "running":
            return c
    states = ", ".join(f"{c.name} {c.state}" for c in observed.service_containers(service)) or "no container"
    raise StackError(f"service {service!r} of project {observed.project} has no running container #{index} "
                     f"({states})")


def collect_output(attachment: Attachment) -> str:
    """Everything an attached process writes until it closes its output."""
    chunks: list[bytes] = []
    try:
        for _stream, data in attachment.output():
            chunks.append(data)
    finally:
        attachment.close()
    return b"".join(chunks).decode("utf-8", errors="replace")


def exec_in(engine: Engine, container: str, cmd: Sequence[str], *, env: Sequence[str] = (), user: str = "",
            workdir: str = "", privileged: bool = False) -> ExecResult:
    """Run ``cmd`` in a running container without a TTY; its exit code and output."""
    exec_id = engine.exec_create(container, cmd, env=env, user=user, workdir=workdir, tty=False, stdin=False,
                                 privileged=privileged)
    output = collect_output(engine.exec_start(exec_id, tty=False))
    state = engine.exec_inspect(exec_id)
    return ExecResult(state.exit_code if state.exit_code is not None else -1, output)


def run_attached(engine: Engine, container: str, *, remove: bool) -> ExecResult:
    """Attach to a created one-off container, start it, read its output until it ends; its exit code.
    ``remove``: remove it afterwards (also when reading failed)."""
    try:
        attachment = engine.attach_container(container, stdin=False)
        engine.start_container(container)
        output = collect_output(attachment)
        return ExecResult(engine.wait_container(container), output)
    finally:
        if remove:
            engine.remove_container(container, force=True, volumes=True)


def logs_text(engine: Engine, project: str, containers: Iterable[ObservedContainer], *, tail: int | None,
              timestamps: bool, prefix: bool) -> str:
    """The output of ``containers``, one after the other; ``prefix``: each line starts with ``web-1 | ``."""
    chosen = sorted(containers, key=lambda c: (c.service, c.number, c.name))
    width = max((len(_short(project, c)) for c in chosen), default=0)
    out: list[str] = []
    for c in chosen:
        head = f"{_short(project, c).ljust(width)} | " if prefix else ""
        stream = engine.logs(c.id, follow=False, timestamps=timestamps, tail="all" if tail is None else str(tail))
        try:
            for line in stream:
                if isinstance(line, LogLine):
                    stamp = f"{line.timestamp} " if timestamps and line.timestamp else ""
                    out.append(f"{head}{stamp}{line.text}\n")
        finally:
            stream.close()
    return "".join(out)


def _short(project: str, c: ObservedContainer) -> str:
    return c.name.removeprefix(project + "-")
