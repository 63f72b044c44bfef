"""Every project Docker Compose v2 accepted in the conformance corpus converts to a model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from compose.model import build_project

CORPUS = Path("/work/shared/corpus/visible")


def _accepted() -> list[tuple[str, dict[str, Any]]]:
    if not CORPUS.is_dir():
        return []
    cases = []
    for expected in sorted(CORPUS.glob("*/expected.json")):
        data = json.loads(expected.read_text())
        if data["exit_code"] == 0:
            cases.append((expected.parent.name, data["output"]))
    return cases


CASES = _accepted()


@pytest.mark.skipif(not CASES, reason="conformance corpus not present")
@pytest.mark.parametrize(("case", "output"), CASES, ids=[c for c, _ in CASES])
def test_corpus_case_converts(case: str, output: dict[str, Any]) -> None:
    project = build_project(output, working_dir="/case", config_files=["/case/compose.yaml"])
    assert project.name == output["name"]
    assert tuple(project.services) == tuple(output.get("services", {}))
    assert tuple(project.networks) == tuple(output.get("networks", {}))
    for name, service in project.services.items():
        assert service.name == name
        assert len(service.config_hash) == 64
        assert len(service.ports) == len(output["services"][name].get("ports", []))
        assert len(service.volumes) == len(output["services"][name].get("volumes", []))


def test_corpus_is_large_enough() -> None:
    if CORPUS.is_dir():
        assert len(CASES) > 300
