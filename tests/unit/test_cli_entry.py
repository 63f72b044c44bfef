"""The command's entry points answer --version and reject what they do not know."""

from __future__ import annotations

import subprocess
import sys

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
