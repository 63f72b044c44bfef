"""``up``, once, for the CLI and the Python API: observe, pull, build, plan, apply.

``up_steps`` is a generator (the pattern of ``compose.api.images``): it yields each plan to run as
``(title, plan)`` (``PULLING``, ``BUILDING``, then ``RUNNING`` for the up plan itself) and receives
its ``Outcome``; it ends with an ``UpResult``. The caller decides how a plan runs: ``pycompose up``
drives it synchronously (``run_steps``: a progress view and ``anyio.run`` per plan, so that a no-op
``up -d`` never imports anyio), the API from its event loop (``drive_steps``, with its event sink and
timeout). What only the CLI does stays in the CLI: the no-op memo, following attached containers and
Ctrl-C (``UpRequest.apply=False`` leaves the up plan to it), printing ``--dry-run``'s plans.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from compose._record import field, record, replace
from compose.engine.port import Engine
from compose.model.frozen import FrozenMap
from compose.model.project import Project
from compose.plan.images import BuildOptions
from compose.plan.observed import ObservedState
from compose.plan.ops import Plan
from compose.plan.options import UpOptions

if TYPE_CHECKING:  # the executor (and anyio) are imported only when a plan runs: not for a no-op up
    from compose.api.images import Steps
    from compose.apply.executor import Outcome

__all__ = ["BUILDING", "PULLING", "RUNNING", "UpRequest", "UpResult", "desired", "label_project", "up_steps"]

PULLING = "Pulling"
BUILDING = "Building"
RUNNING = "Running"


@record
class UpRequest:
    """What ``up`` is asked: the planner's options, the image options, and how far to go."""

    options: UpOptions = field(default_factory=UpOptions)
    images: BuildOptions = field(default_factory=BuildOptions)
    dry_run: bool = False
    """Plan everything, run nothing: ``UpResult.dry_plans`` holds the image plans it would run."""
    apply: bool = True
    """Run the up plan (yield it as ``RUNNING``); False: end with it unrun (attached ``pycompose up``)."""


@record
class UpResult:
    """How an ``up`` went: the observations, the plan, and the outcome that ended it."""

    first: ObservedState
    """The observation before any pull or build."""
    observed: ObservedState
    """The observation the plan was made from."""
    plan: Plan | None
    """The up plan; None when an image step failed."""
    outcome: Outcome | None = None
    """The failed image step's outcome, or the up plan's once it ran (None: not run)."""
    dry_plans: tuple[Plan, ...] = ()

    @property
    def images_ran(self) -> bool:
        """A pull or a build ran (the observation was taken again)."""
        return self.observed is not self.first

    @property
    def failed(self) -> bool:
        return self.outcome is not None and self.outcome.failed


def desired(project: Project, services: Iterable[str] = (), scale: Mapping[str, int] | None = None, *,
            with_deps: bool = True, labels: Mapping[str, str] | None = None) -> Project:
    """The model ``up`` brings about: the selected services (and, ``with_deps``, their dependencies),
    scaled, and labelled with ``labels`` (its services, networks and volumes)."""
    selected = project.with_services(tuple(services), with_deps=with_deps)
    for name, replicas in (scale or {}).items():
        selected = selected.with_scale(name, replicas)
    if labels:
        selected = label_project(selected, labels)
    return selected


def up_steps(engine: Engine, project: Project, request: UpRequest) -> Steps[UpResult]:
    """Observe ``project`` (the ``desired`` model), pull and build what it needs, plan, apply.

    The engine calls between the yields are blocking (an async driver runs them in worker threads).
    A failed pull of an image nothing can build, or a failed build, ends it before planning.
    """
    from compose.api.images import dry_image_plans, image_steps
    from compose.engine.observe import observe
    from compose.plan.reconcile import plan_up

    first = observe(engine, project)
    if request.dry_run:
        observed, plans = dry_image_plans(project, engine, first, request.images)
        return UpResult(first, observed, plan_up(project, observed, request.options), dry_plans=plans)
    observed, failed = yield from image_steps(project, engine, first, request.images)
    if failed is not None:
        return UpResult(first, observed, None, failed)
    plan = plan_up(project, observed, request.options)
    if not request.apply or plan.empty:
        return UpResult(first, observed, plan)
    outcome = yield RUNNING, plan
    return UpResult(first, observed, plan, outcome)


def label_project(project: Project, labels: Mapping[str, str]) -> Project:
    """A copy whose services, networks and volumes (not the external ones) also carry ``labels``."""
    services = FrozenMap((n, replace(s, labels=FrozenMap({**s.labels, **labels})))
                         for n, s in project.services.items())
    networks = FrozenMap((k, n if n.external else replace(n, labels=FrozenMap({**n.labels, **labels})))
                         for k, n in project.networks.items())
    volumes = FrozenMap((k, v if v.external else replace(v, labels=FrozenMap({**v.labels, **labels})))
                        for k, v in project.volumes.items())
    return replace(project, services=services, networks=networks, volumes=volumes)
