"""Canonical ``deploy`` mapping -> ``Deploy`` (private to compose/model/convert.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from compose.model._convert_parts import device_request
from compose.model._reader import Reader
from compose.model.deploy import (
    Deploy,
    GenericResource,
    Placement,
    Resources,
    ResourceSpec,
    RestartPolicy,
    UpdateConfig,
)
from compose.model.frozen import FrozenMap

DEPLOY_KEYS = frozenset(
    {
        "mode", "replicas", "labels", "update_config", "rollback_config", "resources",
        "restart_policy", "placement", "endpoint_mode",
    }
)


def deploy(r: Reader | None) -> Deploy | None:
    if r is None:
        return None
    r.check_keys(DEPLOY_KEYS, "deploy")
    resources = r.child("resources")
    if resources is not None:
        resources.check_keys({"limits", "reservations"}, "deploy.resources")
    return Deploy(
        mode=r.text("mode"),
        replicas=r.integer("replicas"),
        labels=r.str_map("labels"),
        update_config=_update_config(r.child("update_config")),
        rollback_config=_update_config(r.child("rollback_config")),
        resources=Resources(
            limits=_resource_spec(resources.child("limits")) if resources else None,
            reservations=_resource_spec(resources.child("reservations")) if resources else None,
        ),
        restart_policy=_restart_policy(r.child("restart_policy")),
        placement=_placement(r.child("placement")),
        endpoint_mode=r.text("endpoint_mode"),
    )


def _resource_spec(r: Reader | None) -> ResourceSpec | None:
    if r is None:
        return None
    r.check_keys({"cpus", "memory", "pids", "devices", "generic_resources"}, "resources")

    def generic(g: Reader) -> GenericResource | None:
        spec = g.child("discrete_resource_spec")
        if spec is None:
            g.problem("discrete_resource_spec", "a generic resource needs discrete_resource_spec")
            return None
        return GenericResource(kind=spec.text("kind") or "", value=spec.integer("value") or 0)

    return ResourceSpec(
        cpus=r.number("cpus"),
        memory=r.size("memory"),
        pids=r.integer("pids"),
        devices=r.convert_list("devices", device_request),
        generic_resources=r.convert_list("generic_resources", generic),
    )


def _restart_policy(r: Reader | None) -> RestartPolicy | None:
    if r is None:
        return None
    r.check_keys({"condition", "delay", "max_attempts", "window"}, "restart_policy")
    return RestartPolicy(
        condition=r.text("condition"),
        delay=r.duration("delay"),
        max_attempts=r.integer("max_attempts"),
        window=r.duration("window"),
    )


def _update_config(r: Reader | None) -> UpdateConfig | None:
    if r is None:
        return None
    r.check_keys(
        {"parallelism", "delay", "failure_action", "monitor", "max_failure_ratio", "order"}, "update_config"
    )
    return UpdateConfig(
        parallelism=r.integer("parallelism"),
        delay=r.duration("delay"),
        failure_action=r.text("failure_action"),
        monitor=r.duration("monitor"),
        max_failure_ratio=r.number("max_failure_ratio"),
        order=r.text("order"),
    )


def _placement(r: Reader | None) -> Placement | None:
    if r is None:
        return None
    r.check_keys({"constraints", "preferences", "max_replicas_per_node"}, "placement")
    prefs: list[Mapping[str, Any]] = []
    for i, item in r.items("preferences"):
        p = r.nested(item, (*r.path, "preferences", i))
        if p is not None:
            prefs.append(FrozenMap((k, p.text(k) or "") for k in p.names()))
    return Placement(
        constraints=r.texts("constraints"),
        preferences=tuple(prefs),
        max_replicas_per_node=r.integer("max_replicas_per_node"),
    )
