"""Stale stacks: the stacks of test runs whose process is gone, found by their run labels.

A stack is *stale* when its owner (``compose.api.owner``) is dead, or, with
``any_host``, when its owner cannot be checked from here (another machine or PID
namespace); and in both cases only once it is older than ``older_than`` seconds.
A stack whose owner is alive is never touched. Stacks without run labels (started
by hand, by the CLI, or kept with ``--compose-keep``) are not run stacks at all.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping

from compose._record import record
from compose.api.owner import RUN_ID, Liveness, RunOwner, liveness
from compose.engine.port import Engine
from compose.model.labels import PROJECT

__all__ = ["RunStack", "reap", "reap_stale", "run_stacks", "stale_stacks"]


@record
class RunStack:
    """A project on the engine that a labelled run started."""

    project: str
    owner: RunOwner
    liveness: Liveness
    containers: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()
    volumes: tuple[str, ...] = ()

    def age(self, now: float) -> float:
        return max(0.0, now - self.owner.started) if self.owner.started else float("inf")

    def stale(self, *, older_than: float = 0.0, any_host: bool = False, now: float | None = None) -> bool:
        """Whether ``reap`` removes it (see the module's docstring)."""
        if self.liveness is Liveness.ALIVE:
            return False
        if self.liveness is Liveness.UNKNOWN and not any_host:
            return False
        return self.age(time.time() if now is None else now) >= older_than

    @property
    def why(self) -> str:
        """Why the owner counts as gone, in words."""
        if self.liveness is Liveness.UNKNOWN:
            return f"owner pid {self.owner.pid} on {self.owner.host or 'an unknown host'} cannot be checked from here"
        if self.liveness is Liveness.DEAD:
            return f"owner pid {self.owner.pid} on {self.owner.host} is gone"
        return f"owner pid {self.owner.pid} on {self.owner.host} is running"


def run_stacks(engine: Engine) -> list[RunStack]:
    """Every project with run labels on any of its containers, networks or volumes, by name."""
    resources: dict[str, dict[str, list[str]]] = {}
    owners: dict[str, list[RunOwner]] = {}

    def note(labels: Mapping[str, str], kind: str, name: str) -> None:
        project = labels.get(PROJECT, "")
        if not project or RUN_ID not in labels:
            return
        owner = RunOwner.from_labels(labels)
        assert owner is not None
        resources.setdefault(project, {}).setdefault(kind, []).append(name)
        owners.setdefault(project, []).append(owner)

    for c in engine.list_compose_containers(all=True):
        note(c.labels, "containers", c.name)
    for n in engine.list_compose_networks():
        note(n.labels, "networks", n.name)
    for v in engine.list_compose_volumes():
        note(v.labels, "volumes", v.name)
    out = []
    for project in sorted(resources):
        found = resources[project]
        out.append(RunStack(project, _newest(owners[project]), _liveness(set(owners[project])),
                            tuple(sorted(found.get("containers", ()))), tuple(sorted(found.get("networks", ()))),
                            tuple(sorted(found.get("volumes", ())))))
    return out


def _newest(owners: Iterable[RunOwner]) -> RunOwner:
    return max(owners, key=lambda o: o.started)


def _liveness(owners: Iterable[RunOwner]) -> Liveness:
    """Alive if any owner is alive; unknown if any cannot be checked; dead only when all are."""
    seen = {liveness(o) for o in owners}
    for state in (Liveness.ALIVE, Liveness.UNKNOWN):
        if state in seen:
            return state
    return Liveness.DEAD


def stale_stacks(engine: Engine, *, older_than: float = 0.0, any_host: bool = False) -> list[RunStack]:
    now = time.time()
    return [s for s in run_stacks(engine) if s.stale(older_than=older_than, any_host=any_host, now=now)]


async def reap(engine: Engine, stacks: Iterable[RunStack]) -> list[str]:
    """Remove each stack (containers by force, networks, volumes); the names removed."""
    from compose.api.stack import remove_project
    from compose.apply.events import NullSink

    removed = []
    for stack in stacks:
        await remove_project(engine, stack.project, None, volumes=True, timeout=0, settle=False, sink=NullSink())
        removed.append(stack.project)
    return removed


def reap_stale(environ: Mapping[str, str], *, older_than: float = 0.0, any_host: bool = False) -> list[str]:
    """Find and remove the stale stacks of the engine ``environ`` names; a line per stack removed."""
    import anyio

    from compose.engine.fast import engine_for

    engine = engine_for(environ)
    stale = stale_stacks(engine, older_than=older_than, any_host=any_host)
    anyio.run(reap, engine, stale)
    return [f"removed stale stack {s.project} (run {s.owner.run_id}: {s.why})" for s in stale]
