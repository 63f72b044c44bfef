"""What the engine says about itself (``GET /version``, ``GET /info``), for the commands that explain
a refusal with it or decide from its configuration."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from compose.engine.engine import ApiEngine

__all__ = ["engine_version", "registry_config"]


def engine_version(engine: ApiEngine) -> str:
    """The Docker Engine's version (``20.10.24``), "" when it does not say."""
    answer = engine.transport.request("GET", "/version").json() or {}
    return str(answer.get("Version") or "") if isinstance(answer, Mapping) else ""


def registry_config(engine: ApiEngine) -> Mapping[str, Any]:
    """The engine's ``RegistryConfig``: its insecure registries (``InsecureRegistryCIDRs``,
    ``IndexConfigs``), mirrors."""
    info = engine.transport.request("GET", "/info").json() or {}
    config = info.get("RegistryConfig") if isinstance(info, Mapping) else None
    return config if isinstance(config, Mapping) else {}
