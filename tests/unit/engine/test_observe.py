"""observe() on FakeEngine: labelled resources, name lookups for the rest, images."""

from __future__ import annotations

from pathlib import Path

from fakes.engine import FakeEngine

from compose.engine.observe import observe, observe_project
from compose.graph.loading import load_checked as load_project
from compose.load.options import LoadOptions
from compose.model.convert import project_from_loaded
from compose.plan.observed import ObservedNetwork


def test_observe_looks_up_what_the_labels_do_not_show(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text(
        "services:\n  a: {image: pycompose/busybox:latest, networks: [own, outside]}\n"
        "  b: {image: registry.invalid/b:1}\n"
        "networks: {own: {}, outside: {external: true}}\n")
    loaded = load_project(LoadOptions(files=(str(tmp_path / "compose.yaml"),), environ={}, cwd=str(tmp_path),
                                      project_name="p", select_services=False))
    project = project_from_loaded(loaded)
    engine = FakeEngine(images={"pycompose/busybox:latest": "sha256:1"})
    engine.networks["outside"] = ObservedNetwork("n1", "outside")
    engine.add_container("p-a-1", {"com.docker.compose.project": "p", "com.docker.compose.service": "a"})
    engine.add_container("q-a-1", {"com.docker.compose.project": "q", "com.docker.compose.service": "a"})

    observed = observe(engine, project)
    assert [c.name for c in observed.containers] == ["p-a-1"]
    assert observed.named_networks == {"outside": engine.networks["outside"], "p_default": None, "p_own": None}
    assert observed.images == {"pycompose/busybox:latest": "sha256:1", "registry.invalid/b:1": None}
    assert observed.network("outside") is engine.networks["outside"]
    assert observe_project(engine, "q").containers[0].name == "q-a-1"
