"""Which images to pull, build or push, as plans (pure: no engine, no clock of its own).

``up`` prepares images in two plans, run one after the other with a fresh
observation in between (so ``plan_up`` then sees the ids the images really
have and recreates exactly the containers whose image changed):

1. ``plan_up_pulls``: the images a service's pull policy asks for. A pull of an
   image that a ``build:`` section can make is allowed to fail (it is built next).
2. ``plan_up_builds``: the services whose image is still missing, or whose
   policy is ``build`` (``up --build`` sets it on every service with ``build:``).

``pull_policy`` (v2's GetPullPolicy): ``always``, ``never``, ``missing`` (the
default; ``if_not_present`` is its old name), ``build``, and the refresh
policies ``daily``, ``weekly``, ``every_<duration>`` (``every_12h``, ``every_2d``):
pull when the local image was last tagged longer ago than that, or is missing.
``up --pull`` and ``pull --policy`` replace every service's policy;
``--no-build`` drops the ``build:`` sections.

The ``pull``, ``build`` and ``push`` commands have their own plans
(``plan_pull``, ``plan_build``, ``plan_push``); services they leave out come
back as ``Skipped`` notes, as v2 prints them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum
from types import MappingProxyType

from compose._record import field, record
from compose.errors import PlanError
from compose.load.durations import NS_PER_SECOND, DurationError, parse_duration
from compose.model.project import Project
from compose.model.service import Service
from compose.plan.buildspec import build_spec
from compose.plan.observed import ObservedState
from compose.plan.ops import Operation, OpKind, Plan, PlanBuilder
from compose.plan.options import PullPolicy

__all__ = [
    "Build",
    "BuildOptions",
    "ImagePlan",
    "Policy",
    "PullOptions",
    "Skipped",
    "effective_policy",
    "plan_build",
    "plan_pull",
    "plan_push",
    "plan_up_builds",
    "plan_up_pulls",
]

DAY = 86400.0


class Build(Enum):
    """``up``'s choice about building."""

    POLICY = "policy"
    """Build what is missing, and what has ``pull_policy: build``."""
    ALWAYS = "always"
    """``--build``: build every service with ``build:`` before starting."""
    NEVER = "never"
    """``--no-build``: ignore ``build:`` sections (the image must be present or pullable)."""


@record
class Policy:
    """A service's effective pull policy; ``refresh`` in seconds for daily/weekly/every_<d>."""

    kind: str
    """always, never, missing, build or refresh."""
    refresh: float = 0.0

    def must_pull(self, present: bool, tagged_at: float, now: float) -> bool:
        if self.kind == "always":
            return True
        if self.kind in ("never", "build"):
            return False
        if self.kind == "refresh":
            return not present or tagged_at <= 0 or now - tagged_at > self.refresh
        return not present


def _no_args() -> Mapping[str, str | None]:
    return MappingProxyType({})


def _no_env() -> Mapping[str, str]:
    return MappingProxyType({})


@record
class BuildOptions:
    """How images are built (``build`` command, ``up``)."""

    build: Build = Build.POLICY
    pull: PullPolicy = PullPolicy.POLICY
    """``up --pull``."""
    build_args: Mapping[str, str | None] = field(default_factory=_no_args)
    """``--build-arg KEY=VALUE`` (a None value comes from the environment)."""
    no_cache: bool = False
    pull_base: bool = False
    """``build --pull``: pull a newer version of the base images."""
    quiet: bool = False
    memory: int | None = None
    """``build --memory``: the builder's memory limit in bytes (None: the engine's default)."""
    env: Mapping[str, str] = field(default_factory=_no_env)
    """The environment pycompose runs in (where a BuildKit builder would be looked for)."""


@record
class PullOptions:
    policy: str | None = None
    """``pull --policy missing|always``: replaces every service's pull_policy."""
    ignore_buildable: bool = False


@record
class Skipped:
    """A service a plan leaves out, and why (``Skipped - Image is already present locally``)."""

    service: str
    text: str


@record
class ImagePlan:
    plan: Plan
    skipped: tuple[Skipped, ...] = ()


def effective_policy(service: Service, override: PullPolicy | str | None = None) -> Policy:
    """The pull policy of ``service``, or ``override`` (``--pull``/``--policy``) when given."""
    text = override.value if isinstance(override, PullPolicy) else override
    if text in (None, "policy"):
        text = service.pull_policy or "missing"
    text = text.lower()
    if text in ("always", "never", "missing", "build"):
        return Policy(text)
    if text in ("if_not_present", ""):
        return Policy("missing")
    if text == "daily":
        return Policy("refresh", DAY)
    if text == "weekly":
        return Policy("refresh", 7 * DAY)
    if text.startswith("every_"):
        try:
            return Policy("refresh", parse_duration(text[len("every_"):]) / NS_PER_SECOND)
        except DurationError:
            pass
        raise PlanError(f"invalid pull_policy {service.pull_policy!r}: every_ needs a duration like every_12h",
                        path=f"services.{service.name}.pull_policy")
    if text == "refresh":
        return Policy("refresh", 0.0)
    return Policy("missing")


def _buildable(project: Project, options: BuildOptions) -> dict[str, Service]:
    """Image reference -> the first service (in name order) that builds it."""
    if options.build is Build.NEVER:
        return {}
    out: dict[str, Service] = {}
    for name in sorted(project.services):
        service = project.services[name]
        if service.build is not None:
            out.setdefault(service.image_or_default(project.name), service)
    return out


def _up_policy(service: Service, options: BuildOptions) -> Policy:
    if options.build is Build.ALWAYS and service.build is not None:
        return Policy("build")
    return effective_policy(service, options.pull)


def plan_up_pulls(project: Project, observed: ObservedState, options: BuildOptions,
                  tag_times: Mapping[str, float] | None = None, now: float = 0.0) -> Plan:
    """The pulls ``up`` runs first. ``tag_times``: when each local image was last tagged (refresh
    policies); ``now``: the current time in seconds."""
    b = PlanBuilder()
    buildable = _buildable(project, options)
    seen: set[str] = set()
    for name in sorted(project.services):
        service = project.services[name]
        has_build = service.build is not None and options.build is not Build.NEVER
        if service.image is None and has_build:
            continue  # nothing to pull: the image is built
        ref = service.image_or_default(project.name)
        if ref in seen:
            continue
        present = bool(observed.images.get(ref))
        if not _up_policy(service, options).must_pull(present, (tag_times or {}).get(ref, 0.0), now):
            continue
        seen.add(ref)
        args: dict[str, object] = {"platform": service.platform} if service.platform else {}
        reason = "pull_policy " + (service.pull_policy or "missing") if present else "not present locally"
        if ref in buildable:
            args["buildable"] = True
            reason += "; built when the pull fails"
        b.add(Operation(OpKind.PULL_IMAGE, f"image:{ref}", target=ref, args=args), group=f"image:{ref}",
              reason=reason)
    return b.build()


def plan_up_builds(project: Project, observed: ObservedState, options: BuildOptions) -> Plan:
    """The builds ``up`` runs once the pulls are done (and observed): missing images, policy ``build``."""
    b = PlanBuilder()
    for ref, service in _buildable(project, options).items():
        policy = _up_policy(service, options)
        present = bool(observed.images.get(ref))
        if present and policy.kind != "build":
            continue
        _add_build(b, project, service, options, "pull_policy build" if present else "not present locally")
    return b.build()


def plan_build(project: Project, options: BuildOptions, services: Iterable[str] = ()) -> ImagePlan:
    """``pycompose build [SERVICES]``: every (named) service with ``build:``, one build per image."""
    b = PlanBuilder()
    wanted = set(services) or set(project.services)
    skipped = []
    built: set[str] = set()
    for name in sorted(project.services):
        service = project.services[name]
        if name not in wanted:
            continue
        if service.build is None:
            skipped.append(Skipped(name, "Skipped - No build section"))
            continue
        ref = service.image_or_default(project.name)
        if ref in built:
            continue
        built.add(ref)
        _add_build(b, project, service, options, "build")
    return ImagePlan(b.build(), tuple(skipped))


def _add_build(b: PlanBuilder, project: Project, service: Service, options: BuildOptions, reason: str) -> int:
    spec = build_spec(project, service, build_args=options.build_args, no_cache=options.no_cache,
                      pull=options.pull_base, quiet=options.quiet, env=options.env,
                      memory=options.memory)
    return b.add(Operation(OpKind.BUILD_IMAGE, f"image:{spec.image}", target=spec.image, display=service.name,
                           args={"spec": spec}),
                 group=f"service:{service.name}", reason=reason)


def plan_pull(project: Project, observed: ObservedState, options: PullOptions) -> ImagePlan:
    """``pycompose pull [SERVICES]`` (v2's pull): pulls unless the policy, or --ignore-buildable, says no."""
    b = PlanBuilder()
    skipped = []
    pulling: dict[str, str] = {}
    for name in sorted(project.services):
        service = project.services[name]
        why = _pull_skip(service, observed, options)
        if not why and service.image in pulling:
            why = f"Skipped - Image is already being pulled by {pulling[service.image]}"
        if why:
            skipped.append(Skipped(name, why))
            continue
        ref = str(service.image)
        pulling[ref] = name
        args: dict[str, object] = {"platform": service.platform} if service.platform else {}
        if service.build is not None:
            args["buildable"] = True
        b.add(Operation(OpKind.PULL_IMAGE, f"image:{ref}", target=ref, args=args, display=name),
              group=f"image:{ref}", reason="pull")
    return ImagePlan(b.build(), tuple(skipped))


def _pull_skip(service: Service, observed: ObservedState, options: PullOptions) -> str:
    if not service.image:
        return "Skipped - No image to be pulled"
    # without a policy (neither pull_policy nor --policy) the pull command always pulls (v2)
    policy = effective_policy(service, options.policy) if options.policy or service.pull_policy else Policy("always")
    if policy.kind in ("never", "build"):
        return "Skipped"
    if policy.kind == "missing" and observed.images.get(service.image):
        return "Skipped - Image is already present locally"
    if service.build is not None and options.ignore_buildable:
        return "Skipped - Image can be built"
    return ""


def plan_push(project: Project) -> ImagePlan:
    """``pycompose push [SERVICES]``: the image and ``build.tags`` of every service that has both
    ``image:`` and ``build:`` (v2: what is not built here is not pushed)."""
    b = PlanBuilder()
    skipped = []
    seen: set[str] = set()
    for name in sorted(project.services):
        service = project.services[name]
        if service.build is None or not service.image:
            skipped.append(Skipped(name, "Skipped"))
            continue
        for ref in (service.image, *service.build.tags):
            if ref in seen:
                continue
            seen.add(ref)
            b.add(Operation(OpKind.PUSH_IMAGE, f"image:{ref}", target=ref, display=ref),
                  group=f"service:{name}", reason="push")
    return ImagePlan(b.build(), tuple(skipped))
