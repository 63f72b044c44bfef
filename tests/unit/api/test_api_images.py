"""The shared image step (compose.api.images): pull, then build, driven sync (CLI) and async (API)."""

from __future__ import annotations

from pathlib import Path

import anyio
from fakes.engine import FakeEngine

from compose.api.images import image_steps, prepare_images, run_image_steps
from compose.api.loading import load_async
from compose.apply.events import NullSink
from compose.apply.executor import Outcome, execute
from compose.engine.observe import observe
from compose.model.project import Project
from compose.plan.images import BuildOptions
from compose.plan.ops import Plan

COMPOSE = """
services:
  db:
    image: registry.example/db:1
  app:
    build: ./app
    image: example/app:dev
"""


def project(tmp_path: Path) -> Project:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "Dockerfile").write_text("FROM scratch\n")
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    return load_async(tmp_path / "compose.yaml", project_name="p", inherit_env=False).project


def test_sync_driver_pulls_then_builds(tmp_path: Path) -> None:
    engine = FakeEngine()
    engine.pullable["registry.example/db:1"] = "sha256:db"
    p = project(tmp_path)
    titles: list[str] = []

    def run(title: str, plan: Plan) -> Outcome:
        titles.append(title)
        return anyio.run(lambda: execute(plan, engine, NullSink(), project="p"))

    observed, failed = run_image_steps(image_steps(p, engine, observe(engine, p), BuildOptions()), run)
    assert failed is None
    assert titles == ["Pulling", "Building"]
    assert observed.images["registry.example/db:1"] == "sha256:db"
    assert (observed.images["example/app:dev"] or "").startswith("sha256:")
    calls = engine.calls_of("pull_image", "build_image")
    # the app's image is tried from the registry first (as v2 does), then built when that fails
    assert sorted(calls[:2]) == [("pull_image", "example/app:dev"), ("pull_image", "registry.example/db:1")]
    assert calls[2:] == [("build_image", "app")]


def test_async_driver_stops_at_a_pull_nothing_can_replace(tmp_path: Path) -> None:
    engine = FakeEngine()  # the registry has nothing
    p = project(tmp_path)
    titles: list[str] = []

    async def run(title: str, plan: Plan) -> Outcome:
        titles.append(title)
        return await execute(plan, engine, NullSink(), project="p")

    _, failed = anyio.run(lambda: prepare_images(p, engine, observe(engine, p), BuildOptions(), run))
    assert titles == ["Pulling"]
    assert failed is not None and failed.failed
    assert "registry.example/db:1" not in engine.images


def test_nothing_to_do_runs_nothing(tmp_path: Path) -> None:
    engine = FakeEngine(images={"registry.example/db:1": "sha256:db", "example/app:dev": "sha256:app"})
    p = project(tmp_path)

    def run(title: str, plan: Plan) -> Outcome:
        raise AssertionError("no plan to run")

    observed, failed = run_image_steps(image_steps(p, engine, observe(engine, p), BuildOptions()), run)
    assert failed is None and observed.images["example/app:dev"] == "sha256:app"
