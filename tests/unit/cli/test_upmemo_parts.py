"""The no-op memo's own parts, without an engine: its key, its file checks, writing and pruning."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from compose.cli import upmemo
from compose.load import fs

ARGV = ["-p", "demo", "up", "-d"]


def _memo(tmp_path: Path, env: dict[str, str], notes: list[fs.Note] | None = None, **changes: Any) -> Path:
    """A memo as ``remember`` writes it (its engine part made up), for ARGV in ``tmp_path``."""
    memo = {
        "key": upmemo.key(ARGV, str(tmp_path), env),
        "files": [[q, p, upmemo._digest(a)] for q, p, a in notes or []],
        "socket": str(tmp_path / "no-engine.sock"),
        "urls": ["/v1.41/containers/json?all=1"],
        "observed": "0" * 40,
        "progress": None, "ansi": None, "warnings": ["a warning"], "running": [["service:web:1", "demo-web-1"]],
        **changes,
    }
    folder = Path(env["XDG_CACHE_HOME"]) / "pycompose" / "up"
    name = upmemo.slot(ARGV, str(tmp_path))
    upmemo.write(str(folder), name, memo)
    return folder / (name + ".json")


def test_the_key_changes_with_every_input() -> None:
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
    import yaml  # a dependency: its folder's parent, where pip installs and removes packages, is in

    assert os.path.dirname(os.path.dirname(yaml.__file__)) in paths


def test_enabled_only_for_up_and_not_for_stdin_or_when_turned_off() -> None:
    assert upmemo.enabled(ARGV, {})
    assert not upmemo.enabled(["-p", "demo", "ps"], {})
    assert not upmemo.enabled(["-f", "-", "up", "-d"], {})
    assert not upmemo.enabled(ARGV, {"PYCOMPOSE_NO_MEMO": "1"})


def test_file_answers_are_kept_as_digests_in_a_file_only_the_user_reads(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    compose_file = tmp_path / "compose.yaml"
    compose_file.write_text("services: {web: {image: x, environment: {P: hunter2}}}\n")
    with fs.recording() as notes:
        fs.read_text(str(compose_file))
        fs.isfile(str(tmp_path / "compose.override.yaml"))
    path = _memo(tmp_path, env, notes)
    text = path.read_text()
    assert "hunter2" not in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    memo = json.loads(text)
    assert upmemo._same_files(memo["files"])
    compose_file.write_text("services: {web: {image: y}}\n")
    assert not upmemo._same_files(memo["files"])
    compose_file.write_text("services: {web: {image: x, environment: {P: hunter2}}}\n")
    assert upmemo._same_files(memo["files"])
    (tmp_path / "compose.override.yaml").write_text("services: {}\n")
    assert not upmemo._same_files(memo["files"])


def test_recall_without_a_memo_with_a_stale_key_or_without_engine_runs_the_full_up(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert upmemo.recall(ARGV, env, str(tmp_path)) is None
    _memo(tmp_path, env)
    assert upmemo.recall(ARGV, env, str(tmp_path)) is None  # no engine answers on that socket
    assert upmemo.recall(ARGV, {**env, "TAG": "2"}, str(tmp_path)) is None


def test_a_damaged_memo_is_ignored(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    path = _memo(tmp_path, env)
    path.write_text("{not json")
    assert upmemo.recall(ARGV, env, str(tmp_path)) is None
    path.write_text(json.dumps({"key": "x"}))
    assert upmemo.recall(ARGV, env, str(tmp_path)) is None


def test_only_the_newest_memos_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(upmemo, "KEEP", 3)
    for i in range(5):
        upmemo.write(str(tmp_path / "up"), f"m{i}", {"i": i})
    assert len(list((tmp_path / "up").iterdir())) == 3
