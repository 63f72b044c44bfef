"""The merge rules of several compose files, one row per rule (13-merge.md and v2's exceptions)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from compose.errors import LoadError
from compose.load.canonical import canonical
from compose.load.merge import apply_resets, enforce_unique, merge_documents
from compose.load.source import parse_documents


def _svc(text: str) -> tuple[dict[str, Any], frozenset[Any]]:
    body = "\n".join("    " + line for line in text.strip("\n").splitlines())
    doc = parse_documents(f"services:\n  s:\n{body}\n", "c.yaml")[0]
    return canonical(doc.data), doc.resets


def merged(base: str, override: str) -> dict[str, Any]:
    b, _ = _svc(base)
    o, resets = _svc(override)
    before = copy.deepcopy((b, o))
    out = merge_documents(merge_documents({}, b), o, resets)
    assert (b, o) == before, "merge must not mutate its inputs"
    return dict(out["services"]["s"])


PORT_80 = {"mode": "ingress", "target": 80, "published": "8080", "protocol": "tcp"}

CASES: list[tuple[str, str, str, dict[str, Any]]] = [
    ("scalars are replaced", "image: a", "image: b", {"image": "b"}),
    ("null keeps the base", "image: a", "image: null", {"image": "a"}),
    ("mappings merge", "deploy: {replicas: 1, mode: replicated}", "deploy: {replicas: 2}",
     {"deploy": {"replicas": 2, "mode": "replicated"}}),
    ("sequences append", "cap_add: [A]", "cap_add: [B]", {"cap_add": ["A", "B"]}),
    ("cap_add items are unique", "cap_add: [A, B]", "cap_add: [B, C]", {"cap_add": ["A", "B", "C"]}),
    ("command is replaced", "command: [echo, a]", "command: [echo, b]", {"command": ["echo", "b"]}),
    ("entrypoint is replaced", "entrypoint: sh -c", "entrypoint: [bash]", {"entrypoint": ["bash"]}),
    ("healthcheck.test is replaced", "healthcheck: {test: [CMD, a], retries: 3}", "healthcheck: {test: [CMD, b]}",
     {"healthcheck": {"test": ["CMD", "b"], "retries": 3}}),
    ("environment merges by name (list and map)", "environment: [A=1, B=2]", "environment: {B: 3, C: '4'}",
     {"environment": {"A": "1", "B": "3", "C": "4"}}),
    ("labels merge by name", "labels: {a: '1'}", "labels: [a=2, b=3]", {"labels": {"a": "2", "b": "3"}}),
    ("sysctls merge by name", "sysctls: {a: 1}", "sysctls: {a: 2}", {"sysctls": {"a": "2"}}),
    ("ulimits entries are replaced", "ulimits: {nofile: {soft: 1, hard: 2}}", "ulimits: {nofile: {soft: 3}}",
     {"ulimits": {"nofile": {"soft": 3}}}),
    ("ports unique by ip/published/target/protocol", "ports: ['8080:80']", "ports: ['8080:80', '9090:90']",
     {"ports": [PORT_80, {"mode": "ingress", "target": 90, "published": "9090", "protocol": "tcp"}]}),
    ("volumes unique by target", "volumes: ['va:/data']", "volumes: ['vb:/data']",
     {"volumes": [{"type": "volume", "source": "vb", "target": "/data", "volume": {}}]}),
    ("secrets unique by target", "secrets: [a]", "secrets: [{source: b, target: /run/secrets/a}]",
     {"secrets": [{"source": "b", "target": "/run/secrets/a"}]}),
    ("expose unique", "expose: ['80']", "expose: ['80', '81']", {"expose": ["80", "81"]}),
    ("dns unique", "dns: [8.8.8.8, 9.9.9.9]", "dns: 9.9.9.9", {"dns": ["8.8.8.8", "9.9.9.9"]}),
    ("depends_on merges by service", "depends_on: [db]", "depends_on: {db: {condition: service_healthy}}",
     {"depends_on": {"db": {"condition": "service_healthy", "required": True}}}),
    ("networks merge by name", "networks: [a]", "networks: {a: {aliases: [x]}, b: null}",
     {"networks": {"a": {"aliases": ["x"]}, "b": None}}),
    ("logging with another driver is replaced", "logging: {driver: json-file, options: {a: '1'}}",
     "logging: {driver: syslog}", {"logging": {"driver": "syslog"}}),
    ("logging with the same driver merges", "logging: {driver: syslog, options: {a: '1'}}",
     "logging: {options: {b: '2'}}", {"logging": {"driver": "syslog", "options": {"a": "1", "b": "2"}}}),
    ("build string and mapping merge", "build: .", "build: {dockerfile: other}",
     {"build": {"context": ".", "dockerfile": "other"}}),
    ("extra_hosts adds new entries only", "extra_hosts: {example.com: 1.2.3.4}",
     "extra_hosts: [localhost=127.0.0.1, example.com=1.2.3.4, example.com=4.3.2.1]",
     {"extra_hosts": ["example.com=1.2.3.4", "localhost=127.0.0.1", "example.com=4.3.2.1"]}),
    ("x- keys are replaced whole", "x-a: {p: 1}", "x-a: {q: 2}", {"x-a": {"q": 2}}),
    ("!reset removes", "ports: ['8080:80']\nimage: a", "ports: !reset []", {"image": "a"}),
    ("!override replaces", "ports: ['8080:80']", "ports: !override ['9090:90']",
     {"ports": [{"mode": "ingress", "target": 90, "published": "9090", "protocol": "tcp"}]}),
]


@pytest.mark.parametrize(("name", "base", "override", "expected"), CASES, ids=[c[0] for c in CASES])
def test_merge_rule(name: str, base: str, override: str, expected: dict[str, Any]) -> None:
    assert merged(base, override) == expected


def test_a_mapping_cannot_be_replaced_by_a_scalar() -> None:
    with pytest.raises(LoadError, match=r"cannot override services\.s\.deploy"):
        merge_documents({"services": {"s": {"deploy": {"replicas": 1}}}}, {"services": {"s": {"deploy": "x"}}})


def test_reset_paths_inside_sequences_are_ignored() -> None:
    data = {"a": [1, 2], "b": {"c": 1, "d": 2}}
    assert apply_resets(data, [("a", 0), ("b", "c")]) == {"a": [1, 2], "b": {"d": 2}}


def test_unicity_within_one_file_keeps_the_first_place() -> None:
    doc = {"services": {"s": {"volumes": [{"target": "/a", "source": "x"}, {"target": "/b"},
                                          {"target": "/a", "source": "y"}]}}}
    assert enforce_unique(doc)["services"]["s"]["volumes"] == [{"target": "/a", "source": "y"}, {"target": "/b"}]
