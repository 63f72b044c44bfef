"""Table-driven schema checks, one group per attribute family.

Each row is a service snippet (or a whole document) and what Docker Compose
v2.40.3 does with it at its schema stage: ``OK`` (accepted) or the key path of
the first problem and a fragment of our message. Every verdict here was
checked against v2 (``docker compose config``) when the row was written.
"""

from __future__ import annotations

import pytest
from validate_support import schema_issues, service_doc

OK = None

SERVICE_ROWS: list[tuple[str, str, tuple[str, str] | None]] = [
    # --- scalars: strings, booleans and numbers as v2 types them -------------------------
    ("image string", "image: redis:5", OK),
    ("image number", "image: 3", ("services.web.image", "must be a string, not the number 3")),
    ("image null", "image:", ("services.web.image", "must be a string, not null")),
    ("user number", "user: 1000", ("services.web.user", "must be a string")),
    ("privileged string", 'privileged: "true"', OK),
    ("privileged number", "privileged: 1", ("services.web.privileged", "must be a boolean or a string")),
    ("init null", "init:", ("services.web.init", "must be a boolean or a string, not null")),
    ("use_api_socket string", 'use_api_socket: "yes"', ("services.web.use_api_socket", "must be a boolean")),
    ("cpus string", 'cpus: "0.5"', OK),
    ("cpus boolean", "cpus: true", ("services.web.cpus", "must be a number or a string")),
    ("cpu_percent 50", "cpu_percent: 50", OK),
    ("cpu_percent 101", "cpu_percent: 101", ("services.web.cpu_percent", "0 to 100")),
    ("cpu_count negative", "cpu_count: -1", ("services.web.cpu_count", "0 or more")),
    ("oom_score_adj range", "oom_score_adj: 2000", ("services.web.oom_score_adj", "-1000 to 1000")),
    ("mem_limit float", "mem_limit: 1.5", OK),
    ("mem_reservation float", "mem_reservation: 1.5", ("services.web.mem_reservation", "whole number")),
    ("mem_swappiness 200", "mem_swappiness: 200", OK),
    ("scale string", 'scale: "2"', OK),
    (
        "stop_grace_period number",
        "stop_grace_period: 10",
        ("services.web.stop_grace_period", "must be a duration like"),
    ),
    ("restart any string", "restart: sometimes", OK),
    ("cgroup enum", "cgroup: foo", ("services.web.cgroup", "must be one of: 'host', 'private'")),
    ("pull_policy every", "pull_policy: every_12h", OK),
    ("pull_policy bad", "pull_policy: sometimes", ("services.web.pull_policy", "every_<duration>")),
    ("container_name ok", "container_name: my-web", OK),
    ("container_name one char", "container_name: c", ("services.web.container_name", "container name")),
    # --- command-like values ---------------------------------------------------------------
    ("command string", "command: bundle exec thin", OK),
    ("command list", "command: [a, b]", OK),
    ("command null", "command:", OK),
    ("command number", "command: 1", ("services.web.command", "a string, a list of strings or null")),
    ("command list of numbers", "command: [1]", ("services.web.command[0]", "must be a string")),
    ("entrypoint mapping", "entrypoint: {a: 1}", ("services.web.entrypoint", "not a mapping")),
    # --- lists and list-or-mapping values --------------------------------------------------
    ("cap_add string", "cap_add: ALL", ("services.web.cap_add", "must be a list")),
    ("cap_add duplicates", "cap_add: [ALL, ALL]", OK),
    (
        "security_opt duplicates",
        "security_opt: [a, a]",
        ("services.web.security_opt[1]", "duplicate item 'a'"),
    ),
    ("dns string", "dns: 8.8.8.8", OK),
    ("dns number", "dns: 8", ("services.web.dns", "a string or a list of strings")),
    ("tmpfs string", "tmpfs: /run", OK),
    ("environment list", "environment: [A=1, B]", OK),
    ("environment mapping", "environment: {A: 1, B: null, C: true}", OK),
    ("environment null", "environment:", ("services.web.environment", "a mapping or a list of 'KEY=VALUE'")),
    (
        "environment nested",
        "environment: {A: [1]}",
        ("services.web.environment.A", "must be a string, a number"),
    ),
    ("environment empty key", 'environment: {"": x}', ("services.web.environment.", "an empty key")),
    ("labels list duplicates", "labels: [a=1, a=1]", OK),
    ("extra_hosts mapping", "extra_hosts: {a: 1.2.3.4, b: [1.2.3.4, 5.6.7.8]}", OK),
    ("extra_hosts list", 'extra_hosts: ["a=1.2.3.4", "b:1.2.3.4"]', OK),
    ("extra_hosts number", "extra_hosts: {a: 1}", ("services.web.extra_hosts.a", "an IP address")),
    ("expose numbers", "expose: [80, '90/udp']", OK),
    ("expose string", 'expose: "80"', ("services.web.expose", "must be a list")),
    ("group_add duplicates", "group_add: [a, a]", ("services.web.group_add[1]", "duplicate item")),
    ("sysctls mapping", "sysctls: {a: 1, b: x}", OK),
    ("storage_opt list", "storage_opt: [a]", ("services.web.storage_opt", "must be a mapping")),
    ("annotations list", "annotations: [a=b]", OK),
    # --- ports -------------------------------------------------------------------------------
    ("ports short", 'ports: [80, "8080:80", "127.0.0.1:5000-5010:5000-5010"]', OK),
    (
        "ports long",
        "ports: [{target: 80, published: '8080', host_ip: 127.0.0.1, protocol: tcp, mode: host}]",
        OK,
    ),
    (
        "ports boolean",
        "ports: [true]",
        ("services.web.ports[0]", "a port like '8080:80' or a mapping with 'target'"),
    ),
    (
        "ports unknown key",
        "ports: [{target: 80, foo: 1}]",
        ("services.web.ports[0].foo", "unknown key 'foo'"),
    ),
    ("ports extension key", "ports: [{target: 80, x-note: 1}]", OK),
    (
        "ports float target",
        "ports: [{target: 1.5}]",
        ("services.web.ports[0].target", "whole number or a string"),
    ),
    ("ports not a list", 'ports: "80"', ("services.web.ports", "must be a list")),
    # --- volumes -----------------------------------------------------------------------------
    ("volumes short", 'volumes: ["./data:/data:ro", /anon]', OK),
    ("volumes long", "volumes: [{type: tmpfs, target: /t, tmpfs: {size: 100, mode: 0755}}]", OK),
    (
        "volumes no type",
        "volumes: [{target: /a}]",
        ("services.web.volumes[0]", "missing required key 'type'"),
    ),
    (
        "volumes bad type",
        "volumes: [{type: foo, target: /a}]",
        ("services.web.volumes[0].type", "must be one of"),
    ),
    (
        "volumes selinux",
        "volumes: [{type: bind, source: ., target: /a, bind: {selinux: x}}]",
        ("services.web.volumes[0].bind.selinux", "'z', 'Z'"),
    ),
    (
        "volumes tmpfs size negative",
        "volumes: [{type: tmpfs, target: /a, tmpfs: {size: -1}}]",
        ("services.web.volumes[0].tmpfs.size", "0 or more"),
    ),
    (
        "volumes tmpfs size float",
        "volumes: [{type: tmpfs, target: /a, tmpfs: {size: 0.5}}]",
        ("services.web.volumes[0].tmpfs.size", "a size in bytes"),
    ),
    ("volumes_from duplicates", "volumes_from: [a, a]", ("services.web.volumes_from[1]", "duplicate item")),
    # --- build ---------------------------------------------------------------------------------
    ("build string", "build: .", OK),
    ("build mapping", "build: {context: ., args: [A=1], ssh: [default], secrets: [s], no_cache: 'true'}", OK),
    ("build number", "build: 1", ("services.web.build", "a build context path or a mapping")),
    (
        "build unknown key",
        "build: {platform: linux}",
        ("services.web.build.platform", "unknown key 'platform'"),
    ),
    ("build ssh string", "build: {ssh: default}", ("services.web.build.ssh", "a mapping or a list")),
    (
        "build shm_size float",
        "build: {shm_size: 1.5}",
        ("services.web.build.shm_size", "whole number or a string"),
    ),
    (
        "build provenance number",
        "build: {provenance: 1}",
        ("services.web.build.provenance", "a boolean or a string"),
    ),
    # --- depends_on, extends, links --------------------------------------------------------
    ("depends_on list", "depends_on: [db]", OK),
    (
        "depends_on mapping",
        "depends_on: {db: {condition: service_healthy, restart: true, required: false}}",
        OK,
    ),
    (
        "depends_on no condition",
        "depends_on: {db: {}}",
        ("services.web.depends_on.db", "missing required key 'condition'"),
    ),
    (
        "depends_on bad condition",
        "depends_on: {db: {condition: up}}",
        ("services.web.depends_on.db.condition", "service_healthy"),
    ),
    (
        "depends_on required string",
        "depends_on: {db: {condition: service_started, required: 'no'}}",
        ("services.web.depends_on.db.required", "must be a boolean"),
    ),
    ("depends_on duplicates", "depends_on: [db, db]", ("services.web.depends_on[1]", "duplicate item 'db'")),
    ("depends_on string", "depends_on: db", ("services.web.depends_on", "a list of service names")),
    ("extends string", "extends: base", OK),
    ("extends mapping", "extends: {service: base, file: other.yaml}", OK),
    # --- healthcheck, logging, ulimits, blkio --------------------------------------------------
    (
        "healthcheck full",
        "healthcheck: {test: [CMD, x], interval: 1s, timeout: 2s, retries: 3, start_period: 1s, start_interval: 1s}",
        OK,
    ),
    ("healthcheck null", "healthcheck:", ("services.web.healthcheck", "must be a mapping")),
    (
        "healthcheck test number",
        "healthcheck: {test: 1}",
        ("services.web.healthcheck.test", "a command string or a list"),
    ),
    (
        "healthcheck interval number",
        "healthcheck: {interval: 10}",
        ("services.web.healthcheck.interval", "must be a duration like"),
    ),
    (
        "logging options list",
        "logging: {options: {a: [1]}}",
        ("services.web.logging.options.a", "must be a string, a number or null"),
    ),
    ("ulimits single and pair", "ulimits: {nproc: 65535, nofile: {soft: 1, hard: 2}}", OK),
    (
        "ulimits pair missing hard",
        "ulimits: {nofile: {soft: 1}}",
        ("services.web.ulimits.nofile", "missing required key 'hard'"),
    ),
    (
        "ulimits list",
        "ulimits: {nofile: [1]}",
        ("services.web.ulimits.nofile", "a whole number or a mapping with 'soft' and 'hard'"),
    ),
    ("blkio_config", "blkio_config: {weight: 300, device_read_bps: [{path: /dev/sda, rate: 12mb}]}", OK),
    (
        "blkio_config extension",
        "blkio_config: {x-note: 1}",
        ("services.web.blkio_config.x-note", "extension keys are not allowed here"),
    ),
    # --- deploy, develop, gpus, provider, hooks ------------------------------------------------
    ("deploy null", "deploy:", OK),
    (
        "deploy resources",
        "deploy: {resources: {limits: {cpus: '0.5', memory: 50M, pids: 1}, reservations: {devices: [{capabilities: [gpu], count: all}]}}}",
        OK,
    ),
    (
        "deploy limits devices",
        "deploy: {resources: {limits: {devices: []}}}",
        ("services.web.deploy.resources.limits.devices", "unknown key 'devices'"),
    ),
    (
        "deploy memory number",
        "deploy: {resources: {limits: {memory: 1000}}}",
        ("services.web.deploy.resources.limits.memory", "a size like '512m'"),
    ),
    (
        "deploy device no capabilities",
        "deploy: {resources: {reservations: {devices: [{driver: x}]}}}",
        ("services.web.deploy.resources.reservations.devices[0]", "missing required key 'capabilities'"),
    ),
    (
        "deploy update order",
        "deploy: {update_config: {order: foo}}",
        ("services.web.deploy.update_config.order", "'start-first', 'stop-first'"),
    ),
    ("develop watch", "develop: {watch: [{path: ./src, action: sync, target: /src, ignore: [x]}]}", OK),
    (
        "develop no action",
        "develop: {watch: [{path: ./src}]}",
        ("services.web.develop.watch[0]", "missing required key 'action'"),
    ),
    (
        "develop bad action",
        "develop: {watch: [{path: a, action: reload}]}",
        ("services.web.develop.watch[0].action", "must be one of"),
    ),
    ("gpus all", "gpus: all", OK),
    ("gpus other string", "gpus: some", ("services.web.gpus", "'all' or a list of device requests")),
    ("gpus list", "gpus: [{driver: nvidia, count: 2, capabilities: [gpu]}]", OK),
    ("post_start", "post_start: [{command: x, user: root, privileged: true, environment: [A=b]}]", OK),
    (
        "post_start no command",
        "post_start: [{user: root}]",
        ("services.web.post_start[0]", "missing required key 'command'"),
    ),
    (
        "pre_start is not in v2",
        "pre_start: [{command: x}]",
        ("services.web.pre_start", "unknown key 'pre_start'"),
    ),
    # --- networks, models, secrets, configs of a service ---------------------------------------
    ("networks list", "networks: [front]", OK),
    (
        "networks mapping",
        "networks: {front: {aliases: [a], ipv4_address: 1.2.3.4, priority: 1}, back: null}",
        OK,
    ),
    ("networks string", "networks: front", ("services.web.networks", "a list of network names")),
    (
        "networks priority string",
        "networks: {front: {priority: '1'}}",
        ("services.web.networks.front.priority", "must be a number"),
    ),
    (
        "networks bad name",
        'networks: {"a b": null}',
        ("services.web.networks.a b", "invalid network name 'a b'"),
    ),
    ("models list", "models: [m]", OK),
    ("models mapping", "models: {m: {endpoint_var: URL}}", OK),
    ("secrets long", "secrets: [s, {source: s, target: t, uid: '1', gid: '1', mode: 0440}]", OK),
    (
        "secrets uid number",
        "secrets: [{source: s, uid: 1}]",
        ("services.web.secrets[0].uid", "must be a string"),
    ),
    (
        "configs unknown key",
        "configs: [{source: c, foo: 1}]",
        ("services.web.configs[0].foo", "unknown key 'foo'"),
    ),
    # --- unknown keys ----------------------------------------------------------------------------
    ("extension key", "x-anything: {a: 1}", OK),
    ("typo", "imagee: nginx", ("services.web.imagee", "unknown key 'imagee' (did you mean 'image'?)")),
    ("wrong case", "Ports: []", ("services.web.Ports", "did you mean 'ports'?")),
]

DOCUMENT_ROWS: list[tuple[str, str, tuple[str, str] | None]] = [
    ("no services", "networks: {n: null}\n", OK),
    ("services list", "services: [a]\n", ("services", "must be a mapping")),
    (
        "service null",
        "services:\n  a:\n",
        ("services.a", "must be a mapping (a service definition), not null"),
    ),
    ("service name", 'services:\n  "a b": {image: x}\n', ("services.a b", "invalid service name 'a b'")),
    ("service name with dots", "services:\n  A.b_c-1: {image: x}\n", OK),
    ("top-level unknown", "foo: 1\nservices: {}\n", ("foo", "unknown key 'foo'")),
    ("top-level extension", "x-foo: {bar: [1]}\nservices: {}\n", OK),
    ("version number", "version: 3\nservices: {}\n", ("version", "must be a string")),
    ("name number", "name: 1\nservices: {}\n", ("name", "must be a string")),
    ("include null", "include:\nservices: {}\n", OK),
    ("include items are v2's business", "include: [{path: a.yaml, whatever: 1}, null]\nservices: {}\n", OK),
    ("networks null", "networks:\n", ("networks", "must be a mapping")),
    ("network null", "networks:\n  n:\n", OK),
    ("network any name", 'networks:\n  "a b": {}\n', OK),
    (
        "network full",
        "networks:\n  n: {driver: bridge, driver_opts: {a: 1}, ipam: {config: [{subnet: 10.0.0.0/24}]}, "
        "internal: true, enable_ipv6: 'true', attachable: true, labels: [a=b], name: x}\n",
        OK,
    ),
    ("network external name", "networks:\n  n: {external: {name: x}}\n", OK),
    (
        "network external unknown",
        "networks:\n  n: {external: {name: x, bar: 1}}\n",
        ("networks.n.external.bar", "unknown key 'bar'"),
    ),
    (
        "network ipam options number",
        "networks:\n  n: {ipam: {options: {a: 1}}}\n",
        ("networks.n.ipam.options.a", "must be a string"),
    ),
    ("network string", "networks:\n  n: foo\n", ("networks.n", "must be a mapping or null")),
    ("volume name", 'volumes:\n  "a/b": {}\n', ("volumes.a/b", "invalid volume name 'a/b'")),
    ("volume unknown", "volumes:\n  v: {foo: 1}\n", ("volumes.v.foo", "unknown key 'foo'")),
    ("volume external", "volumes:\n  v: {external: true, name: x}\n", OK),
    ("secret file", "secrets:\n  s: {file: ./s.txt}\n", OK),
    ("secret content", "secrets:\n  s: {content: x}\n", ("secrets.s.content", "unknown key 'content'")),
    ("secret null", "secrets:\n  s:\n", ("secrets.s", "must be a mapping")),
    ("secret external mapping", "secrets:\n  s: {external: {name: x, anything: 1}}\n", OK),
    ("config content", "configs:\n  c: {content: x}\n", OK),
    ("config driver", "configs:\n  c: {file: x, driver: d}\n", ("configs.c.driver", "unknown key 'driver'")),
    ("model", "models:\n  m: {model: ai/x, context_size: 1024, runtime_flags: [a]}\n", OK),
    (
        "model without model",
        "models:\n  m: {context_size: 1}\n",
        ("models.m", "missing required key 'model'"),
    ),
    (
        "model context string",
        "models:\n  m: {model: x, context_size: '10'}\n",
        ("models.m.context_size", "must be a whole number"),
    ),
]


def _check(text: str, expected: tuple[str, str] | None) -> None:
    issues = schema_issues(text)
    if expected is None:
        assert issues == [], [str(i) for i in issues]
        return
    path, fragment = expected
    assert issues, f"expected a problem at {path}"
    matching = [i for i in issues if i.path == path]
    assert matching, f"no issue at {path}: {[str(i) for i in issues]}"
    assert any(fragment in i.message for i in matching), [str(i) for i in matching]


@pytest.mark.parametrize(
    ("snippet", "expected"), [r[1:] for r in SERVICE_ROWS], ids=[r[0] for r in SERVICE_ROWS]
)
def test_service_attribute(snippet: str, expected: tuple[str, str] | None) -> None:
    _check(service_doc(snippet), expected)


@pytest.mark.parametrize(
    ("text", "expected"), [r[1:] for r in DOCUMENT_ROWS], ids=[r[0] for r in DOCUMENT_ROWS]
)
def test_document(text: str, expected: tuple[str, str] | None) -> None:
    _check(text, expected)
