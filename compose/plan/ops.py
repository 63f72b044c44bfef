"""The plan's vocabulary: operations (one engine call each), nodes with dependencies, and the plan.

A ``Plan`` is a list of ``PlanNode``s numbered from 1 in a stable order. A
node runs once every node it depends on has finished (a dependency with
``required=False`` lets it run even when that node failed or was skipped; one
with ``exited=True``, on a stop, only waits until the stopped container's process
has exited, not for the engine's clean-up after it).
An operation acts on a ``target``: an engine name or id known when planning,
or ``Ref(n)``, the id node ``n`` produced (a container created by the plan).
``Plan.render()`` is stable text, golden-tested and printed by ``--dry-run``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import Enum
from types import MappingProxyType
from typing import Any

from compose._record import field, record

_ID = re.compile(r"[0-9a-f]{64}")

__all__ = ["Dep", "OpKind", "Operation", "Plan", "PlanBuilder", "PlanNode", "Ref", "WaitFor"]


class OpKind(Enum):
    """What an operation does; the values are stable (they appear in JSON output)."""

    PULL_IMAGE = 1
    CREATE_NETWORK = 2
    CREATE_VOLUME = 3
    CREATE_CONTAINER = 4
    CONNECT_NETWORK = 5
    COPY_FILES = 6
    START_CONTAINER = 7
    WAIT_CONTAINER = 8
    STOP_CONTAINER = 9
    KILL_CONTAINER = 10
    REMOVE_CONTAINER = 11
    RENAME_CONTAINER = 12
    REMOVE_NETWORK = 13
    REMOVE_VOLUME = 14
    REMOVE_IMAGE = 15
    BUILD_IMAGE = 16
    PUSH_IMAGE = 17
    RESTART_CONTAINER = 18
    PAUSE_CONTAINER = 19
    UNPAUSE_CONTAINER = 20
    RUN_HOOK = 21

    @property
    def title(self) -> str:
        """``CreateContainer``: how plans and events name the operation."""
        return "".join(word.capitalize() for word in self.name.split("_"))


_ENDS_A_PROCESS = (OpKind.STOP_CONTAINER, OpKind.KILL_CONTAINER)
"""The nodes a ``Dep(exited=True)`` may point at."""


class WaitFor(Enum):
    """The condition a ``WAIT_CONTAINER`` operation waits for."""

    HEALTHY = "healthy"
    """service_healthy: fails when the container turns unhealthy or stops."""
    COMPLETED = "completed"
    """service_completed_successfully: the container exits 0; any other exit code fails."""
    READY = "ready"
    """``up --wait``: healthy when it has a healthcheck, else running; exiting 0 counts as done."""


@record
class Ref:
    """The id that node ``node`` produced (a created container's id)."""

    node: int

    def __str__(self) -> str:
        return f"#{self.node}"


Target = str | Ref


def _no_args() -> Mapping[str, Any]:
    return MappingProxyType({})


@record
class Operation:
    """One engine call.

    ``resource`` names what it acts on in the project's terms (``service:web:1``,
    ``network:front``, ``volume:data``, ``image:busybox``); ``target`` is what the
    engine call gets; ``name`` the engine name when it differs from the target
    (create, rename); ``body`` the raw Engine API JSON of a create; ``args`` the
    rest (stop timeout, wait condition, endpoint config, files to copy).
    """

    kind: OpKind
    resource: str
    target: Target = ""
    name: str = ""
    display: str = ""
    """How views name the object (the final container name while a replacement has a temporary one)."""
    body: Mapping[str, Any] = field(default_factory=_no_args)
    args: Mapping[str, Any] = field(default_factory=_no_args)

    @property
    def label(self) -> str:
        return self.display or self.name or str(self.target) or self.resource

    def describe(self) -> str:
        """The one-line detail of ``render()``: engine names and the arguments that matter."""
        parts = [self.kind.title, self.resource]
        if self.kind is OpKind.RENAME_CONTAINER:
            parts.append(f"(-> {self.name})")
        elif self.name:
            parts.append(f"({self.name})")
        elif isinstance(self.target, str) and self.target:
            shown = self.display or self.target
            parts.append(f"({shown if len(shown) < 64 else shown[:12]})")
        elif self.display:
            parts.append(f"({self.display})")
        for key in sorted(self.args):
            value = self.args[key]
            if key not in ("files", "endpoint", "hooks") and not isinstance(value, Mapping | bytes):
                text = str(value.value if isinstance(value, Enum) else value)
                parts.append(f"{key}={text[:12] if _ID.fullmatch(text) else text}")
        return " ".join(parts)


@record
class Dep:
    """An edge to a node that must finish first; ``required=False`` tolerates its failure.

    ``exited=True`` (on a stop or kill node) is satisfied as soon as the engine reports that the
    container's process died, before the call returns: engine 20.10 still releases the container's
    network and mounts then, ~0.4 s per container under load, which a container stopping after it
    (a dependency stopping after its dependents) need not wait for.
    """

    node: int
    required: bool = True
    exited: bool = False

    def __str__(self) -> str:
        return f"#{self.node}" + ("" if self.required else "?") + (":exited" if self.exited else "")


@record
class PlanNode:
    id: int
    op: Operation
    depends_on: tuple[Dep, ...] = ()
    group: str = ""
    """The service (or resource) the node belongs to, for grouping in views."""
    reason: str = ""
    """Why the operation is needed: ``not found``, ``config changed``, ``scale 3 -> 1`` ..."""

    def render(self) -> str:
        after = ",".join(str(d) for d in self.depends_on)
        line = f"#{self.id} {self.op.describe()}"
        if after:
            line += f" after {after}"
        if self.reason:
            line += f" -- {self.reason}"
        return line


@record
class Plan:
    """Nodes in a stable order, plus warnings meant for the user (orphans, foreign containers...)."""

    nodes: tuple[PlanNode, ...] = ()
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        ids = {n.id for n in self.nodes}
        for node in self.nodes:
            missing = [d.node for d in node.depends_on if d.node not in ids or d.node >= node.id]
            if missing:
                raise ValueError(f"node #{node.id} depends on unknown or later nodes {missing}")
            not_stops = [d.node for d in node.depends_on
                         if d.exited and self.node(d.node).op.kind not in _ENDS_A_PROCESS]
            if not_stops:
                raise ValueError(f"node #{node.id} waits for an exit of nodes {not_stops}, which stop nothing")

    def __len__(self) -> int:
        return len(self.nodes)

    @property
    def empty(self) -> bool:
        return not self.nodes

    def node(self, id: int) -> PlanNode:
        """Node ``#id`` (nodes are numbered from 1 in order, so this is an index)."""
        if 0 < id <= len(self.nodes) and self.nodes[id - 1].id == id:
            return self.nodes[id - 1]
        return next(n for n in self.nodes if n.id == id)

    def of_kind(self, *kinds: OpKind) -> tuple[PlanNode, ...]:
        return tuple(n for n in self.nodes if n.op.kind in kinds)

    def render(self) -> str:
        """Stable text: one line per node, then the warnings; ``(nothing to do)`` for an empty plan."""
        lines = [n.render() for n in self.nodes] or ["(nothing to do)"]
        lines += [f"warning: {w}" for w in self.warnings]
        return "\n".join(lines) + "\n"


class PlanBuilder:
    """Numbers nodes as they are added; dependencies must already exist (so the order is topological)."""

    def __init__(self) -> None:
        self._nodes: list[PlanNode] = []
        self._warnings: list[str] = []

    def add(
        self,
        op: Operation,
        after: Iterable[int | Dep | None] = (),
        *,
        group: str = "",
        reason: str = "",
    ) -> int:
        deps: dict[int, Dep] = {}
        for item in after:
            if item is None:
                continue
            dep = item if isinstance(item, Dep) else Dep(item)
            known = deps.get(dep.node)
            if known is not None:
                # listed twice: required if either is, waiting for the whole call if either does
                dep = Dep(dep.node, dep.required or known.required, dep.exited and known.exited)
            deps[dep.node] = dep
        node_id = len(self._nodes) + 1
        ordered = tuple(sorted(deps.values(), key=lambda d: d.node))
        self._nodes.append(PlanNode(node_id, op, ordered, group, reason))
        return node_id

    def warn(self, message: str) -> None:
        if message not in self._warnings:
            self._warnings.append(message)

    def build(self) -> Plan:
        return Plan(tuple(self._nodes), tuple(self._warnings))
