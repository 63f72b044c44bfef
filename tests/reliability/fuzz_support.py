"""The loader fuzz campaign's contract and generators.

The contract (``load_case``): loading a project the way every command does (``load_checked``: load,
validate, model, cycle check) ends in a model or in a ``ComposeError`` that says where (file:line:col
and/or a key path, or the file it could not read); any other exception escapes and fails the case;
nothing in the project directory changes.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from compose.errors import ComposeError, ValidationError
from compose.graph.loading import load_checked
from compose.load.options import LoadOptions

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "schemas" / "compose.schema.json").read_text())
DEFS = SCHEMA["$defs"]
SERVICE_KEYS = sorted(DEFS["service"]["properties"])
TOP_KEYS = sorted(SCHEMA["properties"])
RESOURCE_KEYS = {kind: sorted(DEFS[kind].get("properties", {})) for kind in ("network", "volume", "secret", "config")}
NAMES = ["a", "b", "c", "web", "db"]


# -- the contract ------------------------------------------------------------------------------------

def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*"))}


def located(exc: ComposeError, root: Path) -> bool:
    """The error says where: a location, a key path, or the file it concerns."""
    if isinstance(exc, ValidationError):
        return bool(exc.issues) and all(i.location is not None or i.path for i in exc.issues)
    return exc.location is not None or bool(exc.path) or str(root) in str(exc) or ".yaml" in str(exc)


def load_case(root: Path, files: Sequence[str] = (), environ: Mapping[str, str] | None = None) -> str:
    """"model" or the name of the ComposeError the load ended in; raises AssertionError on a breach."""
    env = {"HOME": str(root / "home"), **(environ or {})}
    before = snapshot(root)
    try:
        load_checked(LoadOptions(files=tuple(files), environ=env, cwd=str(root)))
        outcome = "model"
    except ComposeError as exc:
        text = str(exc)
        assert text and "Traceback" not in text, repr(exc)
        assert located(exc, root), f"{type(exc).__name__} without a location: {text}"
        outcome = type(exc).__name__
    assert snapshot(root) == before, "loading changed the project directory"
    return outcome


def limit_memory(megabytes: int) -> Any:
    def apply() -> None:
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return apply


def run_cli(root: Path, *args: str, timeout: float = 30, memory_mb: int = 2048,
            environ: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m compose ARGS`` in ``root``, bounded in time and address space; checks the CLI's part of
    the contract: exit 0 or 1, no traceback, an error that says where."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPOSE_", "DOCKER_"))}
    env.update({"HOME": str(root / "home"), "NO_COLOR": "1", **(environ or {})})
    before = snapshot(root)
    done = subprocess.run([sys.executable, "-m", "compose", *args], cwd=root, env=env, capture_output=True,
                          text=True, errors="replace", timeout=timeout, preexec_fn=limit_memory(memory_mb),
                          check=False)
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.returncode in (0, 1), f"exit {done.returncode}: {done.stderr[-2000:]}"
    if done.returncode == 1:
        assert done.stderr.strip(), "an error without a message"
        first = next(line for line in done.stderr.splitlines() if line.strip() and not line.startswith("WARN"))
        assert ":" in first, f"no location in {first!r}"
    else:
        assert done.stdout.strip() or "-q" in args or "--quiet" in args
    assert snapshot(root) == before, "the CLI changed the project directory"
    return done


# -- generators --------------------------------------------------------------------------------------

INTERPOLATION_PIECES = ["$", "$$", "${", "}", "${A", "${B", "A", "B", ":-", "-", ":?", "?", ":+", "+",
                        "err", "${A:-${B:-c}}", "${A:?err}", "${A?}", "$A", "${A:-}", "${}", "${ A }",
                        "${A-${B}}", "x", " ", "\\", "${A:+${B:?nested}}", "$${A}", "${9}", "${A_B}"]

interpolations = st.lists(st.sampled_from(INTERPOLATION_PIECES), min_size=1, max_size=6).map("".join)

odd_texts = st.sampled_from([
    "", " ", "\t", "~", "null", "yes", "on", "0x1F", "017", "1e400", "-0", "1:20", "2001-12-14", ".nan",
    "a" * 300, "é", "\u2028", "\x00", "\x7f", "!!binary", "*a", "&a", "<<", "- x", "{", "[", "#", "'", '"',
    "../../etc/passwd", "/", "./x", "C:\\x", "80:80", "127.0.0.1::80", "data:/data", "a=b", "3s", "-1",
])

texts = st.one_of(st.text(max_size=12), odd_texts, interpolations, st.sampled_from(NAMES))
scalars = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(), texts)
keys = st.one_of(st.sampled_from(NAMES), st.text(min_size=1, max_size=8), odd_texts, interpolations,
                 st.just("x-ext"))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
                      max_leaves=12)

names = st.sampled_from(NAMES)
_PLAUSIBLE: dict[str, st.SearchStrategy[Any]] = {
    "image": st.sampled_from(["busybox", "busybox:1.36", "ghcr.io/a/b:1@sha256:" + "0" * 64, "Bad Name", "${IMG}"]),
    "command": st.one_of(texts, st.lists(texts, max_size=3)),
    "environment": st.one_of(st.dictionaries(st.sampled_from(["A", "B", "C"]), scalars, max_size=3),
                             st.lists(st.sampled_from(["A=1", "B", "C=${A:-x}", "=x"]), max_size=3)),
    "ports": st.lists(st.one_of(st.sampled_from(["80", "8080:80", "127.0.0.1::80", "80-82:90-92", "x"]),
                                st.integers(-1, 70000)), max_size=3),
    "volumes": st.lists(st.sampled_from(["data:/data", "./src:/src", "/x", "data:/d:ro", ":/x", "data"]), max_size=3),
    "depends_on": st.one_of(st.lists(names, max_size=3), st.dictionaries(
        names, st.fixed_dictionaries({"condition": st.sampled_from(["service_started", "service_healthy", "x"])}),
        max_size=3)),
    "networks": st.one_of(st.lists(names, max_size=2), st.dictionaries(names, st.none(), max_size=2)),
    "links": st.lists(names, max_size=2),
    "volumes_from": st.lists(names, max_size=2),
    "network_mode": st.sampled_from(["host", "none", "service:a", "service:web", "container:x"]),
    "extends": st.one_of(names, st.fixed_dictionaries({"service": names})),
    "healthcheck": st.fixed_dictionaries({"test": st.sampled_from([["CMD", "true"], "true", ["NONE"]]),
                                          "interval": st.sampled_from(["1s", "1m30s", "x", "-1s"])}),
    "restart": st.sampled_from(["no", "always", "on-failure:3", "unless-stopped", "sometimes"]),
    "profiles": st.lists(st.sampled_from(["p", "q", "${P}"]), max_size=2),
    "secrets": st.lists(names, max_size=2),
    "configs": st.lists(names, max_size=2),
    "deploy": st.fixed_dictionaries({"replicas": st.integers(-1, 3)}),
    "labels": st.one_of(st.dictionaries(keys, scalars, max_size=3), st.lists(texts, max_size=3)),
}


def service_value(key: str) -> st.SearchStrategy[Any]:
    plausible = _PLAUSIBLE.get(key)
    return values if plausible is None else st.one_of(plausible, plausible, values)


services = st.dictionaries(
    st.one_of(st.sampled_from(SERVICE_KEYS), keys), st.just(None), max_size=6,
).flatmap(lambda chosen: st.fixed_dictionaries({k: service_value(k) for k in chosen}))


def resources(kind: str) -> st.SearchStrategy[Any]:
    entry = st.one_of(st.none(), st.dictionaries(st.one_of(st.sampled_from(RESOURCE_KEYS[kind]), keys), values,
                                                 max_size=3))
    return st.dictionaries(names, entry, max_size=3)


documents = st.fixed_dictionaries(
    {"services": st.dictionaries(names, st.one_of(services, st.fixed_dictionaries({"image": st.just("busybox")})),
                                 min_size=1, max_size=4)},
    optional={"networks": resources("network"), "volumes": resources("volume"), "secrets": resources("secret"),
              "configs": resources("config"), "name": texts, "version": st.sampled_from(["3", "3.8", 3]),
              "x-ext": values},
)
broken_documents = st.dictionaries(st.one_of(st.sampled_from(TOP_KEYS), keys), values, max_size=5)


def dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


MUTATIONS = ["none", "tab", "drop-line", "dup-line", "bad-utf8", "truncate", "insert"]
INSERTS = ["${", "&a ", "*a", "<<: *a\n", ": ", "- ", "\t", "{", "]", "!!int ", "!reset ", "\"", "\x00", "\ufeff"]


@st.composite
def mutated(draw: st.DrawFn, text: str) -> bytes:
    """The YAML text of a document, maybe broken: a tab, a dropped or repeated line (duplicate keys),
    bytes that are not UTF-8, a cut, an inserted token."""
    kind = draw(st.sampled_from(MUTATIONS))
    data = text.encode()
    if kind == "none" or not data:
        return data
    at = draw(st.integers(0, len(data)))
    lines = data.split(b"\n")
    line = draw(st.integers(0, len(lines) - 1))
    if kind == "tab":
        return data[:at] + b"\t" + data[at:]
    if kind == "drop-line":
        return b"\n".join(lines[:line] + lines[line + 1:])
    if kind == "dup-line":
        return b"\n".join([*lines[:line + 1], lines[line], *lines[line + 1:]])
    if kind == "bad-utf8":
        return data[:at] + draw(st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xe2\x82"])) + data[at:]
    if kind == "truncate":
        return data[:at]
    return data[:at] + draw(st.sampled_from(INSERTS)).encode() + data[at:]


environs = st.dictionaries(st.sampled_from(["A", "B", "IMG", "P"]), st.sampled_from(["", "1", "x y", "$B", "${A}"]),
                           max_size=4)
