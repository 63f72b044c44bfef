"""The no-op memo's own parts, without an engine: its key, its file checks, writing and pruning."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from compose.cli import upmemo
from compose.engine.observe import Query
from compose.load import fs
from compose.plan.observed import ObservedState

ARGV = ["-p", "demo", "up", "-d"]


def _outcome() -> upmemo.Outcome:
    return upmemo.Outcome(None, None, ("a warning",), (("service:web:1", "demo-web-1"),))


def _remember(tmp_path: Path, env: dict[str, str], notes: list[fs.Note] | None = None) -> Path:
    upmemo.remember(ARGV, notes or [], Query("demo", ("demo_default",), (), ("img",)), ObservedState("demo"),
                    _outcome(), environ=env, cwd=str(tmp_path))
    return Path(env["XDG_CACHE_HOME"]) / "pycompose" / "up" / (upmemo.slot(ARGV, str(tmp_path)) + ".json")


def test_the_key_changes_with_every_input(tmp_path: Path) -> None:
    env = {"HOME": "/h", "TAG": "1"}
    base = upmemo.key(ARGV, "/w", env)
    assert upmemo.key(ARGV, "/w", dict(env)) == base
    assert upmemo.key([*ARGV, "web"], "/w", env) != base
    assert upmemo.key(ARGV, "/elsewhere", env) != base
    assert upmemo.key(ARGV, "/w", {**env, "TAG": "2"}) != base
    assert upmemo.key(ARGV, "/w", {**env, "NEW": ""}) != base


def test_the_code_fingerprint_covers_the_package() -> None:
    paths = {path for path, _, _ in upmemo.code_fingerprint()}
    assert upmemo.__file__ in paths
    assert any(p.endswith(os.path.join("load", "pipeline.py")) for p in paths)
    assert not any("__pycache__" in p for p in paths)


def test_enabled_only_for_up_and_not_for_stdin_or_when_turned_off() -> None:
    assert upmemo.enabled(ARGV, {})
    assert not upmemo.enabled(["-p", "demo", "ps"], {})
    assert not upmemo.enabled(["-f", "-", "up", "-d"], {})
    assert not upmemo.enabled(ARGV, {"PYCOMPOSE_NO_MEMO": "1"})


def test_remember_writes_digests_only_readable_by_the_user(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "SECRET": "hunter2"}
    compose_file = tmp_path / "compose.yaml"
    compose_file.write_text("services: {web: {image: x, environment: {P: hunter2}}}\n")
    with fs.recording() as notes:
        fs.read_text(str(compose_file))
    path = _remember(tmp_path, env, notes)
    text = path.read_text()
    assert "hunter2" not in text
    memo = json.loads(text)
    assert memo["query"] == {"project": "demo", "networks": ["demo_default"], "volumes": [], "images": ["img"]}
    assert memo["running"] == [["service:web:1", "demo-web-1"]]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert upmemo._same_files(memo["files"])
    compose_file.write_text("services: {web: {image: y}}\n")
    assert not upmemo._same_files(memo["files"])


def test_recall_without_a_memo_or_with_a_stale_key_runs_the_full_up(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "DOCKER_HOST": f"unix://{tmp_path}/no-engine.sock"}
    assert upmemo.recall(ARGV, env, str(tmp_path)) is None
    _remember(tmp_path, env)
    assert upmemo.recall(ARGV, {**env, "TAG": "2"}, str(tmp_path)) is None  # another environment
    assert upmemo.recall(ARGV, env, str(tmp_path)) is None  # same key, but no engine answers


def test_a_damaged_memo_is_ignored(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    path = _remember(tmp_path, env)
    path.write_text("{not json")
    assert upmemo.recall(ARGV, env, str(tmp_path)) is None
    path.write_text(json.dumps({"key": "x"}))
    assert upmemo.recall(ARGV, env, str(tmp_path)) is None


def test_only_the_newest_memos_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(upmemo, "KEEP", 3)
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    for i in range(5):
        (tmp_path / str(i)).mkdir()
        _remember(tmp_path / str(i), env)
    kept = sorted((tmp_path / "cache" / "pycompose" / "up").iterdir())
    assert len(kept) == 3
