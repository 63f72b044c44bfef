"""up -d / --wait, ps, down on the real engine: names, labels, convergence, scale, orphans, cleanup."""

from __future__ import annotations

import time
import urllib.request

from stack_support import Stack

DEMO = """
services:
  init:
    image: pycompose/busybox:latest
    command: ["sh", "-c", "mkdir -p /data/www && echo hello-pycompose > /data/www/index.html"]
    volumes: [data:/data]
    networks: [back]
  web:
    image: pycompose/busybox:latest
    command: ["httpd", "-f", "-p", "8080", "-h", "/data/www"]
    ports: ["127.0.0.1::8080"]
    volumes: ["data:/data:ro"]
    depends_on:
      init: {condition: service_completed_successfully}
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"]
      interval: 1s
      timeout: 2s
      retries: 10
    networks: [front, back]
    stop_grace_period: 1s
  worker:
    image: pycompose/busybox:latest
    init: true
    command: ["sh", "-c", "while true; do wget -q -O /dev/null http://web:8080/ && echo fetched; sleep 1; done"]
    depends_on:
      web: {condition: service_healthy}
    networks: [back]
volumes:
  data: {}
networks:
  front: {}
  back: {}
"""


def test_up_wait_ps_and_down(stack: Stack) -> None:
    stack.write(DEMO)
    stack.run("up", "-d", "--wait")
    port = stack.published_port("web", 8080)
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
        assert response.read().decode().strip() == "hello-pycompose"

    names = [c.name for c in stack.containers()]
    assert names == [f"{stack.name}-init-1", f"{stack.name}-web-1", f"{stack.name}-worker-1"]
    web = stack.container("web-1")
    labels = web.labels
    assert labels["com.docker.compose.project"] == stack.name
    assert labels["com.docker.compose.service"] == "web"
    assert labels["com.docker.compose.container-number"] == "1"
    assert labels["com.docker.compose.oneoff"] == "False"
    assert labels["com.docker.compose.depends_on"] == "init:service_completed_successfully:false"
    assert labels["com.docker.compose.image"].startswith("sha256:")
    assert labels["com.docker.compose.project.config_files"] == str(stack.directory / "compose.yaml")
    assert len(labels["com.docker.compose.config-hash"]) == 64
    # API 1.41: the second network was connected before start
    assert sorted(web.attrs["NetworkSettings"]["Networks"]) == [f"{stack.name}_back", f"{stack.name}_front"]
    assert stack.client.volumes.get(f"{stack.name}_data").attrs["Labels"]["com.docker.compose.volume"] == "data"

    running = stack.ps_json()
    assert [r["Service"] for r in running] == ["web", "worker"]
    web_row = running[0]
    assert web_row["Name"] == f"{stack.name}-web-1"
    assert web_row["Health"] == "healthy"
    assert web_row["State"] == "running"
    assert web_row["Publishers"] == [{"URL": "127.0.0.1", "TargetPort": 8080, "PublishedPort": port, "Protocol": "tcp"}]
    every = stack.ps_json("-a")
    assert (every[0]["Service"], every[0]["State"], every[0]["ExitCode"]) == ("init", "exited", 0)
    assert stack.run("ps", "--services").stdout.split() == ["web", "worker"]
    assert stack.run("ps", "-a", "--status", "exited", "-q").stdout.split() == [stack.container("init-1").id]
    table = stack.run("ps").stdout.splitlines()
    assert table[0].split() == ["NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS"]
    assert f"127.0.0.1:{port}->8080/tcp" in table[1]

    stack.run("down", "-v", "-t", "1")
    assert stack.containers() == []
    assert stack.client.networks.list(filters={"label": f"com.docker.compose.project={stack.name}"}) == []
    assert stack.client.volumes.list(filters={"label": f"com.docker.compose.project={stack.name}"}) == []


SIMPLE = """
services:
  a:
    image: pycompose/busybox:latest
    init: true
    command: ["sleep", "300"]
    environment: {MODE: one}
  b:
    image: pycompose/busybox:latest
    init: true
    command: ["sleep", "300"]
    depends_on: [a]
  c:
    image: pycompose/busybox:latest
    init: true
    command: ["sleep", "300"]
"""


def test_no_op_and_recreation_of_exactly_the_changed_service(stack: Stack) -> None:
    stack.write(SIMPLE)
    stack.run("up", "-d")
    before = stack.ids()
    noop = stack.run("up", "-d", "--dry-run")
    assert noop.stdout == "(nothing to do)\n"
    stack.run("up", "-d")
    assert stack.ids() == before

    stack.write(SIMPLE.replace("MODE: one", "MODE: two"))
    stack.run("up", "-d", "-t", "1")
    after = stack.ids()
    assert after.keys() == before.keys()
    changed = sorted(name for name in after if after[name] != before[name])
    assert changed == [f"{stack.name}-a-1"]
    a = stack.container("a-1")
    assert "MODE=two" in a.attrs["Config"]["Env"]
    assert a.labels["com.docker.compose.replace"] == "a-1"
    assert a.status == "running"


def test_scale_up_and_down_and_orphans(stack: Stack) -> None:
    stack.write(SIMPLE)
    stack.run("up", "-d", "--scale", "c=3")
    assert [c.name for c in stack.containers() if "-c-" in c.name] == [f"{stack.name}-c-{n}" for n in (1, 2, 3)]
    stack.run("up", "-d", "--scale", "c=1", "-t", "1")
    assert [c.name for c in stack.containers() if "-c-" in c.name] == [f"{stack.name}-c-1"]

    stack.write(SIMPLE.split("  c:")[0])
    kept = stack.run("up", "-d")
    assert f"Found orphan containers ([{stack.name}-c-1])" in kept.stderr
    assert f"{stack.name}-c-1" in stack.ids()
    stack.run("up", "-d", "--remove-orphans", "-t", "1")
    assert sorted(stack.ids()) == [f"{stack.name}-a-1", f"{stack.name}-b-1"]


def test_no_deps_and_no_start(stack: Stack) -> None:
    stack.write(SIMPLE)
    stack.run("up", "-d", "--no-deps", "b")
    assert [c.name for c in stack.containers()] == [f"{stack.name}-b-1"]
    stack.run("up", "--no-start", "c")
    c = stack.container("c-1")
    assert c.status == "created"


def test_down_keeps_external_and_named_volumes_without_v(stack: Stack) -> None:
    external = stack.client.volumes.create(f"{stack.name}-outside")
    try:
        stack.write(f"""
            services:
              a:
                image: pycompose/busybox:latest
                command: ["true"]
                volumes: [own:/own, outside:/outside]
            volumes:
              own: {{}}
              outside: {{external: true, name: {stack.name}-outside}}
        """)
        stack.run("up", "-d")
        stack.run("down")
        assert stack.containers() == []
        # the engine lists volumes in no particular order
        assert sorted(v.name for v in stack.client.volumes.list(filters={"name": stack.name})) == sorted(
            [f"{stack.name}-outside", f"{stack.name}_own"])
        stack.run("up", "-d")
        stack.run("down", "-v")
        assert [v.name for v in stack.client.volumes.list(filters={"name": stack.name})] == [f"{stack.name}-outside"]
    finally:
        external.remove(force=True)


def test_down_by_project_name_only(stack: Stack) -> None:
    stack.write(SIMPLE)
    stack.run("up", "-d")
    (stack.directory / "compose.yaml").unlink()
    assert stack.run("ps", "-q").stdout.count("\n") == 3
    stack.run("down", "-t", "1")
    assert stack.containers() == []


def test_down_signals_a_service_only_once_its_dependents_have_exited(stack: Stack) -> None:
    """Stops go dependents first; the next one starts at the dependent's ``die`` event (its process is
    gone), not when the engine has also released its network (docs/up.md): the engine's own events
    show each service's stop signal after the death of every container depending on it."""
    stack.write("""
        services:
          front:
            image: pycompose/busybox:latest
            init: true
            command: ["sleep", "300"]
            depends_on: [middle]
            scale: 2
          middle:
            image: pycompose/busybox:latest
            init: true
            command: ["sleep", "300"]
            depends_on: [back]
          back:
            image: pycompose/busybox:latest
            init: true
            command: ["sleep", "300"]
    """)
    stack.run("up", "-d")
    began = int(time.time()) - 1
    stack.run("down", "-t", "5")
    ended = int(time.time()) + 1
    events = stack.client.events(since=began, until=ended, decode=True, filters={
        "type": "container", "label": f"com.docker.compose.project={stack.name}", "event": ["kill", "die"]})
    seen: dict[tuple[str, str], list[int]] = {}
    for event in events:
        key = (event["Actor"]["Attributes"]["com.docker.compose.service"], event["Action"])
        seen.setdefault(key, []).append(event["timeNano"])
    assert len(seen[("front", "die")]) == 2
    assert max(seen[("front", "die")]) <= min(seen[("middle", "kill")])
    assert max(seen[("middle", "die")]) <= min(seen[("back", "kill")])
    assert stack.containers() == []
