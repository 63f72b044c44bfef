from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from compose.model import Project, build_project

DATA = Path(__file__).parent / "data"


@pytest.fixture
def full_data() -> dict[str, Any]:
    """Docker Compose v2.40.3's `config --format json` of data/full.compose.yaml (every attribute)."""
    data: dict[str, Any] = json.loads((DATA / "full.expected.json").read_text())
    return data


@pytest.fixture
def full(full_data: dict[str, Any]) -> Project:
    return build_project(full_data, working_dir="/proj", config_files=["/proj/compose.yaml"])
