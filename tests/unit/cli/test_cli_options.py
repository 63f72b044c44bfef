"""The command line becomes typed options at the edge (compose.cli.parsing): GlobalOptions, EngineOptions
and each command's record; no Namespace goes further."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from compose.cli import main as cli_main
from compose.cli.commands import down, rm, run, up
from compose.cli.options import TLS_CACERT, TLS_CERT, TLS_KEY, EngineOptions, GlobalOptions
from compose.cli.parsing import CommandParser, global_options, options_of, parse_command, top_parser


def parse(argv: Sequence[str], module: Any) -> tuple[GlobalOptions, Any]:
    """What ``compose.cli.main.main`` hands to the command's ``run``."""
    top = top_parser("v", "")
    ns = top.parse_args(list(argv))
    command, rest = ns.command, ns.args
    del ns.args, ns.command
    sub = CommandParser(prog=f"pycompose {command}")
    module.configure(sub)
    values = parse_command(sub, rest, ns)
    return global_options(values, command, argv), options_of(module.Options, values)


def test_global_options_before_and_after_the_command() -> None:
    g, o = parse(["-f", "a.yaml", "--profile", "x", "up", "-d", "-f", "b.yaml", "--dry-run", "web"], up)
    assert g.files == ("a.yaml", "b.yaml")  # -f before and after the command: both, in order
    assert g.profiles == ("x",) and g.dry_run and g.command == "up"
    assert isinstance(o, up.UpOptions) and o.detach and o.services == ("web",) and o.scale == ()
    g, _ = parse(["-p", "demo", "--parallel", "2", "--progress", "plain", "down"], down)
    assert (g.project_name, g.parallel, g.progress, g.files, g.env_files) == ("demo", 2, "plain", (), None)


def test_a_commands_own_flag_wins_over_a_global_one() -> None:
    g, o = parse(["rm", "-f", "-s"], rm)
    assert o.force and o.stop and g.files == ()
    g, o = parse(["run", "-p", "8080:80", "--project-name", "x", "web", "echo", "hi"], run)
    assert o.publish == ("8080:80",) and g.project_name == "x"
    assert o.service == "web" and o.command == ("echo", "hi")


def test_records_take_the_parsers_defaults() -> None:
    _, o = parse(["up"], up)
    assert o == up.UpOptions()
    _, o = parse(["down"], down)
    assert o == down.DownOptions()


def test_docker_connection_flags_before_the_command() -> None:
    g, _ = parse(["-H", "tcp://10.0.0.1:2376", "--context", "ci", "--tlsverify", "--tlscacert", "/c/ca.pem",
                  "--tlscert", "/c/cert.pem", "--tlskey", "/c/key.pem", "--log-level", "debug", "down"], down)
    assert g.engine == EngineOptions(host="tcp://10.0.0.1:2376", context="ci", tlsverify=True,
                                     tlscacert="/c/ca.pem", tlscert="/c/cert.pem", tlskey="/c/key.pem",
                                     log_level="debug")
    env = g.engine.environ({"HOME": "/root", "DOCKER_HOST": "unix:///other.sock"})
    assert env == {"HOME": "/root", "DOCKER_HOST": "tcp://10.0.0.1:2376", "DOCKER_CONTEXT": "ci",
                   "DOCKER_TLS_VERIFY": "1", TLS_CACERT: "/c/ca.pem", TLS_CERT: "/c/cert.pem",
                   TLS_KEY: "/c/key.pem"}
    assert EngineOptions().environ({"DOCKER_HOST": "unix:///x"}) == {"DOCKER_HOST": "unix:///x"}
    g, _ = parse(["--host", "unix:///tmp/d.sock", "--tls", "down"], down)
    assert g.engine.environ({}) == {"DOCKER_HOST": "unix:///tmp/d.sock", "DOCKER_TLS": "1"}


@pytest.mark.parametrize("argv", [["ps", "-H", "x"], ["-c", "ci", "ps"], ["--config", "/tmp", "ps"],
                                  ["-l", "debug", "ps"]])
def test_flags_v2_does_not_take_are_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """v2 takes the connection flags before the command only, and has no -c, --config or -l."""
    with pytest.raises(SystemExit) as exit_info:
        cli_main.main(argv)
    assert exit_info.value.code == 2
    capsys.readouterr()


def test_the_connection_flags_are_hidden_from_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli_main.main(["--help"])
    out = capsys.readouterr().out
    assert "--host" not in out and "--tlsverify" not in out and "--project-name" in out


def test_main_passes_typed_options_to_the_command(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[Any, GlobalOptions]] = []
    monkeypatch.setattr(down, "run", lambda o, g: seen.append((o, g)) or 7)
    assert cli_main.main(["-p", "x", "down", "-v", "--rmi", "local"]) == 7
    (o, g), = seen
    assert o == down.DownOptions(volumes=True, rmi="local")
    assert g.project_name == "x" and g.command_line == ("-p", "x", "down", "-v", "--rmi", "local")
