"""Engine API JSON -> pycompose types (pure; shared by ApiEngine and tests)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from compose.engine.port import ContainerState, EngineEvent
from compose.plan.observed import ObservedContainer, ObservedNetwork, ObservedVolume, PortBinding


def _labels(raw: Mapping[str, Any] | None) -> Mapping[str, str]:
    return MappingProxyType({str(k): str(v) for k, v in (raw or {}).items()})


def container_summary(raw: Mapping[str, Any]) -> ObservedContainer:
    """One item of ``GET /containers/json``."""
    names = raw.get("Names") or []
    name = str(names[0]).lstrip("/") if names else str(raw.get("Id", ""))[:12]
    networks = (raw.get("NetworkSettings") or {}).get("Networks") or {}
    mounts = raw.get("Mounts") or []
    return ObservedContainer(
        id=str(raw.get("Id", "")),
        name=name,
        labels=_labels(raw.get("Labels")),
        image=str(raw.get("Image", "")),
        image_id=str(raw.get("ImageID", "")),
        state=str(raw.get("State", "")),
        status=str(raw.get("Status", "")),
        created=int(raw.get("Created", 0) or 0),
        command=str(raw.get("Command", "")),
        networks=tuple(sorted(networks)),
        ports=tuple(_port(p) for p in raw.get("Ports") or []),
        mounts=tuple(str(m.get("Name") or m.get("Source") or "") for m in mounts),
        volume_mounts=tuple(
            (str(m.get("Destination", "")), str(m.get("Name", ""))) for m in mounts if m.get("Type") == "volume"
        ),
        local_volumes=sum(1 for m in mounts if m.get("Type") == "volume" and m.get("Driver", "local") == "local"),
    )


def _port(raw: Mapping[str, Any]) -> PortBinding:
    public = raw.get("PublicPort")
    return PortBinding(
        target=int(raw.get("PrivatePort", 0)),
        protocol=str(raw.get("Type", "tcp")),
        host_ip=str(raw.get("IP", "")),
        published=int(public) if public else None,
    )


def network(raw: Mapping[str, Any]) -> ObservedNetwork:
    return ObservedNetwork(
        id=str(raw.get("Id", "")),
        name=str(raw.get("Name", "")),
        labels=_labels(raw.get("Labels")),
        driver=str(raw.get("Driver", "")),
    )


def volume(raw: Mapping[str, Any]) -> ObservedVolume:
    return ObservedVolume(
        name=str(raw.get("Name", "")),
        labels=_labels(raw.get("Labels")),
        driver=str(raw.get("Driver", "")),
    )


def container_state(raw: Mapping[str, Any]) -> ContainerState:
    """The result of ``GET /containers/{id}/json``."""
    state = raw.get("State") or {}
    health = state.get("Health") or {}
    log = health.get("Log") or []
    return ContainerState(
        id=str(raw.get("Id", "")),
        name=str(raw.get("Name", "")).lstrip("/"),
        status=str(state.get("Status", "")),
        exit_code=int(state.get("ExitCode", 0) or 0),
        health=str(health.get("Status", "")),
        error=str(state.get("Error", "")),
        oom_killed=bool(state.get("OOMKilled", False)),
        labels=_labels((raw.get("Config") or {}).get("Labels")),
        health_log=str(log[-1].get("Output", "")).strip() if log else "",
    )


def event(raw: Mapping[str, Any]) -> EngineEvent:
    actor = raw.get("Actor") or {}
    return EngineEvent(
        type=str(raw.get("Type", "")),
        action=str(raw.get("Action", raw.get("status", ""))),
        id=str(actor.get("ID", raw.get("id", ""))),
        attributes=_labels(actor.get("Attributes")),
        time_nano=int(raw.get("timeNano", 0) or 0),
    )
