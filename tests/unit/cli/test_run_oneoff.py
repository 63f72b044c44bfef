"""run's flags -> the one-off container (compose.plan.oneoff, cli.shared.oneoff_flags, cli.shared.times): no Docker."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from compose.cli.commands import run as run_command
from compose.cli.parsing import CommandParser, options_of
from compose.cli.shared.oneoff_flags import RunOptions, oneoff
from compose.cli.shared.times import timestamp
from compose.errors import UsageError
from compose.graph.loading import load_checked as load_project
from compose.load.options import LoadOptions
from compose.model.convert import project_from_loaded
from compose.model.project import Project
from compose.plan.observed import ObservedState
from compose.plan.oneoff import oneoff_name, oneoff_service, plan_run

STACK = """
services:
  web:
    image: busybox
    command: ["httpd", "-f"]
    environment: {A: "1", B: "2"}
    ports: ["8080:80"]
    restart: always
    cap_add: [NET_ADMIN]
    networks: [front, back]
    secrets: [token]
networks:
  front: {}
  back: {}
secrets:
  token:
    environment: TOKEN
"""


def project(tmp_path: Path) -> Project:
    (tmp_path / "compose.yaml").write_text(textwrap.dedent(STACK))
    loaded = load_project(LoadOptions(files=(str(tmp_path / "compose.yaml"),), environ={"TOKEN": "t"},
                                      cwd=str(tmp_path), project_name="p", select_services=False))
    return project_from_loaded(loaded)


def parse(*argv: str) -> RunOptions:
    """run's flags as the CLI parses them (compose.cli.parsing): a typed ``RunOptions``."""
    parser = CommandParser()
    run_command.configure(parser)
    return options_of(RunOptions, vars(parser.parse_args(argv)))


def test_flags_amend_the_service(tmp_path: Path) -> None:
    args = parse("-e", "B=3", "-e", "HOME", "-l", "x=y", "-u", "1000", "-w", "/tmp", "--entrypoint", "sh -c",
                 "-v", "./data:/data:ro", "--cap-add", "SYS_TIME,NET_ADMIN", "web", "echo", "hi")
    options = oneoff(args, tty=False, environ={"HOME": "/root"}, cwd=str(tmp_path))
    service = oneoff_service(project(tmp_path).services["web"], options)
    assert service.command == ("echo", "hi")
    assert service.entrypoint == ("sh", "-c")
    assert dict(service.environment) == {"A": "1", "B": "3", "HOME": "/root"}
    assert service.labels["x"] == "y"
    assert (service.user, service.working_dir, service.restart) == ("1000", "/tmp", None)
    assert service.ports == ()  # no --service-ports
    assert service.cap_add == ("NET_ADMIN", "SYS_TIME")
    assert service.volumes[-1].source == str(tmp_path / "data") and service.volumes[-1].read_only
    assert service.stdin_open and not service.tty


def test_service_ports_and_publish(tmp_path: Path) -> None:
    web = project(tmp_path).services["web"]
    assert oneoff_service(web, oneoff(parse("-P", "web"), tty=False, environ={}, cwd="/")).ports == web.ports
    published = oneoff_service(web, oneoff(parse("-p", "127.0.0.1:9000:90/udp", "web"), tty=False, environ={},
                                           cwd="/")).ports
    assert [(p.target, p.published, p.host_ip, p.protocol) for p in published] == [(90, "9000", "127.0.0.1", "udp")]
    with pytest.raises(UsageError, match="incompatible"):
        oneoff(parse("-P", "-p", "80", "web"), tty=False, environ={}, cwd="/")


def test_plan_creates_networks_the_container_its_connections_and_files(tmp_path: Path) -> None:
    p = project(tmp_path)
    options = oneoff(parse("--rm", "-d", "web"), tty=False, environ={}, cwd="/")
    service = oneoff_service(p.services["web"], options)
    slug = "ab" * 32
    plan = plan_run(p, service, ObservedState(project="p", images={"busybox": "sha256:1"}), options, slug=slug)
    assert oneoff_name("p", "web", slug) == "p-web-run-abababababab"
    assert plan.render() == textwrap.dedent("""\
        #1 CreateNetwork network:back (p_back) -- not found
        #2 CreateNetwork network:front (p_front) -- not found
        #3 CreateContainer service:web:run (p-web-run-abababababab) after #1,#2 -- run
        #4 ConnectNetwork service:web:run (p-web-run-abababababab) network=p_front after #3 -- network front
        #5 CopyFiles service:web:run (p-web-run-abababababab) paths=/run/secrets/token after #3 -- secrets and configs
        """)
    body = plan.node(3).op.body
    labels = body["Labels"]
    assert labels["com.docker.compose.oneoff"] == "True" and labels["com.docker.compose.slug"] == slug
    assert "com.docker.compose.container-number" not in labels
    assert (body["OpenStdin"], body["AttachStdin"], body["StdinOnce"], body["Tty"]) == (True, True, True, False)
    assert body["HostConfig"]["AutoRemove"] is True and "RestartPolicy" not in body["HostConfig"]
    aliases = body["NetworkingConfig"]["EndpointsConfig"]["p_back"]["Aliases"]
    assert aliases == ["p-web-run-abababababab"]


def test_use_aliases_adds_the_service_name(tmp_path: Path) -> None:
    p = project(tmp_path)
    options = oneoff(parse("--use-aliases", "--name", "custom", "web"), tty=True, environ={}, cwd="/")
    plan = plan_run(p, oneoff_service(p.services["web"], options), ObservedState(project="p"), options, slug="0" * 64)
    body = plan.node(3).op.body
    assert body["NetworkingConfig"]["EndpointsConfig"]["p_back"]["Aliases"] == ["custom", "web"]
    assert body["Tty"] is True and "AutoRemove" not in body["HostConfig"]


def test_times_accept_dates_timestamps_and_durations() -> None:
    now = 1_000_000.0
    assert timestamp("1700000000", now) == 1_700_000_000
    assert timestamp("42m", now) == now - 42 * 60
    assert timestamp("1h30m", now) == now - 5400
    assert timestamp("2013-01-02T13:23:37Z", now) == 1357133017
    assert timestamp("2013-01-02T13:23:37.123456789+01:00", now) == pytest.approx(1357129417.123456)
    with pytest.raises(UsageError, match="invalid time"):
        timestamp("yesterday", now)
