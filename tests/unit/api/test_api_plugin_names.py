"""The plugin's project names: unique per run and xdist worker, stable with --compose-keep/--compose-reuse."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest

from compose.pytest_plugin import StackManager, project_name, run_identity


def test_names_are_valid_project_names() -> None:
    assert project_name("pytest", "My_Fixture", run_id="ab12cd34", worker="gw0") == "pytest-ab12cd34-gw0-my_fixture"
    assert project_name("CI Stack!", "a.b") == "ci-stack-a-b"
    assert project_name("", "") == "stack"
    for name in (project_name("-x", "é"), project_name("_", "Web Server")):
        assert re.fullmatch(r"[a-z0-9][a-z0-9_-]*", name)


def test_xdist_workers_share_the_run_id_and_differ_by_worker() -> None:
    gw0: Any = SimpleNamespace(workerinput={"testrunuid": "0123456789abcdef", "workerid": "gw0"})
    gw1: Any = SimpleNamespace(workerinput={"testrunuid": "0123456789abcdef", "workerid": "gw1"})
    assert run_identity(gw0) == ("01234567", "gw0")
    assert run_identity(gw1) == ("01234567", "gw1")


def test_the_xdist_controller_hands_its_run_id_to_the_workers() -> None:
    controller: Any = SimpleNamespace(option=SimpleNamespace(testrunuid=None))
    run_id, worker = run_identity(controller)
    assert worker == "" and controller.option.testrunuid.startswith(run_id)
    given: Any = SimpleNamespace(option=SimpleNamespace(testrunuid="feedbeef00"))
    assert run_identity(given) == ("feedbeef", "")


def test_sessions_get_different_run_ids() -> None:
    plain: Any = SimpleNamespace(option=SimpleNamespace())
    first, second = run_identity(plain), run_identity(plain)
    assert first[1] == "" and first[0] != second[0] and re.fullmatch(r"[0-9a-f]{8}", first[0])


def test_keep_and_reuse_use_stable_names(pytestconfig: pytest.Config) -> None:
    normal = StackManager(pytestconfig, "ab12cd34", "gw3")
    assert normal.name_for("db") == "pytest-ab12cd34-gw3-db"
    kept = StackManager(pytestconfig, "ab12cd34", "gw3", keep=True)
    assert kept.name_for("db") == "pytest-gw3-db"
    reused = StackManager(pytestconfig, "ffffffff", "", reuse=True, prefix="ci")
    assert reused.name_for("db") == "ci-db"
