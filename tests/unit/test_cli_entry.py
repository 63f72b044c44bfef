"""The command's entry points answer --version and reject what they do not know."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import compose
from compose.cli.main import main


def test_version_flag_prints_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"pycompose version {compose.__version__}"


def test_python_dash_m_prints_version() -> None:
    out = subprocess.run([sys.executable, "-m", "compose", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == f"pycompose version {compose.__version__}"


def test_unknown_command_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["no-such-verb"])
    assert exc.value.code == 2
    assert "unknown command 'no-such-verb'" in capsys.readouterr().err


def test_unknown_global_flag_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--no-such-flag"])
    assert exc.value.code == 2
    assert "--no-such-flag" in capsys.readouterr().err


def test_the_command_flushes_its_output_before_it_ends(tmp_path: Path) -> None:
    """The command ends without interpreter teardown (``entry``): output still in the buffers of
    sys.stdout (a pipe: block-buffered) must be written first, small writes and large ones."""
    services = "".join(f"  s{i}:\n    image: busybox\n    environment: {{VALUE: '{'x' * 200}'}}\n" for i in range(300))
    (tmp_path / "compose.yaml").write_text("services:\n" + services)
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    listed = subprocess.run([sys.executable, "-m", "compose", "config", "--services"], cwd=tmp_path,
                            env=buffered, capture_output=True, text=True, check=True)
    assert listed.stdout.split() == sorted(f"s{i}" for i in range(300))
    out = subprocess.run([sys.executable, "-m", "compose", "config", "--format", "json"], cwd=tmp_path,
                         env=buffered, capture_output=True, text=True, check=True)
    assert len(json.loads(out.stdout)["services"]) == 300


@pytest.mark.parametrize(("argv", "code", "err"), [
    (["no-such-verb"], 2, "unknown command 'no-such-verb'"),
    (["-f", "missing.yaml", "config"], 1, "missing.yaml"),
    (["config", "--help"], 0, ""),
])
def test_the_command_exits_with_the_code_main_returns(tmp_path: Path, argv: list[str], code: int, err: str) -> None:
    out = subprocess.run([sys.executable, "-m", "compose", *argv], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == code
    assert err in out.stderr


@pytest.mark.parametrize("how", ["flag", "environment"])
def test_compatibility_is_refused_not_ignored(how: str, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """v1's names (project_service_1) are not implemented: --compatibility says so instead of doing nothing."""
    argv = ["--compatibility", "ps"] if how == "flag" else ["ps"]
    if how == "environment":
        monkeypatch.setenv("COMPOSE_COMPATIBILITY", "true")
    assert main(argv) == 2
    assert "project_service_1" in capsys.readouterr().err
    assert main(["--compatibility", "version", "--short"]) == 0
