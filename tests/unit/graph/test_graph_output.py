"""``pycompose graph``: dot that Graphviz draws, Mermaid and JSON shapes, --critical-path; no networkx elsewhere."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from compose.graph.loading import load_model
from compose.load.options import LoadOptions
from compose.present.graph import edge_label, graph_document, render_mermaid

ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "examples" / "demo" / "compose.yaml"


def _pycompose(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "compose", "-f", str(DEMO), "graph", *args],
                          capture_output=True, text=True, check=True, cwd=ROOT,
                          env={**os.environ, "DEMO_PORT": "8080"})


def _demo():  # type: ignore[no-untyped-def]
    return load_model(LoadOptions(files=(str(DEMO),), environ={}, cwd=str(ROOT)))


@pytest.mark.skipif(shutil.which("dot") is None, reason="graphviz is installed by scripts/ensure-engine")
def test_dot_of_the_demo_renders_with_graphviz() -> None:
    dot = _pycompose("--format", "dot").stdout
    assert dot.startswith('digraph "demo" {')
    assert '"service:worker" -> "service:web" [label="healthy"];' in dot
    svg = subprocess.run(["dot", "-Tsvg"], input=dot, capture_output=True, text=True, check=True).stdout
    assert "<svg" in svg and ">worker</text>" in svg and ">data</text>" in svg


def test_critical_path_of_the_demo() -> None:
    out = _pycompose("--critical-path").stdout
    assert out.splitlines()[-1] == "critical path: init -> web -> worker: 20s worst case"
    data = json.loads(_pycompose("--critical-path", "--format", "json").stdout)
    assert data["seconds"] == 20.0
    assert [s["service"] for s in data["steps"]] == ["init", "web", "worker"]


def test_json_shape() -> None:
    doc = json.loads(_pycompose("--format", "json").stdout)
    assert doc == graph_document(_demo().graph, "demo")
    assert doc["project"] == "demo"
    assert doc["nodes"][:3] == [{"id": "service:init", "kind": "service", "name": "init"},
                                {"id": "service:web", "kind": "service", "name": "web"},
                                {"id": "service:worker", "kind": "service", "name": "worker"}]
    assert {"from": "service:worker", "to": "service:web", "kinds": ["depends_on"],
            "condition": "service_healthy", "required": True, "restart": False} in doc["edges"]
    assert {"from": "service:init", "to": "volume:data", "kinds": ["volume"], "condition": "service_started",
            "required": True, "restart": False} in doc["edges"]
    assert doc["missing"] == []


def test_mermaid_shape() -> None:
    text = render_mermaid(_demo().graph)
    lines = text.splitlines()
    assert lines[0] == "flowchart BT"
    assert '  n0["init"]' in lines and '  n3(["back"])' in lines and '  n5[("data")]' in lines
    assert "  n2 -->|healthy| n1" in lines and "  n1 -->|completed| n0" in lines
    assert "  n0 -.- n5" in lines


def test_edge_labels(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").write_text(
        "services:\n  a: {image: x, links: [b], depends_on: {c: {condition: service_healthy, restart: true,"
        " required: false}}}\n  b: {image: x}\n  c: {image: x}\n")
    graph = load_model(LoadOptions(files=(str(tmp_path / "compose.yaml"),), environ={}, cwd=str(tmp_path))).graph
    assert edge_label(graph.edge("a", "c")) == "healthy, restart, optional"  # type: ignore[arg-type]
    # v2 adds a depends_on entry for a link (restart: true), so the edge has both kinds
    assert edge_label(graph.edge("a", "b")) == "started, link, restart"  # type: ignore[arg-type]


def test_the_hot_path_does_not_import_networkx() -> None:
    probe = (
        "import sys\n"
        "from compose.graph.loading import load_model\n"
        "from compose.load.options import LoadOptions\n"
        "from compose.plan.lifecycle import dependency_graph, plan_start\n"
        "from compose.plan.observed import ObservedState\n"
        "from compose.plan.reconcile import plan_up\n"
        "from compose.plan.teardown import plan_down\n"
        f"m = load_model(LoadOptions(files=({str(DEMO)!r},), environ={{}}, cwd='.'))\n"
        "o = ObservedState('demo'); plan_up(m.project, o); plan_down(m.project, o)\n"
        "m.graph.start_order(); m.graph.stop_order(); m.graph.select(['worker'])\n"
        "print('networkx' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"
