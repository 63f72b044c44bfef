"""Build, push and pull nodes on FakeEngine: results, build-log and per-layer events, failures."""

from __future__ import annotations

from pathlib import Path

import anyio
from fakes.engine import FakeEngine

from compose.apply.events import RecordingSink, Status
from compose.apply.executor import Outcome, execute
from compose.apply.images import BUILD_LOG, bar, human, progress_event
from compose.engine.port import PullProgress
from compose.errors import BuildError
from compose.model import build_project
from compose.plan.images import BuildOptions, plan_build, plan_push
from compose.plan.ops import Operation, OpKind, Plan, PlanBuilder

ENV = {"HOME": "/nonexistent", "PATH": "/nonexistent"}


def run(plan: Plan, engine: FakeEngine, sink: RecordingSink) -> Outcome:
    async def main() -> Outcome:
        return await execute(plan, engine, sink, project="p")

    return anyio.run(main)


def project(tmp_path: Path, **services: dict[str, object]) -> object:
    (tmp_path / "Dockerfile").write_text("FROM x\n")
    return build_project({"name": "p", "services": services}, working_dir=str(tmp_path),
                         config_files=[str(tmp_path / "compose.yaml")])


def test_builds_tag_images_and_stream_their_log(tmp_path: Path) -> None:
    p = project(tmp_path, web={"build": {"context": str(tmp_path)}},
                api={"image": "reg/api:1", "build": {"context": str(tmp_path), "tags": ["reg/api:latest"]}})
    engine, sink = FakeEngine(), RecordingSink()
    outcome = run(plan_build(p, BuildOptions(env=ENV)).plan, engine, sink)  # type: ignore[arg-type]
    assert not outcome.failed
    assert engine.images["p-web"].startswith("sha256:")
    assert engine.images["reg/api:1"] == engine.images["reg/api:latest"] != engine.images["p-web"]
    assert outcome.value(1) == engine.images["reg/api:1"]
    log = [(e.display, e.detail) for e in sink.events if e.text == BUILD_LOG and e.detail]
    assert ("Service web", f"Step 1/1 : FROM {tmp_path}") in log
    assert [e.text for e in sink.events if e.display == "Service web" and e.status is Status.DONE] == ["Built"]


def test_a_rebuild_of_unchanged_inputs_gives_the_same_id_and_a_change_another(tmp_path: Path) -> None:
    p = project(tmp_path, web={"build": {"context": str(tmp_path)}})
    engine = FakeEngine()
    plan = plan_build(p, BuildOptions(env=ENV)).plan  # type: ignore[arg-type]
    first = run(plan, engine, RecordingSink()).value(1)
    assert run(plan, engine, RecordingSink()).value(1) == first
    (tmp_path / "Dockerfile").write_text("FROM y\n")
    assert run(plan, engine, RecordingSink()).value(1) != first


def test_a_failed_build_names_the_service_and_the_step(tmp_path: Path) -> None:
    p = project(tmp_path, web={"build": {"context": str(tmp_path)}}, ok={"build": {"context": str(tmp_path)}})
    engine, sink = FakeEngine(), RecordingSink()
    engine.fail[("build_image", "web")] = BuildError("web", "returned a non-zero code: 3",
                                                     step="Step 2/2 : RUN false", output=["boom"])
    outcome = run(plan_build(p, BuildOptions(env=ENV)).plan, engine, sink)  # type: ignore[arg-type]
    assert [msg for _, msg in outcome.errors] == [
        "service 'web' failed to build: returned a non-zero code: 3\nStep 2/2 : RUN false\nboom"]
    assert "p-ok" in engine.images and "p-web" not in engine.images


def test_push_then_pull_round_trip(tmp_path: Path) -> None:
    p = project(tmp_path, api={"image": "reg/api:1", "build": {"context": str(tmp_path)}})
    engine = FakeEngine()
    run(plan_build(p, BuildOptions(env=ENV)).plan, engine, RecordingSink())  # type: ignore[arg-type]
    built = engine.images["reg/api:1"]
    outcome = run(plan_push(p).plan, engine, RecordingSink())  # type: ignore[arg-type]
    assert not outcome.failed and outcome.value(1).startswith("sha256:")
    assert engine.pullable["reg/api:1"] == built
    engine.images.clear()
    b = PlanBuilder()
    b.add(Operation(OpKind.PULL_IMAGE, "image:reg/api:1", target="reg/api:1"))
    assert run(b.build(), engine, RecordingSink()).value(1) == built


def test_pushing_a_missing_image_fails(tmp_path: Path) -> None:
    p = project(tmp_path, api={"image": "reg/api:1", "build": {"context": str(tmp_path)}})
    outcome = run(plan_push(p).plan, FakeEngine(), RecordingSink())  # type: ignore[arg-type]
    assert [msg for _, msg in outcome.errors] == ["An image does not exist locally with the tag: reg/api:1"]


def test_layer_progress_gets_its_own_event_with_a_bar() -> None:
    node = PlanBuilder()
    node.add(Operation(OpKind.PULL_IMAGE, "image:busybox", target="busybox"))
    pull = node.build().nodes[0]
    layer = progress_event(pull, "Pulling", PullProgress("busybox", "Downloading", "3f4d90098f5b", 1_200_000, 3_400_000))
    assert (layer.display, layer.text, layer.status, layer.resource) == (
        "Layer 3f4d90098f5b", "Downloading", Status.WORKING, "image:busybox#3f4d90098f5b")
    assert layer.detail == "[======>             ] 1.2MB/3.4MB"
    done = progress_event(pull, "Pulling", PullProgress("busybox", "Pull complete", "3f4d90098f5b"))
    assert done.status is Status.DONE and done.detail == ""
    image = progress_event(pull, "Pulling", PullProgress("busybox", "Digest: sha256:abc", "latest"))
    assert (image.display, image.text, image.detail) == ("Image busybox", "Pulling", "Digest: sha256:abc")


def test_bar_and_sizes() -> None:
    assert bar(0, 100) == "[                    ] 0B/100B"
    assert bar(100, 100) == "[===================>] 100B/100B"
    assert [human(n) for n in (512, 1234, 3_400_000, 2_500_000_000)] == ["512B", "1.23kB", "3.4MB", "2.5GB"]
