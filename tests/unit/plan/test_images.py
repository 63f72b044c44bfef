"""Which images up/pull/build/push pull, build and push: pull_policy, --build/--no-build, --pull."""

from __future__ import annotations

from typing import Any

import pytest
from plan_support import MakeProject

from compose.errors import PlanError
from compose.model.project import Project
from compose.plan.images import (
    DAY,
    Build,
    BuildOptions,
    Policy,
    PullOptions,
    effective_policy,
    plan_build,
    plan_pull,
    plan_push,
    plan_up_builds,
    plan_up_pulls,
)
from compose.plan.observed import ObservedState
from compose.plan.ops import OpKind, Plan
from compose.plan.options import PullPolicy

ID = "sha256:" + "1" * 64
NOW = 1_800_000_000.0
NO_BUILDX = {"HOME": "/nonexistent", "PATH": "/nonexistent"}

STACK = """
services:
  db:
    image: postgres:16
  cache:
    image: redis:7
    pull_policy: always
  app:
    build: .
  api:
    image: reg.example/api:1
    build: .
  tool:
    image: tool:1
    pull_policy: never
"""


def observed(p: Project, *present: str) -> ObservedState:
    refs = {s.image_or_default(p.name) for s in p.services.values()}
    return ObservedState(p.name, images={r: (ID if r in present else None) for r in refs})


def targets(plan: Plan, kind: OpKind) -> list[str]:
    return [str(n.op.target) for n in plan.of_kind(kind)]


def opts(**kwargs: Any) -> BuildOptions:
    return BuildOptions(env=NO_BUILDX, **kwargs)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, Policy("missing")),
        ("missing", Policy("missing")),
        ("if_not_present", Policy("missing")),
        ("always", Policy("always")),
        ("never", Policy("never")),
        ("build", Policy("build")),
        ("daily", Policy("refresh", DAY)),
        ("weekly", Policy("refresh", 7 * DAY)),
        ("every_12h", Policy("refresh", 12 * 3600)),
        ("every_2d", Policy("refresh", 2 * DAY)),
        ("every_1h30m", Policy("refresh", 5400)),
    ],
)
def test_effective_policy(make_project: MakeProject, value: str | None, expected: Policy) -> None:
    line = f"\n    pull_policy: {value}" if value else ""
    p = make_project(f"services:\n  s:\n    image: x{line}\n")
    assert effective_policy(p.services["s"]) == expected


def test_override_replaces_the_service_policy(make_project: MakeProject) -> None:
    p = make_project("services:\n  s:\n    image: x\n    pull_policy: never\n")
    assert effective_policy(p.services["s"], PullPolicy.ALWAYS) == Policy("always")
    assert effective_policy(p.services["s"], PullPolicy.POLICY) == Policy("never")
    assert effective_policy(p.services["s"], "missing") == Policy("missing")


def test_a_bad_every_duration_is_an_error(make_project: MakeProject) -> None:
    p = make_project("services:\n  s:\n    image: x\n    pull_policy: every_12h\n")
    bad = p.services["s"].__class__(**{**{f: getattr(p.services["s"], f) for f in ("name", "image")},
                                       "pull_policy": "every_soon"})
    with pytest.raises(PlanError, match="every_12h"):
        effective_policy(bad)


@pytest.mark.parametrize(
    ("policy", "present", "age", "pull"),
    [
        (Policy("missing"), False, 0, True),
        (Policy("missing"), True, 0, False),
        (Policy("always"), True, 0, True),
        (Policy("never"), False, 0, False),
        (Policy("build"), False, 0, False),
        (Policy("refresh", DAY), False, 0, True),
        (Policy("refresh", DAY), True, DAY / 2, False),
        (Policy("refresh", DAY), True, DAY * 2, True),
    ],
)
def test_must_pull(policy: Policy, present: bool, age: float, pull: bool) -> None:
    tagged = NOW - age if present else 0.0
    assert policy.must_pull(present, tagged, NOW) is pull


def test_up_pulls_what_is_missing_and_what_is_always_pulled(make_project: MakeProject) -> None:
    p = make_project(STACK)
    plan = plan_up_pulls(p, observed(p, "redis:7"), opts())
    # app has only build: (nothing to pull); tool is never pulled
    assert targets(plan, OpKind.PULL_IMAGE) == ["reg.example/api:1", "redis:7", "postgres:16"]
    api = plan.nodes[0]
    assert api.op.args["buildable"] is True and "built when the pull fails" in api.reason
    assert plan.render() == (
        "#1 PullImage image:reg.example/api:1 (reg.example/api:1) buildable=True "
        "-- not present locally; built when the pull fails\n"
        "#2 PullImage image:redis:7 (redis:7) -- pull_policy always\n"
        "#3 PullImage image:postgres:16 (postgres:16) -- not present locally\n"
    )


def test_up_with_everything_present_pulls_only_always(make_project: MakeProject) -> None:
    p = make_project(STACK)
    every = [s.image_or_default(p.name) for s in p.services.values()]
    assert targets(plan_up_pulls(p, observed(p, *every), opts()), OpKind.PULL_IMAGE) == ["redis:7"]


def test_up_pull_flag_overrides_policies(make_project: MakeProject) -> None:
    p = make_project(STACK)
    every = [s.image_or_default(p.name) for s in p.services.values()]
    always = plan_up_pulls(p, observed(p, *every), opts(pull=PullPolicy.ALWAYS))
    assert targets(always, OpKind.PULL_IMAGE) == ["reg.example/api:1", "redis:7", "postgres:16", "tool:1"]
    assert plan_up_pulls(p, observed(p), opts(pull=PullPolicy.NEVER)).empty


def test_up_build_flag_builds_instead_of_pulling(make_project: MakeProject) -> None:
    p = make_project(STACK)
    every = [s.image_or_default(p.name) for s in p.services.values()]
    pulls = plan_up_pulls(p, observed(p), opts(build=Build.ALWAYS))
    assert "reg.example/api:1" not in targets(pulls, OpKind.PULL_IMAGE)
    builds = plan_up_builds(p, observed(p, *every), opts(build=Build.ALWAYS))
    assert targets(builds, OpKind.BUILD_IMAGE) == ["reg.example/api:1", "p-app"]


def test_up_builds_missing_images_only(make_project: MakeProject) -> None:
    p = make_project(STACK)
    assert targets(plan_up_builds(p, observed(p, "reg.example/api:1"), opts()), OpKind.BUILD_IMAGE) == ["p-app"]
    every = [s.image_or_default(p.name) for s in p.services.values()]
    assert plan_up_builds(p, observed(p, *every), opts()).empty


def test_pull_policy_build_always_builds(make_project: MakeProject) -> None:
    p = make_project("services:\n  s:\n    build: .\n    pull_policy: build\n")
    assert targets(plan_up_builds(p, observed(p, "p-s"), opts()), OpKind.BUILD_IMAGE) == ["p-s"]
    assert plan_up_pulls(p, observed(p), opts()).empty


def test_no_build_pulls_the_default_name_and_builds_nothing(make_project: MakeProject) -> None:
    p = make_project(STACK)
    assert plan_up_builds(p, observed(p), opts(build=Build.NEVER)).empty
    pulls = targets(plan_up_pulls(p, observed(p), opts(build=Build.NEVER)), OpKind.PULL_IMAGE)
    assert "p-app" in pulls and "reg.example/api:1" in pulls
    assert all("buildable" not in n.op.args for n in plan_up_pulls(p, observed(p), opts(build=Build.NEVER)).nodes)


def test_refresh_policy_uses_the_last_tag_time(make_project: MakeProject) -> None:
    p = make_project("services:\n  s:\n    image: x:1\n    pull_policy: daily\n")
    obs = observed(p, "x:1")
    assert plan_up_pulls(p, obs, opts(), {"x:1": NOW - 3600}, NOW).empty
    assert targets(plan_up_pulls(p, obs, opts(), {"x:1": NOW - 2 * DAY}, NOW), OpKind.PULL_IMAGE) == ["x:1"]


def test_one_build_per_image(make_project: MakeProject) -> None:
    p = make_project("services:\n  a:\n    image: same\n    build: .\n  b:\n    image: same\n    build: .\n")
    assert targets(plan_up_builds(p, observed(p), opts()), OpKind.BUILD_IMAGE) == ["same"]
    assert targets(plan_build(p, opts()).plan, OpKind.BUILD_IMAGE) == ["same"]


def test_build_command_builds_every_named_service_with_a_build_section(make_project: MakeProject) -> None:
    p = make_project(STACK)
    result = plan_build(p, opts(no_cache=True, build_args={"A": "1"}))
    assert targets(result.plan, OpKind.BUILD_IMAGE) == ["reg.example/api:1", "p-app"]
    spec = result.plan.nodes[0].op.args["spec"]
    assert spec.no_cache and dict(spec.args) == {"A": "1"} and spec.service == "api"
    assert [(s.service, s.text) for s in result.skipped] == [
        ("cache", "Skipped - No build section"), ("db", "Skipped - No build section"),
        ("tool", "Skipped - No build section")]
    assert result.plan.render().startswith(f"#1 BuildImage image:reg.example/api:1 (api) spec=context={p.working_dir}")
    only = plan_build(p, opts(), ["app"])
    assert targets(only.plan, OpKind.BUILD_IMAGE) == ["p-app"] and not only.skipped


def test_build_refuses_buildkit_only_keys_when_planning(make_project: MakeProject) -> None:
    p = make_project("services:\n  s:\n    build:\n      context: .\n      ssh: [default]\n")
    with pytest.raises(PlanError, match=r"service 's' uses SSH agent forwarding \(build.ssh\)"):
        plan_build(p, opts())


def test_pull_command(make_project: MakeProject) -> None:
    p = make_project(STACK + "  db2:\n    image: postgres:16\n  local:\n    image: local:1\n    pull_policy: missing\n")
    result = plan_pull(p, observed(p, "local:1"), PullOptions())
    assert targets(result.plan, OpKind.PULL_IMAGE) == ["reg.example/api:1", "redis:7", "postgres:16"]
    assert [n.op.display for n in result.plan.nodes] == ["api", "cache", "db"]
    assert result.plan.nodes[0].op.args == {"buildable": True}
    assert {s.service: s.text for s in result.skipped} == {
        "app": "Skipped - No image to be pulled",
        "db2": "Skipped - Image is already being pulled by db",
        "local": "Skipped - Image is already present locally",
        "tool": "Skipped",
    }


def test_pull_command_pulls_present_images_without_a_policy(make_project: MakeProject) -> None:
    p = make_project("services:\n  a:\n    image: x:1\n  b:\n    image: y:1\n    pull_policy: if_not_present\n")
    result = plan_pull(p, observed(p, "x:1", "y:1"), PullOptions())
    assert targets(result.plan, OpKind.PULL_IMAGE) == ["x:1"]
    assert [(s.service, s.text) for s in result.skipped] == [("b", "Skipped - Image is already present locally")]
    assert plan_pull(p, observed(p, "x:1", "y:1"), PullOptions(policy="missing")).plan.empty


def test_pull_ignore_buildable_and_policy(make_project: MakeProject) -> None:
    p = make_project(STACK)
    result = plan_pull(p, observed(p, "postgres:16"), PullOptions(ignore_buildable=True, policy="missing"))
    assert targets(result.plan, OpKind.PULL_IMAGE) == ["redis:7", "tool:1"]
    assert {s.service: s.text for s in result.skipped}["api"] == "Skipped - Image can be built"
    assert {s.service: s.text for s in result.skipped}["db"] == "Skipped - Image is already present locally"


def test_push_pushes_built_images_with_their_tags(make_project: MakeProject) -> None:
    p = make_project(STACK.replace("    image: reg.example/api:1\n    build: .\n",
                                   "    image: reg.example/api:1\n    build:\n      context: .\n"
                                   "      tags: [reg.example/api:latest]\n"))
    result = plan_push(p)
    assert targets(result.plan, OpKind.PUSH_IMAGE) == ["reg.example/api:1", "reg.example/api:latest"]
    assert sorted(s.service for s in result.skipped) == ["app", "cache", "db", "tool"]
