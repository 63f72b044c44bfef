"""The one exception tree of pycompose.

Every error pycompose raises on purpose derives from ``ComposeError``. Errors
about a place in a compose or env file carry a ``Location`` (file:line:col);
errors about a resource of a stack carry its id (``service:web:1``). Exit
codes are chosen only by the CLI (``compose.cli``), never here.

    ComposeError
    ├── UsageError              a bad command line or option value
    ├── LoadError               reading files: YAML, env files, extends, include, names
    │   ├── YamlSyntaxError
    │   ├── DuplicateKeyError
    │   ├── InterpolationError  a ${VAR?msg} that is unset, a bad ${...} form
    │   └── EnvFileError
    ├── ValidationError         schema and consistency problems, all of them (.issues)
    ├── GraphError
    │   └── CycleError          a dependency cycle (.cycle is the path)
    ├── PlanError               a desired state that cannot be planned or expressed
    ├── EngineError             the Docker Engine said no (.status, the HTTP status when known)
    │   ├── EngineUnavailable   no engine answers
    │   ├── EngineNotFound
    │   ├── EngineConflict
    │   └── BuildError          an image build failed (.service, .step and its .output)
    ├── ApplyError              an operation of a plan failed (.resource)
    └── StackError              the Python API: a stack did not come up, or a service cannot be reached
                                (.diagnostics: each container's state, health output and last log lines)
"""

from __future__ import annotations

from collections.abc import Sequence

from compose._record import record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Protocol

    class Diagnostics(Protocol):
        """What the engine said about a stack's containers (``compose.api.Diagnostics``)."""

        def render(self) -> str: ...


@record(order=True)
class Location:
    """A place in a file: 1-based line and column."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@record
class Issue:
    """One problem found in a compose model: where, which key, what was expected."""

    location: Location | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        key = f"{self.path}: " if self.path else ""
        return f"{where}{key}{self.message}"


class ComposeError(Exception):
    """Base of every error pycompose raises on purpose."""

    def __init__(self, message: str, *, location: Location | None = None, path: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.path = path

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        key = f"{self.path}: " if self.path else ""
        return f"{where}{key}{self.message}"


class UsageError(ComposeError):
    """A bad command line or option value."""


class LoadError(ComposeError):
    """A compose file, env file, extends or include could not be read."""


class YamlSyntaxError(LoadError):
    """The text is not valid YAML."""


class DuplicateKeyError(LoadError):
    """A mapping defines the same key twice."""


class InterpolationError(LoadError):
    """A variable reference could not be resolved (``${VAR?msg}``) or is malformed."""

    def __init__(
        self, message: str, *, variable: str = "", location: Location | None = None, path: str = ""
    ) -> None:
        super().__init__(message, location=location, path=path)
        self.variable = variable


class EnvFileError(LoadError):
    """An env file is missing or malformed."""


class ValidationError(ComposeError):
    """The model breaks the schema or a consistency rule; ``issues`` holds every problem."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        self.issues = tuple(sorted(issues, key=_issue_order))
        first = self.issues[0] if self.issues else None
        super().__init__(
            "\n".join(str(i) for i in self.issues) or "invalid compose model",
            location=first.location if first else None,
        )

    def __str__(self) -> str:
        return self.message


def _issue_order(issue: Issue) -> tuple[str, int, int, str]:
    loc = issue.location
    return (loc.file, loc.line, loc.col, issue.path) if loc else ("", 0, 0, issue.path)


class GraphError(ComposeError):
    """The dependency graph is not usable."""


class CycleError(GraphError):
    """A dependency cycle; ``cycle`` is the path, first node repeated at the end."""

    def __init__(self, cycle: Sequence[str], *, location: Location | None = None) -> None:
        self.cycle = tuple(cycle)
        super().__init__("dependency cycle: " + " -> ".join(self.cycle), location=location)


class PlanError(ComposeError):
    """The desired state cannot be planned or expressed on the engine."""


class EngineError(ComposeError):
    """The Docker Engine refused or failed a request."""

    def __init__(self, message: str, *, status: int | None = None, resource: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.resource = resource


class EngineUnavailable(EngineError):
    """No Docker Engine answers."""


class EngineNotFound(EngineError):
    """The engine does not know the object (HTTP 404)."""


class EngineConflict(EngineError):
    """The request conflicts with the engine's state (HTTP 409)."""


class BuildError(EngineError):
    """The engine stopped an image build: ``step`` is the failing step, ``output`` what it printed."""

    def __init__(self, service: str, reason: str, *, step: str = "", output: Sequence[str] = ()) -> None:
        self.service = service
        self.reason = reason
        self.step = step
        self.output = tuple(output)
        text = f"service {service!r} failed to build: {reason}"
        if step:
            text += "\n" + "\n".join((step, *self.output))
        super().__init__(text, resource=f"service:{service}")


class ApplyError(ComposeError):
    """An operation of a plan failed; ``resource`` names what it was acting on."""

    def __init__(self, message: str, *, resource: str = "") -> None:
        super().__init__(message)
        self.resource = resource


class StackError(ComposeError):
    """The Python API (``compose.api``) could not do what was asked of a stack.

    ``diagnostics`` (a ``compose.api.Diagnostics``, or None) holds what the engine said about
    each container when it happened: state, exit code, health output, the last log lines of
    the failed ones; ``str()`` of the error includes it.
    """

    def __init__(self, message: str, *, diagnostics: Diagnostics | None = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics

    def __str__(self) -> str:
        if self.diagnostics is None:
            return self.message
        return f"{self.message}\n{self.diagnostics.render()}"
