"""Up's image step, one definition for the CLI and the Python API: pull what the pull policies ask
for, observe, build what is still missing (or always, with ``Build.ALWAYS``), observe again.

``image_steps`` is a generator that yields each plan to run, ``(title, plan)``, and receives
its ``Outcome``: the caller decides how a plan runs (a progress view and ``anyio.run`` in
``pycompose up``, the API's event sink inside its event loop) and the order of the steps
stays in one place. It ends (``StopIteration.value``) with the new observation and the
outcome that must stop ``up`` (a failed pull of an image nothing can build, a failed
build), else None. Its engine calls are blocking: an async driver runs each step in a
worker thread (``prepare_images``).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Generator
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from compose.engine.port import Engine
from compose.model.project import Project
from compose.plan.images import BuildOptions, effective_policy, plan_up_builds, plan_up_pulls
from compose.plan.observed import ObservedState
from compose.plan.ops import Plan

__all__ = ["PLANNED_ID", "ImageSteps", "Steps", "drive_steps", "dry_image_plans", "fatal_pull_failure", "image_steps",
           "prepare_images", "run_image_steps", "run_steps", "tag_times"]

if TYPE_CHECKING:  # the executor (and anyio) are imported only when a plan runs: not for a no-op up
    from compose.apply.executor import Outcome

R = TypeVar("R")
Steps: TypeAlias = "Generator[tuple[str, Plan], Outcome, R]"
"""Plans to run, each yielded as ``(title, plan)`` and answered with its ``Outcome``; the result at the end."""
ImageSteps: TypeAlias = "Generator[tuple[str, Plan], Outcome, tuple[ObservedState, Outcome | None]]"

PLANNED_ID = "sha256:(to be built)"
"""The id a dry run assumes for an image it would build."""


def image_steps(project: Project, engine: Engine, observed: ObservedState, options: BuildOptions) -> ImageSteps:
    """The pull plan, then the build plan (each only when not empty), observing after each."""
    from compose.engine.observe import observe

    pulls = plan_up_pulls(project, observed, options, tag_times(engine, project, options), time.time())
    if not pulls.empty:
        outcome = yield "Pulling", pulls
        if fatal_pull_failure(outcome):
            return observed, outcome
        observed = observe(engine, project)
    builds = plan_up_builds(project, observed, options)
    if not builds.empty:
        outcome = yield "Building", builds
        if outcome.failed:
            return observed, outcome
        observed = observe(engine, project)
    return observed, None


def run_image_steps(steps: ImageSteps, run: Callable[[str, Plan], Outcome]) -> tuple[ObservedState, Outcome | None]:
    """Drive ``steps`` synchronously: ``run(title, plan)`` executes each plan."""
    return run_steps(steps, run)


def run_steps(steps: Steps[R], run: Callable[[str, Plan], Outcome]) -> R:
    """Drive any ``Steps`` synchronously: ``run(title, plan)`` executes each plan; the steps' result."""
    try:
        title, plan = next(steps)
        while True:
            title, plan = steps.send(run(title, plan))
    except StopIteration as done:
        result: R = done.value
        return result


async def prepare_images(project: Project, engine: Engine, observed: ObservedState, options: BuildOptions,
                         run: Callable[[str, Plan], Awaitable[Outcome]]) -> tuple[ObservedState, Outcome | None]:
    """Drive ``image_steps`` from an event loop (``drive_steps``)."""
    return await drive_steps(image_steps(project, engine, observed, options), run)


async def drive_steps(steps: Steps[R], run: Callable[[str, Plan], Awaitable[Outcome]]) -> R:
    """Drive any ``Steps`` from an event loop: their engine calls in worker threads, the plans by
    ``await run(title, plan)``."""
    import anyio.to_thread

    step: Any = await anyio.to_thread.run_sync(_advance, steps, None)
    while isinstance(step, _Step):
        step = await anyio.to_thread.run_sync(_advance, steps, await run(step.title, step.plan))
    result: R = step.value
    return result


class _Step:
    __slots__ = ("plan", "title")

    def __init__(self, title: str, plan: Plan) -> None:
        self.title = title
        self.plan = plan


class _Done:
    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value


def _advance(steps: Steps[Any], outcome: Outcome | None) -> _Step | _Done:
    """The next step, or the result (a StopIteration cannot cross into a coroutine)."""
    try:
        title, plan = next(steps) if outcome is None else steps.send(outcome)
    except StopIteration as done:
        return _Done(done.value)
    return _Step(title, plan)


def dry_image_plans(project: Project, engine: Engine, observed: ObservedState,
                    options: BuildOptions) -> tuple[ObservedState, tuple[Plan, ...]]:
    """What ``image_steps`` would run, without running it (``--dry-run``): the pull and build plans
    (the non-empty ones), and the observation with a placeholder id for each image it would build."""
    from compose._record import replace

    pulls = plan_up_pulls(project, observed, options, tag_times(engine, project, options), time.time())
    builds = plan_up_builds(project, observed, options)
    planned = {str(n.op.target): PLANNED_ID for n in builds.nodes}
    plans = tuple(plan for plan in (pulls, builds) if not plan.empty)
    return replace(observed, images={**observed.images, **planned}), plans


def fatal_pull_failure(outcome: Outcome) -> bool:
    """A failed pull stops ``up`` unless a ``build:`` section can make the image instead."""
    return any(not node.op.args.get("buildable") for node, _ in outcome.errors)


def tag_times(engine: Engine, project: Project, options: BuildOptions) -> dict[str, float]:
    """When the images with a refresh policy (daily, weekly, every_<d>) were last tagged."""
    refs = {s.image for s in project.services.values()
            if s.image and effective_policy(s, options.pull).kind == "refresh"}
    out = {}
    for ref in sorted(refs):
        info = engine.inspect_image(ref)
        if info is not None:
            out[ref] = info.last_tag_time
    return out
