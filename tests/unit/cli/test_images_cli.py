"""The CLI side of images: --build-arg parsing, the plain build log, up's image options, dry runs."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest

from compose.apply.events import Event, Status
from compose.cli.main import main
from compose.cli.shared.images import build_args, up_build_options
from compose.errors import UsageError
from compose.plan.images import Build
from compose.plan.options import PullPolicy
from compose.present.buildlog import BuildLogView
from compose.present.plain import PlainView


def test_build_args_take_values_or_the_environment() -> None:
    assert build_args(["A=1", "B=", "C", "D"], {"C": "env"}) == {"A": "1", "B": "", "C": "env", "D": None}
    with pytest.raises(UsageError):
        build_args(["=x"], {})


def test_up_options() -> None:
    options = up_build_options(build=True, no_build=False, pull="always", environ={"X": "1"})
    assert options.build is Build.ALWAYS and options.pull is PullPolicy.ALWAYS and options.env == {"X": "1"}
    assert up_build_options(build=False, no_build=True, pull="policy", environ={}).build is Build.NEVER


def test_plain_build_log_prefixes_lines_and_shortens_errors() -> None:
    out = io.StringIO()
    view = BuildLogView(PlainView(out), out)
    view.on(Event("image:p-web", "Service", "web", Status.WORKING, "Building"))
    view.on(Event("image:p-web", "Service", "web", Status.WORKING, "Building", "Step 1/2 : FROM x"))
    view.on(Event("image:p-web", "Service", "web", Status.WORKING, "Building", " ---> Running in 12"))
    view.on(Event("image:p-web", "Service", "web", Status.ERROR, "Error", "service 'web' failed\nStep 2/2\nboom"))
    assert out.getvalue().splitlines() == [
        " Service web  Building",
        "web  | Step 1/2 : FROM x",
        "web  | ---> Running in 12",
        " Service web  Error: service 'web' failed",
    ]


def test_tty_mode_shows_no_log_lines() -> None:
    out = io.StringIO()
    seen: list[Event] = []

    class Inner:
        def on(self, event: Event) -> None:
            seen.append(event)

        def close(self) -> None:
            pass

    view = BuildLogView(Inner(), out, log=False)
    view.on(Event("image:p-web", "Service", "web", Status.WORKING, "Building", "Step 1/2 : FROM x"))
    assert out.getvalue() == "" and seen[0].detail == "Step 1/2 : FROM x"


def test_build_dry_run_prints_the_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "compose.yaml").write_text(textwrap.dedent("""
        services:
          web:
            build: .
          db:
            image: postgres
    """))
    monkeypatch.chdir(tmp_path)
    assert main(["-p", "demo", "--dry-run", "build", "--no-cache"]) == 0
    assert capsys.readouterr().out == (
        f"#1 BuildImage image:demo-web (web) spec=context={tmp_path} no_cache -- build\n")


def test_push_dry_run_skips_what_is_not_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "compose.yaml").write_text(textwrap.dedent("""
        services:
          web:
            image: reg.example/web:1
            build: .
          db:
            image: postgres
    """))
    monkeypatch.chdir(tmp_path)
    assert main(["-p", "demo", "--dry-run", "push"]) == 0
    assert capsys.readouterr().out == "#1 PushImage image:reg.example/web:1 (reg.example/web:1) -- push\n"


def test_buildkit_only_key_fails_the_build_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    build:\n      context: .\n"
                                           "      cache_to: [type=inline]\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path))
    assert main(["-p", "demo", "--dry-run", "build"]) == 1
    err = capsys.readouterr().err
    assert "services.web.build.cache_to: service 'web' uses cache export (build.cache_to)" in err


def test_unknown_service_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    build: .\n")
    monkeypatch.chdir(tmp_path)
    assert main(["-p", "demo", "--dry-run", "build", "nope"]) == 1
    assert "no such service: nope" in capsys.readouterr().err
