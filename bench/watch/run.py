"""Benchmark: edit -> visible latency of ``watch`` (a ``sync`` rule), pycompose against Docker Compose v2.

One project (busybox httpd serving the synced directory on a port published on 127.0.0.1) per tool;
the tool's ``watch`` runs in the background; each edit writes a new token into the watched file and
times until ``GET /token.txt`` answers it (polled every 5 ms: no exec in the loop). Edits are spaced
by 1.2 s so that each is its own batch. Both tools wait the same 500 ms quiet period before they sync,
so the latency is that plus what each does to get the file in. Both watches run at once and the
edits alternate between them (same load on the engine for both). Prints the median of ``--edits`` (20)
edits for each tool and the ratio pycompose / v2 (target <= 1.0). Never asserts.

Run: ``.venv/bin/python bench/watch/run.py [--edits N] [--oracle PATH]``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ORACLE_DEFAULT = "/opt/pycompose-oracle/lib/python3.11/site-packages/compose/docker-compose"
IMAGE = "pycompose/busybox:latest"
ROOT = Path(__file__).resolve().parents[2]

COMPOSE = f"""
services:
  web:
    image: {IMAGE}
    command: ["sh", "-c", "mkdir -p /www && exec httpd -f -p 80 -h /www"]
    ports: ["127.0.0.1::80"]
    develop:
      watch:
        - path: ./www
          action: sync
          target: /www
"""


def _tool(name: str, oracle: str) -> list[str]:
    return [sys.executable, "-m", "compose"] if name == "pycompose" else [oracle]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return str(response.read().decode())
    except OSError:
        return None


class Setup:
    """One tool's project: up, its ``watch --no-up`` in the background, the URL of the synced file."""

    def __init__(self, name: str, oracle: str, tmp: Path) -> None:
        self.name = name
        self.project = f"benchwatch{uuid.uuid4().hex[:8]}"
        self.env = {**os.environ, "PYCOMPOSE_NO_MEMO": "1", "NO_COLOR": "1"}
        self.dir = tmp / name
        (self.dir / "www").mkdir(parents=True)
        (self.dir / "compose.yaml").write_text(COMPOSE)
        self.token_file = self.dir / "www" / "token.txt"
        self.token_file.write_text("start")
        self.base = [*_tool(name, oracle), "-p", self.project]
        self.watch: subprocess.Popen[str] | None = None
        self.latencies: list[float] = []

    def start(self) -> None:
        subprocess.run([*self.base, "up", "-d"], cwd=self.dir, env=self.env, check=True, capture_output=True,
                       timeout=120)
        out = subprocess.run(["docker", "port", f"{self.project}-web-1", "80/tcp"], check=True,
                             capture_output=True, text=True, timeout=30).stdout
        self.url = f"http://127.0.0.1:{out.split()[0].rsplit(':', 1)[1]}/token.txt"
        self.watch = subprocess.Popen([*self.base, "watch", "--no-up"], cwd=self.dir, env=self.env,
                                      stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                      start_new_session=True)
        assert self.watch.stdout is not None
        deadline = time.monotonic() + 60
        while "Watch enabled" not in self.watch.stdout.readline():
            if time.monotonic() > deadline or self.watch.poll() is not None:
                raise RuntimeError(f"{self.name} watch did not start")

    def edit(self, i: int) -> None:
        token = f"{self.name}-{i}-{uuid.uuid4().hex[:6]}"
        start = time.perf_counter()
        self.token_file.write_text(token)
        limit = start + 15
        while _get(self.url) != token:
            if time.perf_counter() > limit:
                raise RuntimeError(f"{self.name}: edit {i} not visible within 15 s")
            time.sleep(0.005)
        self.latencies.append(time.perf_counter() - start)

    def stop(self) -> None:
        if self.watch is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.watch.pid, signal.SIGINT)
            try:
                self.watch.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.watch.pid, signal.SIGKILL)
                self.watch.wait()
        subprocess.run([*self.base, "down", "-t", "0"], cwd=self.dir, env=self.env, capture_output=True,
                       timeout=120)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--oracle", default=os.environ.get("PYCOMPOSE_ORACLE", ORACLE_DEFAULT))
    args = parser.parse_args()
    os.chdir(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        setups = [Setup(name, args.oracle, Path(tmp)) for name in ("pycompose", "v2")]
        try:
            for setup in setups:
                setup.start()
            time.sleep(1.0)
            for i in range(args.edits):  # interleaved: both tools see the same load on the engine
                for setup in setups if i % 2 == 0 else reversed(setups):
                    setup.edit(i)
                    time.sleep(1.2)  # each edit its own batch, the other tool idle meanwhile
        finally:
            for setup in setups:
                setup.stop()
    results = {}
    for setup in setups:
        results[setup.name] = statistics.median(setup.latencies)
        lat = setup.latencies
        print(f"{setup.name:10s} median {results[setup.name] * 1000:7.1f} ms  (min {min(lat) * 1000:.1f}, "
              f"max {max(lat) * 1000:.1f}, {len(lat)} edits)")
    print(f"ratio pycompose / v2: {results['pycompose'] / results['v2']:.3f} (target <= 1.0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
