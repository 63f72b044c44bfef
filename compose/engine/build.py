"""Reading the engine's build streams (classic, and BuildKit's trace): log lines, the image's id, the failing step.

The build itself is planned in ``compose.plan.buildspec``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from compose.errors import BuildError

if TYPE_CHECKING:
    from compose.engine.buildtrace import StatusUpdate
    from compose.plan.buildspec import BuildSpec

__all__ = ["BUILDKIT_NOTE", "BuildLog", "BuildkitLog", "choose_builder", "dockerfile_line", "step_name"]


class BuildLog:
    """Reads the messages of a classic build: log lines, the built image's id, the failing step."""

    def __init__(self, service: str) -> None:
        self.service = service
        self.image_id = ""
        self.step = ""
        self.output: list[str] = []
        self._partial = ""

    def feed(self, message: Mapping[str, Any]) -> list[str]:
        """The complete lines ``message`` ends; raises ``BuildError`` on an error message."""
        if "error" in message or "errorDetail" in message:
            detail = message.get("errorDetail") or {}
            reason = str(detail.get("message") or message.get("error") or "unknown error")
            self.finish()
            raise BuildError(self.service, reason.strip(), step=self.step, output=self.output)
        aux = message.get("aux")
        if isinstance(aux, Mapping) and aux.get("ID"):
            self.image_id = str(aux["ID"])
        if "stream" in message:
            return self._lines(str(message["stream"]))
        if "status" in message:
            layer = f"{message['id']}: " if message.get("id") else ""
            progress = f" {message['progress']}" if message.get("progress") else ""
            return [f"{layer}{message['status']}{progress}"]
        return []

    def finish(self) -> list[str]:
        return self._lines("\n") if self._partial else []

    def _lines(self, text: str) -> list[str]:
        text = self._partial + text
        *complete, self._partial = text.split("\n")
        out = []
        for line in complete:
            line = line.rstrip("\r")
            if line.startswith("Step ") and " : " in line:
                self.step, self.output = line, []
            elif self.step:
                self.output.append(line)
            if line.strip():
                out.append(line)
        return out


BUILDKIT_NOTE = "building with the Docker Engine's BuildKit"
"""How ``choose_builder``'s sentence starts when BuildKit runs (views print it as BuildKit's step #0)."""

_BUILDKIT_NETWORKS = frozenset({"", "default", "host", "none"})


def choose_builder(spec: BuildSpec, api_version: str, os_type: str) -> tuple[bool, str]:
    """(BuildKit?, the sentence that says which builder runs and why) for ``spec`` on an engine of
    ``api_version`` and ``os_type``. BuildKit unless ``DOCKER_BUILDKIT=0``, the engine has none
    (Windows engines, API < 1.39), or ``spec`` needs what the engine's BuildKit does not take through
    ``/build`` (a named network; shm_size and ulimits before API 1.42; ``--memory``, isolation)."""
    version = tuple(int(p) for p in api_version.split(".") if p.isdigit())
    if spec.classic:
        return False, "building with the classic builder (DOCKER_BUILDKIT=0)"
    if os_type.lower() == "windows" or version < (1, 39):
        return False, "building with the classic builder: this engine has no BuildKit"
    reasons = []
    if (spec.network or "") not in _BUILDKIT_NETWORKS:
        reasons.append(f"network {spec.network!r} (BuildKit builds on host, none or the default network only)")
    if version < (1, 42):
        reasons += [f"build.{key}" for key, value in (("shm_size", spec.shm_size), ("ulimits", spec.ulimits))
                    if value]
    if spec.memory:
        reasons.append("--memory")
    if spec.isolation:
        reasons.append("build.isolation")
    if reasons:
        return False, (f"building with the classic builder: the engine's BuildKit (API {api_version}) does not "
                       f"take {', '.join(reasons)}")
    return True, f'building with the Docker Engine\'s BuildKit (API {api_version})'


class BuildkitLog:
    """Reads the messages of a BuildKit build (``/build?version=2``): the trace, the image id, the
    failing step with its output, the Dockerfile line it came from and, for the refusals of an
    engine's built-in frontend that users meet, what to do."""

    def __init__(self, service: str, dockerfile: str | None = None, *, dockerfile_name: str = "Dockerfile") -> None:
        self.service = service
        self.image_id = ""
        self._dockerfile = dockerfile
        self._dockerfile_name = dockerfile_name
        self._names: dict[str, str] = {}
        self._failed = ""
        self._logs: dict[str, list[str]] = {}
        self._started: dict[str, float] = {}

    def feed(self, message: Mapping[str, Any]) -> StatusUpdate | None:
        """The trace update ``message`` carries, if any; raises ``BuildError`` on an error message."""
        if "error" in message or "errorDetail" in message:
            detail = message.get("errorDetail") or {}
            self.fail(str(detail.get("message") or message.get("error") or "unknown error"))
        ident = message.get("id")
        aux = message.get("aux")
        if ident == "moby.image.id" and isinstance(aux, Mapping):
            self.image_id = str(aux.get("ID", ""))
            return None
        if ident != "moby.buildkit.trace" or not isinstance(aux, str):
            return None
        from compose.engine.buildtrace import TraceError, decode_aux

        try:
            update = decode_aux(aux)
        except TraceError:
            return None  # progress only: a message we cannot read must not fail the build
        for vertex in update.vertexes:
            self._names[vertex.digest] = vertex.name
            if vertex.started is not None:
                self._started.setdefault(vertex.digest, vertex.started)
            if vertex.error:
                self._failed = vertex.digest
        for log in update.logs:
            lines = self._logs.setdefault(log.vertex, [])
            start = self._started.get(log.vertex)
            stamp = f"{log.timestamp - start:.3f} " if log.timestamp is not None and start is not None else ""
            lines.extend(stamp + line for line in log.data.decode("utf-8", "replace").splitlines())
            del lines[:-_KEPT_LINES]
        return update

    def fail(self, reason: str) -> None:
        reason = reason.strip()
        step = self._names.get(self._failed, "")
        output = self._logs.get(self._failed, [])
        where = dockerfile_line(self._dockerfile, step) if step else None
        if step:
            step = step_name(self.service, step) + (f" ({self._dockerfile_name}:{where})" if where else "")
        hint = frontend_hint(self._dockerfile, self._dockerfile_name, reason, self._names.get(self._failed, ""))
        raise BuildError(self.service, reason + (f"\n{hint}" if hint else ""), step=f" > {step}:" if step else "",
                         output=output)


def step_name(service: str, name: str) -> str:
    """A BuildKit step's name with its service, as v2 shows it: ``[base 2/3] RUN make`` ->
    ``[web base 2/3] RUN make``; ``exporting to image`` -> ``[web] exporting to image``."""
    if name.startswith("["):
        inner, sep, rest = name[1:].partition("]")
        if sep:
            return f"[{service} {inner}]{rest}"
    return f"[{service}] {name}"


_KEPT_LINES = 20
_STEP = re.compile(r"\[(?:[^\]]* )?\d+/\d+\] (.*)", re.S)
_VARIABLE = re.compile(r"\\\$\\\{[^}]*\\\}|\\\$[A-Za-z_][A-Za-z0-9_]*")


def dockerfile_instructions(text: str) -> list[tuple[int, str]]:
    """The Dockerfile's instructions with their first line's number: continuation lines joined,
    comments and empty lines left out (the escape character is the default backslash)."""
    out: list[tuple[int, str]] = []
    pending: list[str] = []
    first = 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue
        if not pending:
            first = number
        if line.endswith("\\"):
            pending.append(line[:-1].strip())
            continue
        pending.append(line)
        out.append((first, " ".join(p for p in pending if p)))
        pending = []
    if pending:
        out.append((first, " ".join(pending)))
    return out


def dockerfile_line(text: str | None, step: str) -> int | None:
    """The line of the Dockerfile ``text`` that BuildKit's step name ``step`` (``[stage 2/3] RUN make``)
    runs: the instruction whose text matches, with its variables matching anything (BuildKit shows them
    expanded)."""
    if not text:
        return None
    match = _STEP.fullmatch(step.strip())
    if match is None:
        return None
    wanted = " ".join(match.group(1).split())
    for number, instruction in dockerfile_instructions(text):
        pattern = _VARIABLE.sub(".*", re.escape(" ".join(instruction.split())))
        if re.fullmatch(pattern, wanted, re.S | re.I):
            return number
    return None


def frontend_hint(text: str | None, name: str, reason: str, step: str) -> str:
    """What to do when the engine's Dockerfile frontend refused what newer frontends accept."""
    if step.startswith("resolve image config for") or "frontend gateway" in reason:
        syntax = _syntax_line(text)
        where = f" ({name}:{syntax[0]}: {syntax[1]})" if syntax else ""
        return (f"the Dockerfile's syntax line{where} makes the engine fetch that Dockerfile frontend image, "
                "which failed; remove the line to build with the engine's own frontend, or make the image "
                "available to the engine (pull it, or run a registry mirror)")
    unknown = re.search(r"dockerfile parse error line (\d+): unknown instruction", reason)
    if unknown and text:
        heredoc = next((n for n, i in dockerfile_instructions(text)
                        if n <= int(unknown.group(1)) and re.search(r"<<-?['\"]?[A-Za-z_]", i)), None)
        if heredoc:
            return (f"{name}:{heredoc} uses a heredoc (<<), which this engine's built-in Dockerfile frontend "
                    "does not know (heredocs need Dockerfile syntax 1.4, Docker Engine 23 or newer); write the "
                    "commands on RUN lines joined with && instead, or use a newer engine")
    return ""


def _syntax_line(text: str | None) -> tuple[int, str] | None:
    for number, raw in enumerate((text or "").splitlines(), 1):
        line = raw.strip()
        if not line.startswith("#"):
            return None
        if re.match(r"#\s*syntax\s*=", line):
            return number, line
    return None
