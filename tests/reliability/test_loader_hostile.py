"""Loader fuzz campaign, hand-made hostile files, each through the CLI in a subprocess bounded in time
(``timeout``) and address space (RLIMIT_AS): alias bombs, deep nesting, a big file (5 MB in CI, 50 MB
in a full run), bytes that are not UTF-8, tabs, duplicate keys, anchors across ``extends``/``include``
files, interpolation edge cases, cycles. Each must end in exit 0 with a model or exit 1 with a located
error, never a traceback; the ones with a known answer check it."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from fuzz_support import load_case, run_cli
from reliability_figures import FULL, Campaigns

pytestmark = pytest.mark.reliability("loader-fuzz")

BIG_MB = 50 if FULL else 5


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    lines = ['x-l0: &l0 ["' + '","'.join(["lol"] * width) + '"]']
    for i in range(1, levels):
        lines.append(f"x-l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * width) + "]")
    return "\n".join(lines) + f"\nservices:\n  s:\n    image: busybox\n    command: *l{levels - 1}\n"


def merge_bomb(levels: int = 12) -> str:
    lines = ["x-m0: &m0 {a: [1, 2, 3, 4, 5, 6, 7, 8]}"]
    for i in range(1, levels):
        lines.append(f"x-m{i}: &m{i} {{k{i}a: *m{i - 1}, k{i}b: *m{i - 1}, <<: *m{i - 1}}}")
    return "\n".join(lines) + f"\nservices:\n  s:\n    image: busybox\n    x-bomb: *m{levels - 1}\n"


def deep(depth: int) -> str:
    return ("services:\n  s:\n    image: busybox\n    x-deep:\n"
            + "".join(" " * (6 + i) + f"k{i}:\n" for i in range(depth)) + " " * (6 + depth) + "v: 1\n")


def big_file(megabytes: int) -> str:
    label = "x" * 20_000
    per_service = len(f"  sNNNNN:\n    image: busybox:1\n    environment: {{A: '1'}}\n    labels: {{big: '{label}'}}\n")
    count = megabytes * 1_000_000 // per_service
    return "services:\n" + "".join(
        f"  s{i:05d}:\n    image: busybox:1\n    environment: {{A: '1'}}\n    labels: {{big: '{label}'}}\n"
        for i in range(count))


BAD = "services:\n  s:\n    image: busybox\n"

# name -> (files, expected exit code, a text stderr must hold when it fails)
CASES: dict[str, tuple[dict[str, bytes], int, str]] = {
    "billion-laughs": ({"compose.yaml": billion_laughs().encode()}, 1, "excessive aliasing"),
    "billion-laughs-wide": ({"compose.yaml": billion_laughs(6, 40).encode()}, 1, "excessive aliasing"),
    "merge-key-bomb": ({"compose.yaml": merge_bomb().encode()}, 1, "excessive aliasing"),
    "alias-cycle": ({"compose.yaml": b"x-a: &a\n  b: *a\n" + BAD.encode()}, 1, "cycle detected"),
    "undefined-alias": ({"compose.yaml": BAD.encode() + b"    command: *nowhere\n"}, 1, "compose.yaml:4"),
    "deep-97": ({"compose.yaml": deep(96).encode()}, 0, ""),
    "deep-150": ({"compose.yaml": deep(150).encode()}, 1, "nested more than 100"),
    "deep-flow-5000": ({"compose.yaml": (BAD + "    x-deep: " + "[" * 5000 + "]" * 5000 + "\n").encode()}, 1,
                       "nesting depth"),
    "invalid-utf8": ({"compose.yaml": BAD.encode() + b"    command: caf\xc3\x28\n"}, 1, "compose.yaml:4:17"),
    "invalid-utf8-env": ({"compose.yaml": (BAD + "    env_file: e.env\n").encode(), "e.env": b"A=\xff\n"}, 1,
                         "e.env:1:3"),
    "utf16-bom": ({"compose.yaml": BAD.encode("utf-16")}, 1, "compose.yaml"),
    "nul-byte": ({"compose.yaml": BAD.encode() + b"    command: a\x00b\n"}, 1, "compose.yaml:4"),
    "tab-indent": ({"compose.yaml": b"services:\n\ts:\n\t\timage: busybox\n"}, 1, "compose.yaml:2"),
    "duplicate-key": ({"compose.yaml": (BAD + "    image: other\n").encode()}, 1, "already defined"),
    "duplicate-service": ({"compose.yaml": (BAD + "  s:\n    image: b\n").encode()}, 1, "already defined"),
    "interp-required": ({"compose.yaml": (BAD + "    command: ${A:?A is needed}\n").encode()}, 1, "A is needed"),
    "interp-unterminated": ({"compose.yaml": (BAD + "    command: ${A\n").encode()}, 1, "compose.yaml:4"),
    "interp-in-name": ({"compose.yaml": b"name: ${A\n" + BAD.encode()}, 1, "compose.yaml:1"),
    "interp-dollar-dollar": ({"compose.yaml": (BAD + "    command: $$HOME-$${A}\n").encode()}, 0, ""),
    "interp-nested-default": ({"compose.yaml": (BAD + "    command: ${A:-${B:-c}}\n").encode()}, 0, ""),
    "empty-file": ({"compose.yaml": b""}, 1, "compose.yaml:1:1"),
    "top-level-list": ({"compose.yaml": b"- a\n- b\n"}, 1, "compose.yaml:1:1"),
    "depends-on-cycle": ({"compose.yaml": b"services:\n  a:\n    image: x\n    depends_on: [b]\n"
                                          b"  b:\n    image: x\n    depends_on: [a]\n"}, 1, "cycle"),
    "self-dependency": ({"compose.yaml": b"services:\n  a:\n    image: x\n    depends_on: [a]\n"}, 1, "compose.yaml:4"),
    "extends-cycle": ({"compose.yaml": b"services:\n  a:\n    image: x\n    extends: b\n"
                                       b"  b:\n    image: x\n    extends: a\n"}, 1, "compose.yaml"),
    "extends-file-cycle": ({"compose.yaml": b"services:\n  a:\n    extends: {file: o.yaml, service: b}\n",
                            "o.yaml": b"services:\n  b:\n    extends: {file: compose.yaml, service: a}\n"}, 1,
                           "yaml"),
    "include-cycle": ({"compose.yaml": b"include: [o.yaml]\n" + BAD.encode(),
                       "o.yaml": b"include: [compose.yaml]\nservices:\n  t:\n    image: x\n"}, 1, "include cycle"),
    "include-self": ({"compose.yaml": b"include: [compose.yaml]\n" + BAD.encode()}, 1, "compose.yaml:1"),
    "anchor-across-include": ({"compose.yaml": b"include: [o.yaml]\nx-a: &shared {image: busybox}\n"
                                               b"services:\n  s: *shared\n",
                               "o.yaml": b"services:\n  t: *shared\n"}, 1, "o.yaml:2"),
    "anchor-across-extends": ({"compose.yaml": b"x-a: &shared {image: busybox}\nservices:\n"
                                               b"  s:\n    extends: {file: o.yaml, service: t}\n",
                               "o.yaml": b"services:\n  t: *shared\n"}, 1, "o.yaml:2"),
    "anchor-in-its-own-file": ({"compose.yaml": b"x-a: &shared {image: busybox}\nservices:\n  s: *shared\n"
                                                b"  t:\n    extends: {file: o.yaml, service: u}\n",
                                "o.yaml": b"x-b: &b {image: busybox}\nservices:\n  u: *b\n"}, 0, ""),
    "include-missing": ({"compose.yaml": b"include: [nowhere.yaml]\n" + BAD.encode()}, 1, "compose.yaml:1"),
    "binary-garbage": ({"compose.yaml": bytes(range(256)) * 4}, 1, "compose.yaml"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_file(campaigns: Campaigns, tmp_path: Path, name: str) -> None:
    files, code, needle = CASES[name]
    campaigns("loader-fuzz").cases += 2
    for file, data in files.items():
        (tmp_path / file).write_bytes(data)
    outcome = load_case(tmp_path, ("compose.yaml",))  # in-process (bounded by pytest-timeout)
    assert (outcome == "model") == (code == 0), outcome
    started = time.monotonic()
    done = run_cli(tmp_path, "-f", "compose.yaml", "config", "--format", "json", timeout=20, memory_mb=1024)
    elapsed = time.monotonic() - started
    assert done.returncode == code, done.stderr
    assert needle in done.stderr, done.stderr
    assert elapsed < 10, f"{name} took {elapsed:.1f}s"


def test_interpolation_answers(campaigns: Campaigns, tmp_path: Path) -> None:
    campaigns("loader-fuzz").cases += 1
    (tmp_path / "compose.yaml").write_text(
        BAD + "    environment:\n      DD: $$A\n      NEST: ${A:-${B:-c}}\n      NEST_B: ${U:-${B:-c}}\n"
        "      NEST_C: ${U:-${U2:-c}}\n      ALT: ${B:+set}\n      EMPTY: ${E-dflt}\n      EMPTY2: ${E:-dflt}\n")
    done = run_cli(tmp_path, "-f", "compose.yaml", "config", "--format", "json", environ={"B": "b", "E": ""})
    env = json.loads(done.stdout)["services"]["s"]["environment"]
    # config writes a literal $ escaped again ($$), as v2 does
    assert env == {"DD": "$$A", "NEST": "b", "NEST_B": "b", "NEST_C": "c", "ALT": "set", "EMPTY": "",
                   "EMPTY2": "dflt"}


def test_a_big_file(campaigns: Campaigns, tmp_path: Path) -> None:
    """A compose file of BIG_MB megabytes (services with 20 kB labels): a model, in bounded time and memory."""
    campaigns("loader-fuzz").cases += 1
    text = big_file(BIG_MB)
    (tmp_path / "compose.yaml").write_text(text)
    assert len(text) > BIG_MB * 900_000
    started = time.monotonic()
    done = run_cli(tmp_path, "-f", "compose.yaml", "config", "--services", timeout=120, memory_mb=3072)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == text.count("\n  s")
    assert time.monotonic() - started < 60


def test_a_big_broken_file_names_the_place(campaigns: Campaigns, tmp_path: Path) -> None:
    campaigns("loader-fuzz").cases += 1
    text = big_file(BIG_MB // 5 or 1)
    cut = text.rindex("  s")
    (tmp_path / "compose.yaml").write_text(text[:cut] + "  broken: [\n" + text[cut:])
    line = text.count("\n", 0, cut) + 1
    done = run_cli(tmp_path, "-f", "compose.yaml", "config", "-q", timeout=120, memory_mb=3072)
    assert done.returncode == 1
    assert any(f"compose.yaml:{n}:" in done.stderr for n in range(line, line + 4)), done.stderr[-500:]
