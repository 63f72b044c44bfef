"""The loader's output (compose.load.pipeline) converts, builds a graph and translates, on the whole corpus.

This is the contract between the loader and the model: every project Docker Compose v2
accepted loads, converts without an issue, has an acyclic graph, and every service either
translates to a create call or is refused with a PlanError naming an attribute.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from compose.errors import PlanError
from compose.graph.build import build_graph
from compose.graph.loading import load_checked as load_project
from compose.load.options import LoadOptions
from compose.model import project_from_loaded
from compose.plan.translate import container_create

CORPUS = Path("/work/shared/corpus/visible")


def _accepted() -> list[tuple[str, dict[str, Any]]]:
    if not CORPUS.is_dir():
        return []
    out = []
    for case_file in sorted(CORPUS.glob("*/case.json")):
        expected = json.loads((case_file.parent / "expected.json").read_text())
        if expected["exit_code"] == 0:
            out.append((case_file.parent.name, json.loads(case_file.read_text())))
    return out


CASES = _accepted()


@pytest.mark.skipif(not CASES, reason="conformance corpus not present")
@pytest.mark.parametrize(("name", "case"), CASES, ids=[n for n, _ in CASES])
def test_loaded_corpus_project_converts_and_translates(name: str, case: dict[str, Any]) -> None:
    folder = CORPUS / name
    mains = case["main"] if isinstance(case["main"], list) else [case["main"]]
    loaded = load_project(
        LoadOptions(
            files=tuple(str(folder / m) for m in mains),
            project_name="corpus",
            environ=dict(case.get("env", {})),
            cwd=str(folder),
        )
    )
    project = project_from_loaded(loaded)
    assert set(project.services) == set(loaded.services)
    build_graph(project)
    for service in project.services.values():
        try:
            create = container_create(project, service, 1, api_version="1.41")
        except PlanError as exc:
            assert exc.path.startswith(f"services.{service.name}."), exc
            continue
        assert create.body["Labels"]["com.docker.compose.service"] == service.name
