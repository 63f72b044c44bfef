"""Each error class of `pycompose config`: the message holds file:line and the key path, stdout stays empty."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from compose.cli.main import main


def run_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
               files: dict[str, str], *args: str) -> tuple[int, str, str]:
    for name, text in files.items():
        (tmp_path / name).write_text(textwrap.dedent(text).lstrip("\n"))
    monkeypatch.chdir(tmp_path)
    for var in [v for v in os.environ if v.startswith("COMPOSE_")]:
        monkeypatch.delenv(var)
    code = main(["-p", "test", *args, "config"])
    out, err = capsys.readouterr()
    return code, out, err


CASES = {
    "yaml syntax": (
        {"compose.yaml": "services:\n  web:\n    image: [busybox\n"},
        (), "compose.yaml:", "invalid YAML",
    ),
    "duplicate key": (
        {"compose.yaml": "services:\n  web:\n    image: a\n    image: b\n"},
        (), "compose.yaml:4:5", "services.web.image",
    ),
    "wrong type": (
        {"compose.yaml": "services:\n  web:\n    image: busybox\n    privileged: 3\n"},
        (), "compose.yaml:4:", "services.web.privileged",
    ),
    "unknown key": (
        {"compose.yaml": "services:\n  web:\n    image: busybox\n    imagee: x\n"},
        (), "compose.yaml:4:", "services.web",
    ),
    "missing required variable": (
        {"compose.yaml": "services:\n  web:\n    image: busybox\n    environment:\n      A: ${NEED:?set NEED}\n"},
        (), "compose.yaml:5:7", "services.web.environment.A",
    ),
    "extends cycle": (
        {"compose.yaml": "services:\n  a:\n    image: x\n    extends: b\n  b:\n    extends: a\n"},
        (), "compose.yaml:4:5", "services.a.extends",
    ),
    "bad env file": (
        {"compose.yaml": "services:\n  web:\n    image: busybox\n", ".env": "A=1\nB C=2\n"},
        (), ".env:2:1", "key cannot contain a space",
    ),
    "bad service env file": (
        {"compose.yaml": "services:\n  web:\n    image: busybox\n    env_file: web.env\n",
         "web.env": 'OK=1\nX="unterminated\n'},
        (), "web.env:2:", "unterminated quoted value",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_error_class(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                     capsys: pytest.CaptureFixture[str]) -> None:
    files, args, where, what = CASES[name]
    code, out, err = run_config(tmp_path, monkeypatch, capsys, files, *args)
    assert code != 0
    assert out == ""
    assert where in err
    assert what in err


def test_undefined_reference_names_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    files = {"compose.yaml": "services:\n  web:\n    image: busybox\n    networks: [nope]\n"}
    code, out, err = run_config(tmp_path, monkeypatch, capsys, files)
    assert (code, out) != (0, "") and out == ""
    assert "compose.yaml:4:" in err
    assert "services.web.networks" in err


def test_dependency_cycle_is_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    files = {"compose.yaml": "services:\n  a:\n    image: x\n    depends_on: [b]\n"
                             "  b:\n    image: x\n    depends_on: [a]\n"}
    code, out, err = run_config(tmp_path, monkeypatch, capsys, files)
    assert code != 0 and out == ""
    assert "compose.yaml:" in err
    assert "services.a.depends_on" in err or "services.b.depends_on" in err
    assert "a -> b -> a" in err


def test_success_prints_yaml_and_nothing_on_stderr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    files = {"compose.yaml": "services:\n  web:\n    image: busybox\n    command: echo $$HOME\n"}
    code, out, err = run_config(tmp_path, monkeypatch, capsys, files)
    assert code == 0
    assert err == ""
    assert out.startswith("name: test\nservices:\n  web:\n")
    assert "- echo\n      - $$HOME\n" in out
