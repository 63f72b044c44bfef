"""The transport against real peers: a private dockerd on tcp+TLS, an sshd relaying to the main
engine through ``docker system dial-stdio``, and a context made by the real ``docker context create``."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from private_engine import PrivateEngine, PrivateSshd, make_certs

from compose.engine.engine import engine_for
from compose.errors import EngineUnavailable

DOCKER = "/usr/local/bin/docker"


def pycompose(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DOCKER_", "COMPOSE_"))}
    return subprocess.run([sys.executable, "-m", "compose", *args], env={**base, **env}, cwd=cwd,
                          capture_output=True, text=True, timeout=120, check=False, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def tls_engine() -> Iterator[PrivateEngine]:
    engine = PrivateEngine()
    try:
        engine.start()
        yield engine
    finally:
        engine.close()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "compose.yaml").write_text("services:\n  a:\n    image: pycompose/busybox:latest\n")
    return tmp_path


def test_tls_engine_answers_our_transport_and_the_cli(tls_engine: PrivateEngine, project: Path) -> None:
    engine = engine_for(tls_engine.env)
    try:
        assert engine.api_version.startswith("1.")
        assert engine.list_compose_containers() == []
        assert engine.image_id("pycompose/busybox:latest") is None  # its own, empty data root
        assert engine.list_compose_networks() == []  # the same pooled connection, again
    finally:
        engine.close()
    done = pycompose("-p", "tlsps", "ps", env=tls_engine.env, cwd=project)
    assert done.returncode == 0, done.stderr
    assert "NAME" in done.stdout
    done = pycompose("ls", "--all", env=tls_engine.env, cwd=project)
    assert done.returncode == 0, done.stderr


def test_tls_with_another_ca_is_a_clear_engine_unavailable(tls_engine: PrivateEngine, tmp_path: Path,
                                                           project: Path) -> None:
    other = make_certs(tmp_path / "other", name="another CA")
    env = {**tls_engine.env, "DOCKER_CERT_PATH": str(other)}
    with pytest.raises(EngineUnavailable, match=r"TLS handshake with 127\.0\.0\.1.*failed"):
        engine_for(env)
    done = pycompose("-p", "tlsps", "ps", env=env, cwd=project)
    assert done.returncode != 0
    assert "TLS handshake" in done.stderr and "Traceback" not in done.stderr


def test_tls_without_client_certificate_is_refused(tls_engine: PrivateEngine, tmp_path: Path) -> None:
    only_ca = tmp_path / "ca-only"
    only_ca.mkdir()
    (only_ca / "ca.pem").write_bytes((tls_engine.certs / "ca.pem").read_bytes())
    with pytest.raises(EngineUnavailable):
        engine_for({**tls_engine.env, "DOCKER_CERT_PATH": str(only_ca)})


def test_a_context_made_by_the_docker_cli_is_read(tls_engine: PrivateEngine, tmp_path: Path,
                                                  project: Path) -> None:
    config = tmp_path / "docker-config"
    certs = tls_engine.certs
    base = {k: v for k, v in os.environ.items() if not k.startswith("DOCKER_")}
    created = subprocess.run(
        [DOCKER, "context", "create", "private-tls", "--docker",
         f"host={tls_engine.host},ca={certs / 'ca.pem'},cert={certs / 'cert.pem'},key={certs / 'key.pem'}"],
        env={**base, "DOCKER_CONFIG": str(config)}, capture_output=True, text=True, timeout=60, check=False)
    assert created.returncode == 0, created.stderr
    env = {"DOCKER_CONFIG": str(config), "DOCKER_CONTEXT": "private-tls"}
    engine = engine_for(env)
    try:
        assert engine.transport.host == tls_engine.host
        assert engine.list_compose_containers() == []
    finally:
        engine.close()
    subprocess.run([DOCKER, "context", "use", "private-tls"], env={**base, "DOCKER_CONFIG": str(config)},
                   capture_output=True, timeout=60, check=True)
    done = pycompose("-p", "ctxps", "ps", env={"DOCKER_CONFIG": str(config)}, cwd=project)  # currentContext
    assert done.returncode == 0, done.stderr
    with pytest.raises(EngineUnavailable, match="context 'nope' does not exist"):
        engine_for({"DOCKER_CONFIG": str(config), "DOCKER_CONTEXT": "nope"})


@pytest.fixture(scope="module")
def sshd() -> Iterator[PrivateSshd]:
    server = PrivateSshd()
    try:
        server.start()
        yield server
    finally:
        server.close()


def test_ssh_host_reaches_the_engine_through_dial_stdio(sshd: PrivateSshd, project: Path) -> None:
    host = f"ssh://root@127.0.0.1:{sshd.port}" if sshd.port != 22 else "ssh://root@127.0.0.1"
    env = {"DOCKER_HOST": host, "PYCOMPOSE_SSH_OPTS": sshd.ssh_options}
    engine = engine_for(env)
    try:
        assert engine.image_id("pycompose/busybox:latest") is not None  # the main engine's image
        assert isinstance(engine.list_compose_containers(), list)  # a second call, on the pooled ssh pipe
    finally:
        engine.close()
    done = pycompose("-H", host, "-p", "sshps", "ps", env={"PYCOMPOSE_SSH_OPTS": sshd.ssh_options}, cwd=project)
    assert done.returncode == 0, done.stderr
    assert "NAME" in done.stdout


def test_ssh_with_an_unknown_host_key_is_engine_unavailable(sshd: PrivateSshd, tmp_path: Path) -> None:
    empty = tmp_path / "known_hosts"
    empty.write_text("")
    options = sshd.ssh_options.replace(str(sshd.root / "known_hosts"), str(empty))
    with pytest.raises(EngineUnavailable, match="Host key verification failed"):
        engine_for({"DOCKER_HOST": f"ssh://root@127.0.0.1:{sshd.port}", "PYCOMPOSE_SSH_OPTS": options})
