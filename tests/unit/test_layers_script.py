"""scripts/layers: its cycle finder and layer rule can fail (CI runs the script on the package itself)."""

from __future__ import annotations

import importlib.machinery
import importlib.util
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "layers"


def _layers() -> ModuleType:
    loader = importlib.machinery.SourceFileLoader("layers_script", str(SCRIPT))
    spec = importlib.util.spec_from_loader("layers_script", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_cycles_are_found_with_their_members() -> None:
    layers = _layers()
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e2"}, "e2": set()}
    assert layers.cycles(graph) == [["a", "b", "c"]]
    assert layers.cycles({"x": {"y"}, "y": set()}) == []


def test_every_package_has_a_layer_and_the_order_is_the_pipelines() -> None:
    layers = _layers()
    order = [name for names in layers.LAYERS for name in names]
    pipeline = ["load", "validate", "model", "graph", "plan", "engine", "apply", "present", "cli"]
    assert [name for name in order if name in pipeline] == pipeline
    packages = {p.name for p in (SCRIPT.parents[1] / "compose").iterdir() if (p / "__init__.py").exists()}
    assert packages <= set(layers.RANK)
