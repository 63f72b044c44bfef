"""What the everyday commands share: the project they act on, its containers, picking one by --index.

A command works on the project the compose file describes, or (``-p NAME`` with
no compose file here, as v2 allows) on whatever carries that project's label:
``Target.project`` is then None and the services are those of the containers.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from compose._record import record
from compose.cli.options import GlobalOptions
from compose.errors import ComposeError

if TYPE_CHECKING:
    from compose.apply.executor import Outcome
    from compose.engine.port import Engine
    from compose.graph.structure import DependencyGraph
    from compose.model.project import Project
    from compose.plan.observed import ObservedContainer, ObservedState
    from compose.plan.ops import Plan


class CommandError(ComposeError):
    """A failure the command reports in v2's words (exit code 1)."""


@record(frozen=False)
class Target:
    name: str
    project: Project | None
    engine: Engine
    observed: ObservedState

    @property
    def services(self) -> set[str]:
        """Every service the project knows: the model's (profiles included), else the containers'."""
        if self.project is not None:
            return {*self.project.services, *self.project.disabled}
        return {c.service for c in self.observed.containers}

    def graph(self) -> DependencyGraph:
        """The services' dependency graph: the compose file's, else the containers' labels'."""
        from compose.plan.lifecycle import dependency_graph

        return dependency_graph(self.project, self.observed)

    def check(self, names: list[str] | tuple[str, ...]) -> None:
        """``no such service: NAME`` for a name the project does not know."""
        known = self.services
        for name in names:
            if name not in known:
                raise CommandError(f"no such service: {name}")

    def refresh(self) -> None:
        from compose.engine.observe import observe_project

        self.observed = observe_project(self.engine, self.name)


def resolve(g: GlobalOptions, services: Iterable[str] = ()) -> Target:
    """The project of the command line (or only its name), the engine, and what the engine holds of it;
    ``services``: the ones named on the command line (naming one enables it despite its profile)."""
    from compose.cli.shared.loading import load_or_name, project_from_loaded
    from compose.cli.shared.plans import connect_engine
    from compose.engine.observe import observe_project

    loaded, name = load_or_name(g, services)
    project = project_from_loaded(loaded) if loaded is not None else None
    engine = connect_engine(g)
    return Target(name, project, engine, observe_project(engine, name))


def containers_of(observed: ObservedState, services: list[str] | tuple[str, ...] = (), *, oneoff: bool = False,
                  running: bool = False) -> list[ObservedContainer]:
    """The containers of ``services`` (all when empty), sorted by name; one-off ones only with ``oneoff``."""
    wanted = set(services)
    return sorted((c for c in observed.containers
                   if (oneoff or not c.oneoff) and (not wanted or c.service in wanted)
                   and (not running or c.state == "running")), key=lambda c: c.name)


def container_at(observed: ObservedState, service: str, index: int | None, *, running: bool = True,
                 oneoff: bool = False) -> ObservedContainer:
    """Container ``index`` (default 1) of ``service``, as ``exec``/``cp``/``port``/``attach`` pick it."""
    found = [c for c in observed.containers if c.service == service and (oneoff or not c.oneoff)
             and (not running or c.state == "running")]
    if not found:
        raise CommandError(f'service "{service}" is not running' if running else f"no container found for {service}")
    if index is None:
        return sorted(found, key=lambda c: (c.oneoff, c.number, c.name))[0]
    for c in found:
        if c.number == index and not c.oneoff:
            return c
    raise CommandError(f'service "{service}" is not running container #{index}' if running
                       else f"no container found for {service} #{index}")


def short_name(project: str, c: ObservedContainer) -> str:
    """``web-1`` for ``demo-web-1``: how log prefixes name a container (v2 strips the project)."""
    from compose.plan.observed import name_in_project

    return name_in_project(project, c.name)


def run_plan(g: GlobalOptions, target: Target, plan: Plan, *, title: str = "Running") -> Outcome:
    """Execute ``plan`` with the progress view of the command line."""
    from compose.cli.shared.plans import make_view, parallel_limit
    from compose.cli.shared.plans import run_plan as execute

    return execute(plan, target.engine, target.name, make_view(g, title=title), parallel_limit(g))


def finish(g: GlobalOptions, target: Target, plan: Plan, *, title: str = "Running") -> int:
    """Print the plan (``--dry-run``) or run it; 1 when an operation failed, after saying what and why."""
    if g.dry_run:
        sys.stdout.write(plan.render())
        return 0
    outcome = run_plan(g, target, plan, title=title)
    return report(outcome)


def report(outcome: Outcome) -> int:
    """v2 prints the engine's message of the first failure (``Error response from daemon: ...``)."""
    if not outcome.failed:
        return 0
    for _node, message in outcome.errors[:1]:
        print(f"Error response from daemon: {message}", file=sys.stderr)
    return 1


