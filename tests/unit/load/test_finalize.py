"""finalize(): normalisation, resource names, pruning and the printed value shapes of v2."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from compose.errors import Location, ValidationError
from compose.load._canon_values import go_float, parse_bytes, split_shell
from compose.load.canonical import canonical
from compose.load.durations import format_duration, parse_duration
from compose.load.finalize import FinalizeContext, apply_defaults, finalize, json_document
from compose.load.sourcemap import SourceMap

CTX = FinalizeContext(project_name="proj", working_dir="/work/p", environment={"HOME": "/home/u", "SET": "v"})


def run(text: str, ctx: FinalizeContext = CTX) -> dict[str, Any]:
    return json_document(finalize(canonical(yaml.safe_load(text)), ctx))


def svc(snippet: str, ctx: FinalizeContext = CTX) -> dict[str, Any]:
    """The printed service ``s`` (image ``i`` unless the snippet sets one)."""
    body = yaml.safe_load(snippet) or {}
    body.setdefault("image", "i")
    out = run(yaml.safe_dump({"services": {"s": body}}), ctx)["services"]["s"]
    assert isinstance(out, dict)
    return out


def test_minimal_service() -> None:
    assert run("services: {web: {image: nginx}}") == {
        "name": "proj",
        "networks": {"default": {"name": "proj_default", "ipam": {}}},
        "services": {
            "web": {"command": None, "entrypoint": None, "image": "nginx", "networks": {"default": None}},
        },
    }


PRINTED = [
    ("stop_grace_period: 90s", "stop_grace_period", "1m30s"),
    ("stop_grace_period: 1h2m3.5s", "stop_grace_period", "1h2m3.5s"),
    ("stop_grace_period: 0s", "stop_grace_period", "0s"),
    ("mem_limit: 512m", "mem_limit", "536870912"),
    ("mem_limit: 1024", "mem_limit", "1024"),
    ("memswap_limit: -1", "memswap_limit", "-1"),
    ("mem_swappiness: 60", "mem_swappiness", "60"),
    ("shm_size: 1.5g", "shm_size", "1610612736"),
    ("cpus: 0.5", "cpus", 0.5),
    ("cpus: '2'", "cpus", 2),
    ("cpu_percent: 50", "cpu_percent", 50),
    ("cpu_shares: '512'", "cpu_shares", 512),
    ("privileged: true", "privileged", True),
    ("init: false", "init", False),
    ("attach: false", "attach", False),
    ("scale: 0", "scale", 0),
    ("extra_hosts: ['b:2.2.2.2', 'a=1.1.1.1']", "extra_hosts", ["a=1.1.1.1", "b=2.2.2.2"]),
    ("ulimits: {nproc: 3, nofile: {soft: 1, hard: 2}}", "ulimits", {"nofile": {"soft": 1, "hard": 2}, "nproc": 3}),
    ("ulimits: {a: {soft: 0, hard: 0}}", "ulimits", {"a": {}}),
    ("secrets: [{source: s, mode: 0440}]", "secrets", [{"source": "s", "target": "/run/secrets/s", "mode": "0440"}]),
    ("configs: [{source: c, mode: '0644'}]", "configs", [{"source": "c", "mode": "0644"}]),
    ("command: []", "command", []),
    ("healthcheck: {test: x, interval: 1500ms, retries: 0}", "healthcheck", {"test": ["CMD-SHELL", "x"], "interval": "1.5s", "retries": 0}),
    ("healthcheck: {disable: true}", "healthcheck", {"disable": True}),
    ("deploy: {}", "deploy", {"resources": {}, "placement": {}}),
    (
        "deploy: {resources: {limits: {cpus: '0.001', memory: 50M}}, restart_policy: {window: 120s}}",
        "deploy",
        {"resources": {"limits": {"cpus": 0.001, "memory": "52428800"}}, "restart_policy": {"window": "2m0s"}, "placement": {}},
    ),
    ("deploy: {update_config: {delay: 0s, parallelism: 0}}", "deploy", {"update_config": {"parallelism": 0}, "resources": {}, "placement": {}}),
    ("blkio_config: {weight_device: [{path: /dev/a, weight: 10}]}", "blkio_config", {"weight_device": [{"Path": "/dev/a", "Weight": 10}]}),
    ("blkio_config: {device_read_bps: [{path: /dev/a, rate: 1mb}]}", "blkio_config", {"device_read_bps": [{"Path": "/dev/a", "Rate": "1048576"}]}),
    ("volumes: [{type: tmpfs, target: /t, tmpfs: {size: 1m, mode: 1023}}]", "volumes", [{"type": "tmpfs", "target": "/t", "tmpfs": {"size": "1048576", "mode": 1023}}]),
    ("develop: {watch: [{path: /src, action: sync}]}", "develop", {"watch": [{"path": "/src", "action": "sync", "exec": {"command": None}}]}),
    ("provider: {type: t, options: {a: 1, b: [x, y]}}", "provider", {"type": "t", "options": {"a": ["1"], "b": ["x", "y"]}}),
    ("depends_on: {b: {condition: service_started, required: false}}", "depends_on", {"b": {"condition": "service_started", "required": False}}),
]


@pytest.mark.parametrize(("snippet", "key", "expected"), PRINTED)
def test_printed_value(snippet: str, key: str, expected: Any) -> None:
    out = svc(snippet)
    assert out[key] == expected
    assert type(out[key]) is type(expected)


@pytest.mark.parametrize("snippet", ["privileged: false", "tty: false", "cpus: 0", "mem_limit: 0", "restart: ''", "cap_add: []"])
def test_zero_values_are_omitted(snippet: str) -> None:
    key = snippet.split(":")[0]
    assert key not in svc(snippet)


def test_environment_without_value_comes_from_the_project_environment() -> None:
    assert svc("environment: [SET, UNSET, X=1]")["environment"] == {"SET": "v", "UNSET": None, "X": "1"}


def test_build_defaults_and_args() -> None:
    out = svc("build: {args: [SET, UNSET, A=1]}")
    assert out["build"] == {"context": "/work/p", "dockerfile": "Dockerfile", "args": {"SET": "v", "A": "1"}}
    assert svc("build: {dockerfile_inline: FROM x}")["build"] == {"context": "/work/p", "dockerfile_inline": "FROM x"}


def test_build_context_default_survives_no_normalize() -> None:
    ctx = FinalizeContext(project_name="p", working_dir="/w", normalize=False, resolve_paths=False)
    assert svc("build: {dockerfile_inline: FROM x}", ctx)["build"] == {"context": ".", "dockerfile_inline": "FROM x"}
    assert apply_defaults({"services": {"a": {"build": {"target": "t"}}}}) == {
        "services": {"a": {"build": {"target": "t", "context": "."}}}
    }


def test_scale_sets_deploy_replicas() -> None:
    assert svc("scale: 2\ndeploy: {labels: [a=b]}")["deploy"]["replicas"] == 2
    assert "deploy" not in svc("scale: 2")
    assert "scale" not in svc("deploy: {replicas: 3}")


def test_services_always_printed() -> None:
    assert run("networks: {n: {}}") == {"name": "proj", "services": {}}


def test_pull_policy_if_not_present_is_missing() -> None:
    assert svc("pull_policy: if_not_present")["pull_policy"] == "missing"


def test_implicit_dependencies() -> None:
    out = run(
        """
services:
  a: {image: a, links: [b, 'c:alias'], volumes_from: [d, 'container:x', 'e:ro'], ipc: 'service:f'}
  b: {image: b}
  c: {image: c}
  d: {image: d}
  e: {image: e}
  f: {image: f, network_mode: 'service:b'}
"""
    )
    restart = {"condition": "service_started", "restart": True, "required": True}
    plain = {"condition": "service_started", "required": True}
    assert out["services"]["a"]["depends_on"] == {"b": restart, "c": restart, "d": plain, "e": plain, "f": restart}
    assert out["services"]["f"]["depends_on"] == {"b": restart}
    assert "networks" not in out["services"]["f"]


def test_default_network_only_when_used() -> None:
    out = run("services: {a: {image: a, networks: [n]}}\nnetworks: {n: {}}")
    assert set(out["networks"]) == {"n"}
    out = run("services: {a: {image: a, networks: {}}}")
    assert out["services"]["a"]["networks"] == {"default": None}
    out = run("services: {a: {image: a, network_mode: host}}")
    assert "networks" not in out


def test_resource_names() -> None:
    out = run(
        """
services:
  a:
    image: a
    networks: [n1, n2, n3]
    volumes: [v1:/1, v2:/2, v3:/3]
    secrets: [s1, s2]
networks: {n1: {}, n2: {name: custom}, n3: {external: true}}
volumes: {v1: null, v2: {external: {name: legacy}}, v3: {external: true, name: named}}
secrets: {s1: {file: ./s}, s2: {external: true}}
"""
    )
    assert {k: v["name"] for k, v in out["networks"].items()} == {"n1": "proj_n1", "n2": "custom", "n3": "n3"}
    assert {k: v["name"] for k, v in out["volumes"].items()} == {"v1": "proj_v1", "v2": "legacy", "v3": "named"}
    assert out["secrets"] == {"s1": {"name": "proj_s1", "file": "/work/p/s"}, "s2": {"name": "s2", "external": True}}


def test_unused_resources_are_dropped() -> None:
    out = run(
        """
services:
  a: {image: a, volumes: [used:/u], build: {context: ., secrets: [bs]}}
volumes: {used: {}, unused: {}}
networks: {unused: {}}
secrets: {bs: {file: x}, other: {file: y}}
configs: {c: {file: z}}
"""
    )
    assert set(out["volumes"]) == {"used"}
    assert set(out["networks"]) == {"default"}
    assert set(out["secrets"]) == {"bs"}
    assert "configs" not in out


def test_secret_content_is_never_printed_config_content_is() -> None:
    out = run(
        """
services: {a: {image: a, secrets: [s], configs: [c, e]}}
secrets: {s: {content: hidden}}
configs: {c: {content: shown}, e: {environment: SET, content: v}}
"""
    )
    assert out["secrets"]["s"] == {"name": "proj_s"}
    assert out["configs"]["c"] == {"name": "proj_c", "content": "shown"}
    assert out["configs"]["e"] == {"name": "proj_e", "environment": "SET"}


def test_extensions_kept_in_the_data_and_only_top_level_in_json() -> None:
    data = finalize(
        canonical(yaml.safe_load("services: {x-svc: {image: a, x-foo: 1}}\nx-top: {a: 1}\nnetworks: {default: {x-n: 1}}")),
        CTX,
    )
    assert data["services"]["x-svc"]["x-foo"] == 1
    assert data["networks"]["default"]["x-n"] == 1
    printed = json_document(data)
    assert "x-foo" not in printed["services"]["x-svc"]
    assert "x-n" not in printed["networks"]["default"]
    assert printed["x-top"] == {"a": 1}


def test_no_normalize() -> None:
    ctx = FinalizeContext(project_name="proj", working_dir="/w", environment={"HOME": "/h"}, normalize=False)
    out = run(
        "services: {a: {image: a, pull_policy: if_not_present, build: ., environment: [HOME], volumes: [vol:/v]}}\nvolumes: {vol: {}}",
        ctx,
    )
    assert out == {
        "name": "proj",
        "services": {
            "a": {
                "build": {"context": "/w"},
                "command": None,
                "entrypoint": None,
                "environment": {"HOME": "/h"},
                "image": "a",
                "pull_policy": "if_not_present",
                "volumes": [{"type": "volume", "source": "vol", "target": "/v", "volume": {}}],
            }
        },
        "volumes": {"vol": {}},
    }


def test_no_path_resolution() -> None:
    ctx = FinalizeContext(project_name="p", working_dir="/w", resolve_paths=False)
    out = run("services: {a: {build: ./b, volumes: ['./x:/x']}}", ctx)
    assert out["services"]["a"]["build"]["context"] == "./b"
    assert out["services"]["a"]["volumes"][0]["source"] == "./x"


def test_does_not_mutate_its_input() -> None:
    data = canonical(yaml.safe_load("services: {a: {image: a, build: ., environment: [SET], links: [b]}, b: {image: b}}"))
    before = copy.deepcopy(data)
    finalize(data, CTX)
    assert data == before


def test_bad_values_are_reported_with_their_path_and_location() -> None:
    where = Location("compose.yaml", 4, 7)
    ctx = FinalizeContext(project_name="p", working_dir="/w", sources=SourceMap({("services", "a", "mem_limit"): where}))
    with pytest.raises(ValidationError) as info:
        finalize(canonical({"services": {"a": {"image": "a", "mem_limit": "lots"}}}), ctx)
    (issue,) = info.value.issues
    assert "invalid size" in issue.message
    assert issue.path == "services.a.mem_limit"
    assert issue.location == where


@pytest.mark.parametrize(
    ("snippet", "path"),
    [
        ("stop_grace_period: '10'", "services.s.stop_grace_period"),
        ("volumes: [{type: tmpfs, target: /t, tmpfs: {mode: '0777'}}]", "services.s.volumes[0].tmpfs.mode"),
        ("healthcheck: {interval: 5x}", "services.s.healthcheck.interval"),
        ("cpus: lots", "services.s.cpus"),
    ],
)
def test_values_v2_cannot_decode(snippet: str, path: str) -> None:
    with pytest.raises(ValidationError) as info:
        svc(snippet)
    assert [i.path for i in info.value.issues] == [path]


@pytest.mark.parametrize(
    ("snippet", "message"),
    [
        ("volumes: [{type: volume, source: v}]", "is missing a mount target"),
        ("volumes: [{type: bind, target: /x}]", 'invalid mount config for type "bind": field Source must not be empty'),
    ],
)
def test_mount_checks(snippet: str, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        svc(snippet)
    (issue,) = info.value.issues
    assert (issue.path, issue.message) == ("services.s.volumes[0]", message)


def test_mount_targets_are_cleaned_and_an_empty_bind_source_is_the_project_dir() -> None:
    out = svc("volumes: [{type: volume, target: /data/}, {type: bind, source: '', target: ''}]")
    assert [(m.get("source"), m["target"]) for m in out["volumes"]] == [(None, "/data"), ("/work/p", ".")]


@pytest.mark.parametrize(("text", "value"), [("'yes'", True), ("'off'", False), ("'true'", True)])
def test_boolean_strings(text: str, value: bool) -> None:
    assert svc(f"read_only: {text}").get("read_only", False) is value


# --------------------------------------------------------------------------
# value helpers
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "printed"),
    [("1m30s", "1m30s"), ("90s", "1m30s"), ("1.5m", "1m30s"), ("500ms", "500ms"), ("1us", "1µs"), ("2h", "2h0m0s"), ("0", "0s"), ("10ns", "10ns"), ("1d", "24h0m0s"), ("1w2d3h", "219h0m0s")],
)
def test_durations(text: str, printed: str) -> None:
    assert format_duration(parse_duration(text)) == printed


@pytest.mark.parametrize("text", ["10", "1x", "s", ""])
def test_invalid_durations(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


@pytest.mark.parametrize(
    ("text", "size"),
    [("512m", 512 << 20), ("1g", 1 << 30), ("2KB", 2048), ("1.5g", 3 << 29), ("100", 100), ("1b", 1), ("1t", 1 << 40), (7, 7)],
)
def test_byte_sizes(text: str | int, size: int) -> None:
    assert parse_bytes(text) == size


@pytest.mark.parametrize(
    ("value", "text"),
    [(1.5, "1.5"), (100.0, "100"), (1e6, "1e+06"), (123456.0, "123456"), (1e-5, "1e-05"), (0.0001, "0.0001"), (-2.5, "-2.5")],
)
def test_go_float(value: float, text: str) -> None:
    assert go_float(value) == text


def test_shell_words() -> None:
    assert split_shell("a 'b c' \"d\\\"e\" f\\ g ''") == ["a", "b c", 'd"e', "f g", ""]
    assert split_shell("echo a | grep a") == ["echo", "a"]
