"""The ``make_project`` fixture (helpers live in plan_support.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from plan_support import MakeProject, project_maker


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    return project_maker(tmp_path)
