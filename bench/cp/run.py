"""Benchmark: ``pycompose cp`` against ``docker cp``, a 64 MiB file out of a container.

One service (``pycompose/busybox``, ``sleep``) gets a file of random bytes written
inside it (``head -c`` of /dev/urandom); each tool copies it to the host ``--repeat``
times, interleaved, into a fresh directory each time; the copy's size is checked. Prints
each tool's median wall time and the ratio pycompose / docker (target: <= 1.5).

Run: ``.venv/bin/python bench/cp/run.py [--repeat N] [--mib M]``. Never asserts.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

DOCKER = shutil.which("docker") or "/usr/local/bin/docker"
STACK = 'services:\n  box:\n    image: pycompose/busybox:latest\n    init: true\n    command: ["sleep", "3600"]\n'


def run(argv: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, check=True, capture_output=True, timeout=300)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--mib", type=int, default=64)
    args = parser.parse_args()
    pycompose = [sys.executable, "-m", "compose"]
    project = f"benchcp{uuid.uuid4().hex[:6]}"
    with tempfile.TemporaryDirectory(prefix="bench-cp-") as tmp:
        work = Path(tmp)
        (work / "compose.yaml").write_text(STACK)
        subprocess.run([*pycompose, "-p", project, "up", "-d"], cwd=work, check=True, capture_output=True)
        try:
            container = f"{project}-box-1"
            subprocess.run([DOCKER, "exec", container, "sh", "-c", f"head -c {args.mib * 1048576} /dev/urandom > /big"],
                           check=True, capture_output=True)
            times: dict[str, list[float]] = {"pycompose": [], "docker": []}
            for i in range(args.repeat):
                for tool in ("pycompose", "docker"):
                    target = work / f"{tool}{i}"
                    target.mkdir()
                    argv = ([*pycompose, "-p", project, "cp", "box:/big", str(target / "big")] if tool == "pycompose"
                            else [DOCKER, "cp", f"{container}:/big", str(target / "big")])
                    times[tool].append(run(argv, work))
                    size = os.path.getsize(target / "big")
                    if size != args.mib * 1048576:
                        print(f"{tool}: copied {size} bytes, expected {args.mib * 1048576}", file=sys.stderr)
                    shutil.rmtree(target)
        finally:
            subprocess.run([*pycompose, "-p", project, "down", "-t", "0"], cwd=work, capture_output=True)
    ours, theirs = statistics.median(times["pycompose"]), statistics.median(times["docker"])
    print(f"cp of {args.mib} MiB out of a container, median of {args.repeat}")
    print(f"  pycompose cp  {ours:7.3f} s   ({', '.join(f'{t:.3f}' for t in times['pycompose'])})")
    print(f"  docker cp     {theirs:7.3f} s   ({', '.join(f'{t:.3f}' for t in times['docker'])})")
    print(f"  ratio pycompose / docker: {ours / theirs:.2f} (target <= 1.5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
