"""The one ``up`` (compose.api.up): its steps driven sync (the CLI) and async (the API), on a fake engine."""

from __future__ import annotations

from pathlib import Path

import anyio
from fakes.engine import FakeEngine

from compose.api.images import PLANNED_ID, drive_steps, run_steps
from compose.api.loading import load_async
from compose.api.up import BUILDING, PULLING, RUNNING, UpRequest, desired, up_steps
from compose.apply.events import NullSink
from compose.apply.executor import Outcome, execute
from compose.model.project import Project
from compose.plan.ops import Plan

COMPOSE = """
services:
  db:
    image: registry.example/db:1
  app:
    build: ./app
    image: example/app:dev
    depends_on: [db]
  tool:
    image: registry.example/db:1
    profiles: [tools]
"""


def project(tmp_path: Path) -> Project:
    (tmp_path / "app").mkdir(exist_ok=True)
    (tmp_path / "app" / "Dockerfile").write_text("FROM scratch\n")
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    return load_async(tmp_path / "compose.yaml", project_name="p", inherit_env=False).project


def fake() -> FakeEngine:
    engine = FakeEngine()
    engine.pullable["registry.example/db:1"] = "sha256:db"
    return engine


def test_the_steps_pull_build_then_run_the_up_plan(tmp_path: Path) -> None:
    engine = fake()
    titles: list[str] = []

    def run(title: str, plan: Plan) -> Outcome:
        titles.append(title)
        return anyio.run(lambda: execute(plan, engine, NullSink(), project="p"))

    result = run_steps(up_steps(engine, project(tmp_path), UpRequest()), run)
    assert titles == [PULLING, BUILDING, RUNNING]
    assert result.images_ran and result.plan is not None and not result.failed
    assert result.outcome is not None
    assert sorted(c.name for c in engine.list_containers("p")) == ["p-app-1", "p-db-1"]
    again = run_steps(up_steps(engine, project(tmp_path), UpRequest()), run)
    assert again.plan is not None and again.plan.empty and again.outcome is None  # nothing to do: nothing run
    assert titles[3:] == []


def test_apply_false_ends_with_the_plan_unrun(tmp_path: Path) -> None:
    engine = fake()
    titles: list[str] = []

    async def run(title: str, plan: Plan) -> Outcome:
        titles.append(title)
        return await execute(plan, engine, NullSink(), project="p")

    result = anyio.run(drive_steps, up_steps(engine, project(tmp_path), UpRequest(apply=False)), run)
    assert titles == [PULLING, BUILDING]
    assert result.plan is not None and not result.plan.empty and result.outcome is None
    assert engine.list_containers("p") == []


def test_a_dry_run_plans_everything_and_runs_nothing(tmp_path: Path) -> None:
    engine = fake()

    def run(title: str, plan: Plan) -> Outcome:
        raise AssertionError(f"a dry run ran {title}")

    result = run_steps(up_steps(engine, project(tmp_path), UpRequest(dry_run=True)), run)
    assert [len(p.nodes) > 0 for p in result.dry_plans] == [True, True]  # the pulls, the build
    assert result.observed.images["example/app:dev"] == PLANNED_ID
    assert result.plan is not None and "CreateContainer service:app:1" in result.plan.render()
    assert engine.calls_of("pull_image", "build_image", "create_container") == []


def test_desired_selects_scales_and_labels(tmp_path: Path) -> None:
    p = desired(project(tmp_path), ["app"], {"app": 2}, labels={"x": "y"})
    assert sorted(p.services) == ["app", "db"] and p.services["app"].scale == 2
    assert p.services["db"].labels["x"] == "y"
    alone = desired(project(tmp_path), ["app"], with_deps=False)
    assert sorted(alone.services) == ["app"] and "db" in alone.disabled
