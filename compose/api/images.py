"""Up's image step, shared by the CLI and the Python API: pull what the pull policies ask for,
observe, build what is still missing (or always, with ``Build.ALWAYS``), observe again.

The caller says how a plan runs (``run(plan, title)``: with which view, which limiter), so
the same steps serve ``pycompose up`` (progress on the terminal) and ``Stack.up`` (events to
a callback).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

import anyio.to_thread

from compose.apply.executor import Outcome
from compose.engine.port import Engine
from compose.model.project import Project
from compose.plan.images import BuildOptions, effective_policy, plan_up_builds, plan_up_pulls
from compose.plan.observed import ObservedState
from compose.plan.ops import Plan

__all__ = ["PlanRunner", "fatal_pull_failure", "prepare_images", "tag_times"]

PlanRunner = Callable[[Plan, str], Awaitable[Outcome]]
"""Runs a plan; the string is a title for a progress view (``Pulling``, ``Building``)."""


async def prepare_images(project: Project, engine: Engine, observed: ObservedState, options: BuildOptions,
                         run: PlanRunner) -> tuple[ObservedState, Outcome | None]:
    """Pull, then build, what ``up`` needs. Returns the new observation, and the outcome that must
    stop ``up`` (a failed pull of an image nothing can build, a failed build), else None."""
    from compose.engine.observe import observe

    times = await anyio.to_thread.run_sync(tag_times, engine, project, options)
    pulls = plan_up_pulls(project, observed, options, times, time.time())
    if not pulls.empty:
        outcome = await run(pulls, "Pulling")
        if fatal_pull_failure(outcome):
            return observed, outcome
        observed = await anyio.to_thread.run_sync(observe, engine, project)
    builds = plan_up_builds(project, observed, options)
    if not builds.empty:
        outcome = await run(builds, "Building")
        if outcome.failed:
            return observed, outcome
        observed = await anyio.to_thread.run_sync(observe, engine, project)
    return observed, None


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
