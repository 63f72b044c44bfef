"""``pycompose watch`` on the real engine: every develop.watch action, ignore/include, initial_sync,
replicas, Ctrl-C, configuration errors. Each test runs ``watch`` in the background and is bounded."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from stack_support import BASE, Background, Stack

pytestmark = pytest.mark.timeout(150)


@pytest.fixture
def wstack(stack: Stack) -> Iterator[Stack]:
    stack.env["PYCOMPOSE_NO_MEMO"] = "1"
    yield stack


def _start(stack: Stack, *args: str) -> Background:
    """``watch`` in the background, stderr merged (build output, errors), until it watches."""
    process = subprocess.Popen(stack.command("watch", *args), cwd=stack.directory, env=stack.environment(),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    bg = Background(process)
    bg.wait_for("Watch enabled", timeout=90)
    return bg


def _stop(bg: Background) -> int:
    """Ctrl-C (v2: exit code 130)."""
    if bg.process.poll() is None:
        os.killpg(bg.process.pid, signal.SIGINT)
    try:
        return bg.process.wait(timeout=20)
    finally:
        bg.finish()


def _eventually(check: Callable[[], Any], timeout: float = 20, what: str = "") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout}s: {what}")
        time.sleep(0.1)


def _cat(stack: Stack, container: str, path: str) -> str | None:
    code, out = stack.container(container).exec_run(["cat", path])
    return out.decode() if code == 0 else None


def _started_at(stack: Stack, container: str) -> str:
    c = stack.container(container)
    c.reload()
    return str(c.attrs["State"]["StartedAt"])


def _app(stack: Stack, dockerfile: str = "") -> None:
    (stack.directory / "app").mkdir(exist_ok=True)
    (stack.directory / "app" / "index.txt").write_text("v1\n")
    stack.write(dockerfile or f'FROM {BASE}\nCOPY app /app\nCMD ["sleep", "3600"]\n', "Dockerfile")


def test_sync_changes_deletes_and_ignores(wstack: Stack) -> None:
    _app(wstack)
    (wstack.directory / ".dockerignore").write_text("app/secret*\n")
    wstack.write("""
        services:
          web:
            build: .
            init: true
            develop:
              watch:
                - path: ./app
                  action: sync
                  target: /app
                  ignore: ["*.tmp", "cache/"]
    """)
    bg = _start(wstack)
    try:
        app = wstack.directory / "app"
        (app / "index.txt").write_text("v2\n")
        (app / "sub").mkdir()
        (app / "sub" / "new.txt").write_text("new\n")
        (app / "skip.tmp").write_text("no\n")
        (app / "secret.txt").write_text("no\n")
        (app / "cache").mkdir()
        (app / "cache" / "x.txt").write_text("no\n")
        _eventually(lambda: _cat(wstack, "web-1", "/app/index.txt") == "v2\n", what="index.txt synced")
        _eventually(lambda: _cat(wstack, "web-1", "/app/sub/new.txt") == "new\n", what="new file synced")
        bg.wait_for('Syncing service "web" after', timeout=10)
        assert _cat(wstack, "web-1", "/app/skip.tmp") is None  # ignore list
        assert _cat(wstack, "web-1", "/app/secret.txt") is None  # the context's .dockerignore
        assert _cat(wstack, "web-1", "/app/cache/x.txt") is None  # an ignored directory
        (app / "sub" / "new.txt").unlink()
        _eventually(lambda: _cat(wstack, "web-1", "/app/sub/new.txt") is None, what="deleted file gone")
        assert _cat(wstack, "web-1", "/app/index.txt") == "v2\n"
    finally:
        assert _stop(bg) == 130


def test_burst_is_one_batch_and_reaches_every_replica(wstack: Stack) -> None:
    (wstack.directory / "src").mkdir()
    wstack.write(f"""
        services:
          web:
            image: {BASE}
            command: ["sleep", "3600"]
            init: true
            scale: 2
            develop:
              watch:
                - path: ./src
                  action: sync
                  target: /src
                  include: ["*.txt"]
    """)
    bg = _start(wstack)
    try:
        for i in range(10):
            (wstack.directory / "src" / f"f{i}.txt").write_text(str(i))
        (wstack.directory / "src" / "other.bin").write_text("no")
        for n in (1, 2):
            _eventually(lambda n=n: _cat(wstack, f"web-{n}", "/src/f9.txt") == "9", what=f"replica {n}")
        time.sleep(1.0)
        assert bg.output.count("Syncing service") == 1, bg.output
        assert 'Syncing service "web" after 10 changes were detected' in bg.output
        assert _cat(wstack, "web-1", "/src/other.bin") is None  # not included
    finally:
        assert _stop(bg) == 130


def test_rebuild_replaces_the_container_with_a_new_image(wstack: Stack) -> None:
    _app(wstack)
    wstack.write("""
        services:
          web:
            build: .
            init: true
            develop:
              watch:
                - path: ./app
                  action: rebuild
    """)
    bg = _start(wstack)
    try:
        before = wstack.container("web-1")
        (wstack.directory / "app" / "index.txt").write_text("rebuilt\n")
        bg.wait_for('service(s) ["web"] successfully built', timeout=60)
        _eventually(lambda: _cat(wstack, "web-1", "/app/index.txt") == "rebuilt\n", timeout=60,
                    what="the new image runs")
        after = wstack.container("web-1")
        assert after.id != before.id
        assert after.image.id != before.image.id
        assert 'Rebuilding service(s) ["web"] after changes were detected...' in bg.output
    finally:
        assert _stop(bg) == 130


def test_restart_and_sync_restart(wstack: Stack) -> None:
    (wstack.directory / "conf").mkdir()
    (wstack.directory / "code").mkdir()
    wstack.write(f"""
        services:
          a:
            image: {BASE}
            command: ["sleep", "3600"]
            init: true
            develop:
              watch:
                - path: ./conf
                  action: restart
          b:
            image: {BASE}
            command: ["sleep", "3600"]
            init: true
            develop:
              watch:
                - path: ./code
                  action: sync+restart
                  target: /code
    """)
    bg = _start(wstack)
    try:
        a0, b0 = _started_at(wstack, "a-1"), _started_at(wstack, "b-1")
        a_id = wstack.container("a-1").id
        (wstack.directory / "conf" / "x.conf").write_text("1")
        _eventually(lambda: _started_at(wstack, "a-1") != a0, what="a restarted")
        assert wstack.container("a-1").id == a_id  # restarted, not recreated
        bg.wait_for('service(s) ["a"] restarted', timeout=10)
        assert _started_at(wstack, "b-1") == b0
        (wstack.directory / "code" / "main.txt").write_text("code")
        _eventually(lambda: _started_at(wstack, "b-1") != b0, what="b restarted")
        assert _cat(wstack, "b-1", "/code/main.txt") == "code"
    finally:
        assert _stop(bg) == 130


def test_sync_exec_runs_its_command(wstack: Stack) -> None:
    (wstack.directory / "cfg").mkdir()
    wstack.write(f"""
        services:
          web:
            image: {BASE}
            command: ["sleep", "3600"]
            init: true
            develop:
              watch:
                - path: ./cfg
                  action: sync+exec
                  target: /etc/app
                  exec:
                    command: sh -c 'echo "$$GREETING $$(id -u) $$(pwd) $$(cat /etc/app/c.conf)" > /tmp/reloaded'
                    user: "1000"
                    working_dir: /etc
                    environment:
                      GREETING: reloaded
    """)
    bg = _start(wstack)
    try:
        (wstack.directory / "cfg" / "c.conf").write_text("v7")
        _eventually(lambda: _cat(wstack, "web-1", "/tmp/reloaded") == "reloaded 1000 /etc v7\n",
                    what="the exec ran after the sync")
    finally:
        assert _stop(bg) == 130


def test_initial_sync_without_build_and_no_up(wstack: Stack) -> None:
    (wstack.directory / "data").mkdir()
    (wstack.directory / "data" / "seed.txt").write_text("seed")
    (wstack.directory / "data" / "skip.log").write_text("no")
    wstack.write(f"""
        services:
          web:
            image: {BASE}
            command: ["sleep", "3600"]
            init: true
            develop:
              watch:
                - path: ./data
                  action: sync
                  target: /data
                  initial_sync: true
                  ignore: ["*.log"]
    """)
    wstack.run("up", "-d")
    assert _cat(wstack, "web-1", "/data/seed.txt") is None
    bg = _start(wstack, "--no-up")
    try:
        assert _cat(wstack, "web-1", "/data/seed.txt") == "seed"  # synced before "Watch enabled"
        assert _cat(wstack, "web-1", "/data/skip.log") is None
    finally:
        assert _stop(bg) == 130


def test_quiet_hides_what_each_batch_does(wstack: Stack) -> None:
    (wstack.directory / "src").mkdir()
    wstack.write(f"""
        services:
          web:
            image: {BASE}
            command: ["sleep", "3600"]
            init: true
            develop:
              watch:
                - {{path: ./src, action: sync, target: /src}}
    """)
    bg = _start(wstack, "--quiet")
    try:
        (wstack.directory / "src" / "q.txt").write_text("q")
        _eventually(lambda: _cat(wstack, "web-1", "/src/q.txt") == "q", what="synced")
        assert "Syncing service" not in bg.output
    finally:
        assert _stop(bg) == 130


@pytest.mark.parametrize(("compose", "args", "message"), [
    ("""
        services:
          web:
            image: {base}
            develop:
              watch: [{{path: ., action: rebuild}}]
    """, (), 'can\'t watch service "web" with action rebuild without a build context'),
    ("""
        services:
          web:
            image: {base}
            develop:
              watch: [{{path: ., action: sync, target: app}}]
    """, (), "must be an absolute path in the container"),
    ("""
        services:
          web:
            image: {base}
          db:
            image: {base}
            develop:
              watch: [{{path: ., action: restart}}]
    """, ("web",), 'service "web" has no develop.watch section'),
    ("""
        services:
          web:
            image: {base}
    """, (), "none of the selected services is configured for watch"),
])
def test_configuration_errors(wstack: Stack, compose: str, args: tuple[str, ...], message: str) -> None:
    wstack.write(compose.format(base=BASE))
    done = wstack.run("watch", *args, check=False, timeout=60)
    assert done.returncode == 1, done
    assert message in done.stderr
    assert not wstack.containers()  # nothing was brought up


def test_up_watch_follows_logs_syncs_and_ctrl_c_stops_the_stack(wstack: Stack) -> None:
    """``up --watch``: attached ``up`` (logs shown) with the watch session beside it; Ctrl-C stops the
    stack (exit 130) as ``up`` does. ``-d --watch`` is refused, as v2 refuses it."""
    (wstack.directory / "src").mkdir()
    (wstack.directory / "src" / "a.txt").write_text("one\n")
    wstack.write(f"""
        services:
          box:
            image: {BASE}
            init: true
            command: ["sh", "-c", "echo box-is-up; exec sleep 3600"]
            develop:
              watch:
                - action: sync
                  path: ./src
                  target: /data
                  initial_sync: true
        """)
    refused = wstack.run("up", "-d", "--watch", check=False)
    assert refused.returncode != 0 and "--watch" in refused.stderr
    process = subprocess.Popen(wstack.command("up", "--watch"), cwd=wstack.directory, env=wstack.environment(),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    bg = Background(process)
    bg.wait_for("box-is-up", timeout=90)
    bg.wait_for("Watch enabled", timeout=30)
    container = "box-1"
    _eventually(lambda: _cat(wstack, container, "/data/a.txt") == "one\n", what="the initial sync")
    (wstack.directory / "src" / "a.txt").write_text("two\n")
    _eventually(lambda: _cat(wstack, container, "/data/a.txt") == "two\n", what="the edit synced")
    assert _stop(bg) == 130
    c = wstack.container(container)
    c.reload()
    assert c.attrs["State"]["Running"] is False


def test_sync_into_an_image_without_tar_uses_the_archive_endpoint(wstack: Stack) -> None:
    """Syncs go through the container's own ``tar`` when it has one; an image without it (here: only
    /busybox, nothing on the PATH) gets the engine's archive endpoint."""
    (wstack.directory / "src").mkdir()
    wstack.write(f"FROM {BASE} AS tools\nFROM scratch\nCOPY --from=tools /bin/busybox /busybox\n", "Dockerfile")
    wstack.write("""
        services:
          bare:
            build: .
            init: true
            command: ["/busybox", "sleep", "3600"]
            develop:
              watch:
                - {action: sync, path: ./src, target: /src}
        """)
    bg = _start(wstack)
    try:
        code, _ = wstack.container("bare-1").exec_run(["tar", "--help"])
        assert code != 0  # really no tar there
        (wstack.directory / "src" / "a.txt").write_text("synced\n")

        def content() -> str | None:
            code, out = wstack.container("bare-1").exec_run(["/busybox", "cat", "/src/a.txt"])
            return out.decode() if code == 0 else None

        _eventually(lambda: content() == "synced\n", what="the file, through the archive endpoint")
        assert "Error" not in bg.output, bg.output
    finally:
        assert _stop(bg) == 130
