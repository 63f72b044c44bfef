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
from typing import TYPE_CHECKING, TypeAlias

from compose.engine.port import Engine
from compose.model.project import Project
from compose.plan.images import BuildOptions, effective_policy, plan_up_builds, plan_up_pulls
from compose.plan.observed import ObservedState
from compose.plan.ops import Plan

__all__ = ["ImageSteps", "fatal_pull_failure", "image_steps", "prepare_images", "run_image_steps", "tag_times"]

if TYPE_CHECKING:  # the executor (and anyio) are imported only when a plan runs: not for a no-op up
    from compose.apply.executor import Outcome

ImageSteps: TypeAlias = "Generator[tuple[str, Plan], Outcome, tuple[ObservedState, Outcome | None]]"


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
    try:
        title, plan = next(steps)
        while True:
            title, plan = steps.send(run(title, plan))
    except StopIteration as done:
        result: tuple[ObservedState, Outcome | None] = done.value
        return result


async def prepare_images(project: Project, engine: Engine, observed: ObservedState, options: BuildOptions,
                         run: Callable[[str, Plan], Awaitable[Outcome]]) -> tuple[ObservedState, Outcome | None]:
    """Drive ``image_steps`` from an event loop: the engine calls in worker threads, the plans by
    ``await run(title, plan)``."""
    import anyio.to_thread

    steps = image_steps(project, engine, observed, options)
    step = await anyio.to_thread.run_sync(_advance, steps, None)
    while isinstance(step, _Step):
        step = await anyio.to_thread.run_sync(_advance, steps, await run(step.title, step.plan))
    return step


class _Step:
    __slots__ = ("plan", "title")

    def __init__(self, title: str, plan: Plan) -> None:
        self.title = title
        self.plan = plan


def _advance(steps: ImageSteps, outcome: Outcome | None) -> _Step | tuple[ObservedState, Outcome | None]:
    """The next step, or the result (a StopIteration cannot cross into a coroutine)."""
    try:
        title, plan = next(steps) if outcome is None else steps.send(outcome)
    except StopIteration as done:
        result: tuple[ObservedState, Outcome | None] = done.value
        return result
    return _Step(title, plan)


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
