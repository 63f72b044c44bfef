"""Benchmark: ``build`` of 10 small services, pycompose against Docker Compose v2.

Each service has its own context (a Dockerfile ``FROM pycompose/busybox``, a
``COPY`` of a small file, two ``RUN`` steps, an ``ARG``), so the 10 builds are
independent and run in parallel. Scenarios, each tool ``--repeat`` times,
interleaved, median reported:

- ``cold build``: ``build --no-cache`` (every step runs);
- ``warm build``: ``build`` again (every step is cached), timed on the second cached build:
  the first one after a cold build waits on the engine's own after-build work.

Tools: pycompose (the Engine's classic builder, POST /build); v2 with the same
classic builder (``DOCKER_BUILDKIT=0``: v2 then builds with the classic API too;
``COMPOSE_BAKE=false`` keeps it from trying to delegate to buildx bake), which is
the like-for-like comparison the ratio is computed against; and, for reference
only, v2 with its default BuildKit builder (the daemon's embedded BuildKit, which
v2 drives through a gRPC session pycompose does not implement).

Run: ``.venv/bin/python bench/build/run.py [--repeat N] [--oracle PATH]``. Prints
a table and the ratios pycompose / v2-classic. Never asserts. The images built
are removed at the end (the BuildKit cache v2 fills is left to ``docker builder prune``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ORACLE_DEFAULT = "/opt/pycompose-oracle/lib/python3.11/site-packages/compose/docker-compose"
IMAGE = "pycompose/busybox:latest"
SERVICES = 10


def write_stack(directory: Path, services: int = SERVICES) -> None:
    lines = ["services:"]
    for i in range(services):
        context = directory / f"s{i}"
        context.mkdir()
        (context / "payload.txt").write_text(f"payload of service {i}\n" * 50)
        (context / "Dockerfile").write_text(
            f"FROM {IMAGE}\n"
            "ARG FLAVOUR=plain\n"
            "COPY payload.txt /srv/payload.txt\n"
            f"RUN wc -l /srv/payload.txt > /srv/count && echo {i} > /srv/id\n"
            "RUN echo flavour=$FLAVOUR > /srv/flavour\n"
            'CMD ["cat", "/srv/id"]\n'
        )
        lines += [f"  s{i}:", f"    build: ./s{i}"]
    (directory / "compose.yaml").write_text("\n".join(lines) + "\n")


class Tool:
    def __init__(self, name: str, argv: list[str], directory: Path, project: str,
                 extra_env: dict[str, str] | None = None) -> None:
        self.name = name
        self.argv = argv
        self.directory = directory
        self.project = project
        self.extra_env = extra_env or {}

    def run(self, *args: str) -> float:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPOSE_", "DOCKER_BUILDKIT"))}
        env.update({"NO_COLOR": "1", **self.extra_env})
        began = time.perf_counter()
        done = subprocess.run([*self.argv, "-p", self.project, "--progress", "quiet", *args], cwd=self.directory,
                              env=env, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - began
        if done.returncode != 0:
            raise SystemExit(f"{self.name} {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
        return elapsed

    def image_ids(self) -> set[str]:
        import docker

        client = docker.from_env()
        out = set()
        for i in range(SERVICES):
            with contextlib.suppress(docker.errors.ImageNotFound):
                out.add(client.images.get(f"{self.project}-s{i}").id)
        return out


def scenario(tool: Tool, made: set[str]) -> dict[str, float]:
    cold = tool.run("build", "--no-cache")
    made.update(tool.image_ids())
    # the engine is busy for several seconds after builds that ran steps (the first cached build
    # after them takes 10x longer, whoever asks): settle with one cached build, then time the next
    tool.run("build")
    warm = tool.run("build")
    made.update(tool.image_ids())
    return {"cold build (--no-cache)": cold, "warm build (cached)": warm}


def remove(ids: set[str]) -> None:
    import docker

    client = docker.from_env()
    for image_id in ids:
        with contextlib.suppress(docker.errors.APIError):
            client.images.remove(image_id, force=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--oracle", default=os.environ.get("PYCOMPOSE_ORACLE") or ORACLE_DEFAULT)
    parser.add_argument("--no-buildkit-reference", action="store_true", help="Skip v2 with BuildKit")
    args = parser.parse_args()
    made: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        write_stack(directory)
        tools = [
            Tool("pycompose", [sys.executable, "-m", "compose"], directory, "benchpybuild"),
            Tool("v2-classic", [args.oracle], directory, "benchv2classic",
                 {"DOCKER_BUILDKIT": "0", "COMPOSE_BAKE": "false"}),
        ]
        if not args.no_buildkit_reference:
            tools.append(Tool("v2-buildkit", [args.oracle], directory, "benchv2buildkit"))
        samples: dict[str, dict[str, list[float]]] = {t.name: {} for t in tools}
        try:
            for _ in range(args.repeat):
                for tool in tools:
                    for key, value in scenario(tool, made).items():
                        samples[tool.name].setdefault(key, []).append(value)
        finally:
            remove(made)
    results = {name: {k: statistics.median(v) for k, v in figures.items()} for name, figures in samples.items()}
    names = [t.name for t in tools]
    print(f"build of {SERVICES} small services, median of {args.repeat}")
    print(f"{'scenario':26}" + "".join(f"{n:>13}" for n in names) + f"{'ratio':>8}")
    for key in results["pycompose"]:
        row = "".join(f"{results[n][key]:12.2f}s" for n in names)
        ratio = results["pycompose"][key] / results["v2-classic"][key]
        print(f"{key:26}{row}{ratio:8.2f}")
    print("ratio = pycompose / v2-classic (both on the Engine's classic builder)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
