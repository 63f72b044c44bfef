"""Config hashes: Docker Compose v2's service hash (recorded from v2.40.3's own labels), our network/volume hashes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from compose.graph.loading import load_checked as load_project
from compose.load.options import LoadOptions
from compose.model import build_project
from compose.model.gojson import go_json
from compose.model.hashing import network_config_hash, service_config_hash, volume_config_hash

BASE: dict[str, Any] = {
    "command": ["sleep", "1"],
    "entrypoint": None,
    "environment": {"A": "1", "B": "2"},
    "image": "busybox",
    "networks": {"default": None},
}

# Each compose file's services, and the com.docker.compose.config-hash that Docker Compose
# v2.40.3 wrote on their containers (`up --no-start`) or printed with `config --hash '*'`.
V2_RECORDED = [
    (
        """
services:
  a: {image: pycompose/busybox:latest}
  b: {image: pycompose/busybox:latest, depends_on: [a]}
  c: {image: pycompose/busybox:latest, deploy: {replicas: 2}}
  d: {image: pycompose/busybox:latest, scale: 2}
""",
        {"a": "85df472f098eab03822966b68be9d8542500759b0c37d34ace6a067d4b3a0500",
         "b": "85df472f098eab03822966b68be9d8542500759b0c37d34ace6a067d4b3a0500",
         "c": "01d7f9453a25fedf468d25fac8e3e7b80286983655b2be88186603b71eb11818",
         "d": "85df472f098eab03822966b68be9d8542500759b0c37d34ace6a067d4b3a0500"},
    ),
    (
        """
services:
  web:
    image: pycompose/busybox:latest
    command: ["httpd", "-f", "-p", "80"]
    init: true
    environment:
      A: "1 <b>"
    ports: ["127.0.0.1::80"]
    volumes: [data:/data]
    networks: [front]
    healthcheck:
      test: ["CMD", "true"]
      interval: 1s
  worker:
    image: pycompose/busybox:latest
    command: sh -c 'exec sleep 300'
    depends_on: [web]
    deploy:
      replicas: 2
networks:
  front: {}
volumes:
  data: {}
""",
        {"web": "658d8233217c46dedb7ce665ba33b458ad31979af22aa3e846061cc457a732bb",
         "worker": "e245ae5e8e546f27e4b6646a94a0a1ce7c0d985f90397d6ea3dcc4bee9b41f46"},
    ),
    (
        """
services:
  db:
    image: pycompose/busybox:latest
    command: ["sh", "-c", "echo $$HOME"]
    healthcheck:
      test: ["CMD-SHELL", "echo \\"$$(cat /x)\\""]
      interval: 3s
""",
        {"db": "7ac04ca3aed7e075d04d40ef2d1e7d5369555fabfd060c672addd8964b610562"},
    ),
    (
        """
services:
  foo:
    image: busybox
    x-foo: bar
    healthcheck:
      x-healthcheck: health
    develop:
      x-dev: dev
""",
        {"foo": "6b179736766adc9898c0f8db843865aecef14a9f49afb9f540d999449342125a"},
    ),
]


@pytest.mark.parametrize(("text", "recorded"), V2_RECORDED)
def test_service_hash_is_docker_compose_v2s(tmp_path: Path, text: str, recorded: dict[str, str]) -> None:
    (tmp_path / "compose.yaml").write_text(text)
    loaded = load_project(LoadOptions(files=(str(tmp_path / "compose.yaml"),), project_name="hash", environ={}))
    services = loaded.data["services"]
    assert {name: service_config_hash(services[name]) for name in recorded} == recorded


def test_go_json_escapes_as_encoding_json() -> None:
    assert go_json({"b": "<a&b>", "a": "é\u2028"}) == '{"b":"\\u003ca\\u0026b\\u003e","a":"é\\u2028"}'


def test_container_affecting_change_changes_hash() -> None:
    for key, value in [("command", ["sleep", "2"]), ("environment", {"A": "1"}), ("user", "nobody")]:
        assert service_config_hash({**BASE, key: value}) != service_config_hash(BASE), key


def test_fields_v2_clears_do_not_change_hash() -> None:
    h = service_config_hash(BASE)
    for key, value in [
        ("build", {"context": "."}),
        ("pull_policy", "always"),
        ("scale", 3),
        ("depends_on", {"db": {"condition": "service_started", "required": True}}),
        ("x-anything", 1),
    ]:
        assert service_config_hash({**BASE, key: value}) == h, key


def test_extensions_of_structs_are_left_out_but_not_user_data() -> None:
    h = service_config_hash(BASE)
    assert service_config_hash({**BASE, "networks": {"default": {"x-note": 1}}}) != h  # {} is not null
    assert service_config_hash({**BASE, "networks": {"default": {"x-note": 1}}}) == \
        service_config_hash({**BASE, "networks": {"default": {}}})
    assert service_config_hash({**BASE, "environment": {"A": "1", "B": "2", "x-c": "3"}}) != h
    assert service_config_hash({**BASE, "labels": {"x-team": "a"}}) != service_config_hash({**BASE, "labels": {}})


def test_deploy_replicas_excluded_but_rest_of_deploy_counts() -> None:
    a = service_config_hash({**BASE, "deploy": {"replicas": 2, "resources": {"limits": {"memory": "1"}}}})
    b = service_config_hash({**BASE, "deploy": {"replicas": 5, "resources": {"limits": {"memory": "1"}}}})
    c = service_config_hash({**BASE, "deploy": {"replicas": 5, "resources": {"limits": {"memory": "2"}}}})
    assert a == b != c


def test_input_not_mutated() -> None:
    data = {**BASE, "deploy": {"replicas": 2}}
    service_config_hash(data)
    assert data["deploy"] == {"replicas": 2}


def test_network_and_volume_hashes_are_v2s() -> None:
    # labels Docker Compose v2.40.3 wrote on the networks and volumes of a project "noopk"
    assert network_config_hash({"name": "noopk_back", "ipam": {}}) == \
        "b2a7f4c6adf01413d1c606db16d4e274bd650d903336a08374b6506e167ab644"
    # ... and on the volumes of a project "vhtest" (compose-go's field order: name before driver)
    assert volume_config_hash({"name": "vhtest_data"}) == \
        "8eb2b15e50f7ae6eff17fa96969838efba3924e4614ac16cb6be0ac2636d04db"
    opts = {"name": "vhtest_opts", "driver": "local", "labels": {"z": "1", "a": "2"},
            "driver_opts": {"type": "tmpfs", "device": "tmpfs", "o": "size=10m"}}
    assert volume_config_hash(opts) == "565c294cdeb646d8b0522dbfc107ee4f7904d9426c2d8bafe4770357cae37b77"


def test_volume_driver_default_is_local() -> None:
    assert volume_config_hash({"name": "p_v"}) == volume_config_hash({"name": "p_v", "driver": "local"})
    assert network_config_hash({"name": "p_n"}) != network_config_hash({"name": "p_n", "internal": True})


def test_converter_stores_hash_on_service() -> None:
    p = build_project({"name": "p", "services": {"web": BASE}}, working_dir="/p", config_files=[])
    assert p.service("web").config_hash == service_config_hash(BASE)
