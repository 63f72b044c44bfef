from __future__ import annotations

from typing import Any

from compose.model import build_project
from compose.model.hashing import network_config_hash, service_config_hash, stable_json, volume_config_hash

BASE: dict[str, Any] = {
    "image": "busybox",
    "command": ["sleep", "1"],
    "environment": {"A": "1", "B": "2"},
    "networks": {"default": None},
}


def test_stable_across_key_order() -> None:
    reordered = dict(reversed(list(BASE.items())))
    reordered["environment"] = {"B": "2", "A": "1"}
    assert service_config_hash(BASE) == service_config_hash(reordered)
    assert stable_json({"b": 1, "a": "é"}) == '{"a":"é","b":1}'


def test_container_affecting_change_changes_hash() -> None:
    for key, value in [("command", ["sleep", "2"]), ("environment", {"A": "1"}), ("user", "nobody")]:
        assert service_config_hash({**BASE, key: value}) != service_config_hash(BASE), key


def test_runtime_only_fields_do_not_change_hash() -> None:
    h = service_config_hash(BASE)
    for key, value in [
        ("build", {"context": "."}),
        ("pull_policy", "always"),
        ("scale", 3),
        ("depends_on", {"db": {"condition": "service_started", "required": True}}),
        ("profiles", ["debug"]),
        ("attach", False),
        ("develop", {"watch": []}),
        ("x-anything", 1),
    ]:
        assert service_config_hash({**BASE, key: value}) == h, key


def test_deploy_replicas_excluded_but_rest_of_deploy_counts() -> None:
    a = service_config_hash({**BASE, "deploy": {"replicas": 2, "resources": {"limits": {"memory": "1"}}}})
    b = service_config_hash({**BASE, "deploy": {"replicas": 5, "resources": {"limits": {"memory": "1"}}}})
    c = service_config_hash({**BASE, "deploy": {"replicas": 5, "resources": {"limits": {"memory": "2"}}}})
    assert a == b != c


def test_input_not_mutated() -> None:
    data = {**BASE, "deploy": {"replicas": 2}}
    service_config_hash(data)
    assert data["deploy"] == {"replicas": 2}


def test_volume_driver_default_is_local() -> None:
    assert volume_config_hash({"name": "p_v"}) == volume_config_hash({"name": "p_v", "driver": "local"})
    assert network_config_hash({"name": "p_n"}) != network_config_hash({"name": "p_n", "internal": True})


def test_converter_stores_hash_on_service() -> None:
    p = build_project({"name": "p", "services": {"web": BASE}}, working_dir="/p", config_files=[])
    assert p.service("web").config_hash == service_config_hash(BASE)
