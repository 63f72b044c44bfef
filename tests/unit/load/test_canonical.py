"""canonical(): one table row per short syntax, input YAML -> the long form v2 works with."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from compose.errors import Location, ValidationError
from compose.load.canonical import canonical
from compose.load.sourcemap import SourceMap


def service(snippet: str) -> dict[str, Any]:
    """canonical() of a document with one service ``s`` defined by ``snippet``."""
    doc = {"services": {"s": yaml.safe_load(snippet)}}
    out = canonical(doc)["services"]["s"]
    assert isinstance(out, dict)
    return out


def attr(snippet: str) -> Any:
    """The one attribute of service ``s`` after canonical()."""
    svc = service(snippet)
    (value,) = svc.values()
    return value


PORT = {"mode": "ingress", "protocol": "tcp"}

PORTS = [
    ("ports: [80]", [{**PORT, "target": 80}]),
    ('ports: ["80"]', [{**PORT, "target": 80}]),
    ('ports: ["8080:80"]', [{**PORT, "target": 80, "published": "8080"}]),
    ('ports: ["8080:80/udp"]', [{**PORT, "target": 80, "published": "8080", "protocol": "udp"}]),
    ('ports: ["8080:80/UDP"]', [{**PORT, "target": 80, "published": "8080", "protocol": "udp"}]),
    ('ports: ["127.0.0.1:8080:80"]', [{**PORT, "host_ip": "127.0.0.1", "target": 80, "published": "8080"}]),
    ('ports: ["127.0.0.1::80"]', [{**PORT, "host_ip": "127.0.0.1", "target": 80}]),
    ('ports: ["[::1]:53:53/udp"]', [{**PORT, "host_ip": "::1", "target": 53, "published": "53", "protocol": "udp"}]),
    ('ports: ["::1:53:53"]', [{**PORT, "host_ip": "::1", "target": 53, "published": "53"}]),
    (
        'ports: ["3000-3001"]',
        [{**PORT, "target": 3000}, {**PORT, "target": 3001}],
    ),
    (
        'ports: ["9090-9091:8080-8081"]',
        [{**PORT, "target": 8080, "published": "9090"}, {**PORT, "target": 8081, "published": "9091"}],
    ),
    ('ports: ["8000-8010:80"]', [{**PORT, "target": 80, "published": "8000-8010"}]),
    # nat.ParsePortSpecs sorts by "port/proto" as strings: 10 before 9
    ('ports: ["9-10"]', [{**PORT, "target": 10}, {**PORT, "target": 9}]),
    (
        "ports: [{target: 80, published: 8080}]",
        [{"target": 80, "published": "8080", "mode": "ingress", "protocol": "tcp"}],
    ),
    (
        'ports: [{target: "80", published: "8000-8001", mode: host, protocol: udp, name: web, app_protocol: http}]',
        [{"target": 80, "published": "8000-8001", "mode": "host", "protocol": "udp", "name": "web", "app_protocol": "http"}],
    ),
]

VOLUMES = [
    ("volumes: [/data]", [{"type": "volume", "target": "/data", "volume": {}}]),
    ("volumes: [data:/data]", [{"type": "volume", "source": "data", "target": "/data", "volume": {}}]),
    (
        "volumes: [data:/data:nocopy]",
        [{"type": "volume", "source": "data", "target": "/data", "volume": {"nocopy": True}}],
    ),
    (
        "volumes: [./src:/app]",
        [{"type": "bind", "source": "./src", "target": "/app", "bind": {"create_host_path": True}}],
    ),
    (
        "volumes: [/opt:/opt:ro]",
        [{"type": "bind", "source": "/opt", "target": "/opt", "read_only": True, "bind": {"create_host_path": True}}],
    ),
    (
        "volumes: ['~/x:/x:rw,z']",
        [{"type": "bind", "source": "~/x", "target": "/x", "bind": {"selinux": "z", "create_host_path": True}}],
    ),
    (
        "volumes: ['./p:/p:ro,rshared,Z']",
        [
            {
                "type": "bind",
                "source": "./p",
                "target": "/p",
                "read_only": True,
                "bind": {"propagation": "rshared", "selinux": "Z", "create_host_path": True},
            }
        ],
    ),
    (
        "volumes: ['./src:/app/:cached']",
        [{"type": "bind", "source": "./src", "target": "/app", "bind": {"create_host_path": True}}],
    ),
    (
        "volumes: ['C:\\data:/data']",
        [{"type": "bind", "source": "C:\\data", "target": "/data", "bind": {"create_host_path": True}}],
    ),
    ("volumes: ['v://data//x/']", [{"type": "volume", "target": "v:/data/x", "volume": {}}]),
    (
        "volumes: [{type: bind, source: ., target: /a}]",
        [{"type": "bind", "source": ".", "target": "/a"}],
    ),
]

SERVICE_ATTRS = [
    ("environment: [A=1, B, C=, D=x=y]", {"A": "1", "B": None, "C": "", "D": "x=y"}),
    ("environment: {A: 1, B: null, C: true, D: 1.50}", {"A": "1", "B": None, "C": "true", "D": "1.5"}),
    ("labels: [a=b, c]", {"a": "b", "c": ""}),
    ("labels: {a: 1, b: null}", {"a": "1", "b": ""}),
    ("annotations: [com.example=x]", {"com.example": "x"}),
    ("sysctls: [net.core.somaxconn=1024, b]", {"net.core.somaxconn": "1024", "b": ""}),
    ("depends_on: [db]", {"db": {"condition": "service_started", "required": True}}),
    (
        "depends_on: {db: {condition: service_healthy}, c: {required: false, restart: true}}",
        {
            "db": {"condition": "service_healthy", "required": True},
            "c": {"condition": "service_started", "required": False, "restart": True},
        },
    ),
    ("networks: [a, b]", {"a": None, "b": None}),
    ("networks: {a: {aliases: [x]}}", {"a": {"aliases": ["x"]}}),
    ("models: [m]", {"m": None}),
    ("secrets: [s]", [{"source": "s", "target": "/run/secrets/s"}]),
    ("secrets: [{source: s, target: t}]", [{"source": "s", "target": "t"}]),
    ("configs: [c]", [{"source": "c"}]),
    ("build: ./dir", {"context": "./dir"}),
    ("build: {context: ., args: [A=1, B]}", {"context": ".", "args": {"A": "1", "B": None}}),
    ("build: {ssh: default}", {"ssh": ["default"]}),
    ("build: {secrets: [s]}", {"secrets": [{"source": "s"}]}),
    ("build: {cache_from: a, tags: b}", {"cache_from": ["a"], "tags": ["b"]}),
    ("build: {labels: [A=b]}", {"labels": {"A": "b"}}),
    ("build: {extra_hosts: ['a:1.1.1.1']}", {"extra_hosts": ["a=1.1.1.1"]}),
    ("env_file: .env", [{"path": ".env", "required": True}]),
    ("env_file: [a.env, {path: b.env, required: false}]", [{"path": "a.env", "required": True}, {"path": "b.env", "required": False}]),
    ("env_file: [{path: c.env, format: raw}]", [{"path": "c.env", "format": "raw", "required": True}]),
    ("label_file: ./l", ["./l"]),
    ("expose: [80, '90-91', 100/udp]", ["80", "90-91", "100/udp"]),
    ("extends: base", {"service": "base"}),
    ("extends: {file: b.yaml, service: base}", {"file": "b.yaml", "service": "base"}),
    ("extra_hosts: ['a:1.2.3.4', 'b=::1', 'c:::1', 'd=[::2]']", ["a=1.2.3.4", "b=::1", "c=::1", "d=::2"]),
    ("extra_hosts: {a: 1.2.3.4, b: [1.1.1.1, 2.2.2.2]}", ["a=1.2.3.4", "b=1.1.1.1", "b=2.2.2.2"]),
    ("extra_hosts: ['a=1.1.1.1,2.2.2.2']", ["a=1.1.1.1", "a=2.2.2.2"]),
    ("gpus: all", [{"count": -1}]),
    ("gpus: [{driver: nvidia}]", [{"driver": "nvidia", "count": -1}]),
    ("gpus: [{driver: x, device_ids: ['0']}]", [{"driver": "x", "device_ids": ["0"]}]),
    ("gpus: [{count: all}]", [{"count": -1}]),
    ("healthcheck: {test: curl x}", {"test": ["CMD-SHELL", "curl x"]}),
    ("healthcheck: {test: [CMD, curl]}", {"test": ["CMD", "curl"]}),
    ("devices: ['/dev/a']", [{"source": "/dev/a", "target": "/dev/a", "permissions": "rwm"}]),
    ("devices: ['/dev/a:/dev/b']", [{"source": "/dev/a", "target": "/dev/b", "permissions": "rwm"}]),
    ("devices: ['/dev/a:/dev/b:r']", [{"source": "/dev/a", "target": "/dev/b", "permissions": "r"}]),
    ("dns: 8.8.8.8", ["8.8.8.8"]),
    ("dns_search: example.com", ["example.com"]),
    ("dns: ''", []),
    ("tmpfs: /run", ["/run"]),
    ("command: echo \"a b\" 'c'", ["echo", "a b", "c"]),
    ("command: 'a\\ b c\\\"d'", ["a b", 'c"d']),
    ("command: echo a && echo b", ["echo", "a"]),
    ("command: ''", []),
    ("command: [sh, -c, 'echo; ls']", ["sh", "-c", "echo; ls"]),
    ("entrypoint: /entry.sh -x", ["/entry.sh", "-x"]),
    ("post_start: [{command: echo hi, environment: [A=b]}]", [{"command": ["echo", "hi"], "environment": {"A": "b"}}]),
    (
        "develop: {watch: [{path: [a, b], action: sync}]}",
        {"watch": [{"path": "a", "action": "sync"}, {"path": "b", "action": "sync"}]},
    ),
    ("ulimits: {nproc: 10, nofile: {soft: 1, hard: 2}}", {"nproc": 10, "nofile": {"soft": 1, "hard": 2}}),
    (
        "deploy: {resources: {reservations: {devices: [{capabilities: [gpu], count: all}]}}}",
        {"resources": {"reservations": {"devices": [{"capabilities": ["gpu"], "count": -1}]}}},
    ),
    ("x-foo: {ports: ['80']}", {"ports": ["80"]}),
]


@pytest.mark.parametrize(("snippet", "expected"), PORTS + VOLUMES + SERVICE_ATTRS)
def test_service_attribute(snippet: str, expected: Any) -> None:
    assert attr(snippet) == expected


TOP_LEVEL = [
    ("networks: {n: {external: {name: real}}}", {"networks": {"n": {"external": True, "name": "real"}}}),
    ("volumes: {v: {external: {name: real}}}", {"volumes": {"v": {"external": True, "name": "real"}}}),
    ("secrets: {s: {external: true}}", {"secrets": {"s": {"external": True}}}),
    ("volumes: {v: null}", {"volumes": {"v": None}}),
    ("networks: {n: {labels: [a=b, c]}}", {"networks": {"n": {"labels": {"a": "b", "c": ""}}}}),
    ("volumes: {v: {labels: [a=1]}}", {"volumes": {"v": {"labels": {"a": "1"}}}}),
    ("secrets: {s: {labels: [a=1]}}", {"secrets": {"s": {"labels": {"a": "1"}}}}),
    ("configs: {c: {labels: [a=1]}}", {"configs": {"c": {"labels": {"a": "1"}}}}),
    ("include: [a.yaml]", {"include": [{"path": ["a.yaml"]}]}),
    ("include: [{path: a.yaml, env_file: a.env}]", {"include": [{"path": ["a.yaml"], "env_file": ["a.env"]}]}),
    ("x-anchors: {ports: ['80'], environment: [A]}", {"x-anchors": {"ports": ["80"], "environment": ["A"]}}),
]


@pytest.mark.parametrize(("text", "expected"), TOP_LEVEL)
def test_top_level(text: str, expected: dict[str, Any]) -> None:
    assert canonical(yaml.safe_load(text)) == expected


def test_a_service_named_like_an_extension_is_still_a_service() -> None:
    out = canonical({"services": {"x-foo": {"ports": ["80"]}}})
    assert out["services"]["x-foo"]["ports"] == [{**PORT, "target": 80}]


def test_does_not_mutate_its_input() -> None:
    doc = yaml.safe_load(
        "services: {s: {ports: ['80'], environment: [A=1], build: ., volumes: ['./a:/a'], depends_on: [b]}}"
    )
    before = copy.deepcopy(doc)
    canonical(doc)
    assert doc == before


def test_is_idempotent() -> None:
    doc = yaml.safe_load(
        """
services:
  s:
    ports: ['8080:80', 90]
    expose: [1]
    environment: [A=1, B]
    labels: [a=b]
    build: ./x
    volumes: ['./a:/a:ro', 'v:/v']
    depends_on: [b]
    secrets: [s]
    configs: [c]
    env_file: .env
    extra_hosts: ['h:1.1.1.1']
    command: echo hi
    gpus: all
    healthcheck: {test: x}
    networks: [n]
    devices: ['/dev/a']
"""
    )
    once = canonical(doc)
    assert canonical(once) == once


@pytest.mark.parametrize(
    ("snippet", "message"),
    [
        ("ports: ['80:x']", "invalid containerPort"),
        ("ports: ['a:80']", "invalid hostPort"),
        ("ports: ['1.2.3:80:80']", "invalid IP address"),
        ("ports: ['80/xyz']", "invalid proto"),
        ("ports: ['8000-8001:80-82']", "invalid ranges"),
        ("volumes: ['vol:/a:ro:x']", "too many colons"),
        ("volumes: ['vol::/b']", "empty section"),
        ("devices: ['a:b:c:d']", "confusing device mapping"),
        ("extra_hosts: [nohost]", "missing IP"),
        ("command: echo 'unterminated", "unterminated quote"),
        ("environment: ['A =1']", "declared with a trailing space"),
        ("gpus: [{count: 1, device_ids: [a]}]", "are exclusive"),
        ("gpus: [{count: some}]", "the only value allowed is 'all' or a number"),
        ("ports: [{target: 80, host_ip: localhost}]", "invalid ip address: localhost"),
    ],
)
def test_invalid_short_syntax_is_a_located_issue(snippet: str, message: str) -> None:
    key = snippet.split(":")[0]
    sources = SourceMap({("services", "s", key): Location("compose.yaml", 3, 5)})
    with pytest.raises(ValidationError) as info:
        canonical({"services": {"s": yaml.safe_load(snippet)}}, sources)
    (issue,) = info.value.issues
    assert message in issue.message
    assert issue.location == Location("compose.yaml", 3, 5)
    assert issue.path.startswith(f"services.s.{key}")


def test_every_problem_is_reported() -> None:
    doc = {"services": {"a": {"ports": ["x"]}, "b": {"volumes": ["vol:/a:ro:x"]}}}
    with pytest.raises(ValidationError) as info:
        canonical(doc)
    assert {i.path for i in info.value.issues} == {"services.a.ports", "services.b.volumes[0]"}
