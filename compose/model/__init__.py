"""The typed, immutable project model (standard library only, cheap to import).

- ``convert.build_project(data, working_dir=..., config_files=...)``: canonical dict -> ``Project``;
  the only code that knows the compose format's key names.
- ``project.Project``: name, services, networks, volumes, secrets, configs, models; ``with_*``
  methods return new objects.
- ``service.Service`` and its parts (``parts``, ``deploy``, ``build``), resources (``resources``).
- ``hashing``: the config hash written on containers; ``labels``: the ``com.docker.compose.*`` keys.

Conventions: frozen slotted dataclasses; tuples for sequences; ``FrozenMap`` (read-only,
hashable) for mappings; durations are ``int`` nanoseconds, sizes ``int`` bytes
(``units``); ``None`` means "not set".

Importing the package is cheap: the names below load their module on first
use, so ``compose.model.hashing`` or ``compose.model.labels`` alone never pull in
the whole model.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from compose.model.build import BuildConfig, Develop, Watch
    from compose.model.convert import build_project, project_from_loaded
    from compose.model.deploy import Deploy, Resources, ResourceSpec, RestartPolicy
    from compose.model.frozen import FrozenMap
    from compose.model.parts import (
        DependsOn,
        Device,
        DeviceRequest,
        ExtraHost,
        FileRef,
        Healthcheck,
        Hook,
        Logging,
        Mount,
        Port,
        ServiceNetwork,
        ServiceVolume,
        Ulimit,
    )
    from compose.model.project import Project
    from compose.model.resources import Config, FileObject, ModelDefinition, Network, Secret, Volume
    from compose.model.service import Service

_EXPORTS = {
    "BuildConfig": "compose.model.build",
    "Develop": "compose.model.build",
    "Watch": "compose.model.build",
    "build_project": "compose.model.convert",
    "project_from_loaded": "compose.model.convert",
    "Deploy": "compose.model.deploy",
    "Resources": "compose.model.deploy",
    "ResourceSpec": "compose.model.deploy",
    "RestartPolicy": "compose.model.deploy",
    "FrozenMap": "compose.model.frozen",
    "DependsOn": "compose.model.parts",
    "Device": "compose.model.parts",
    "DeviceRequest": "compose.model.parts",
    "ExtraHost": "compose.model.parts",
    "FileRef": "compose.model.parts",
    "Healthcheck": "compose.model.parts",
    "Hook": "compose.model.parts",
    "Logging": "compose.model.parts",
    "Mount": "compose.model.parts",
    "Port": "compose.model.parts",
    "ServiceNetwork": "compose.model.parts",
    "ServiceVolume": "compose.model.parts",
    "Ulimit": "compose.model.parts",
    "Project": "compose.model.project",
    "Config": "compose.model.resources",
    "FileObject": "compose.model.resources",
    "ModelDefinition": "compose.model.resources",
    "Network": "compose.model.resources",
    "Secret": "compose.model.resources",
    "Volume": "compose.model.resources",
    "Service": "compose.model.service",
}

__all__ = [
    "BuildConfig",
    "Config",
    "DependsOn",
    "Deploy",
    "Develop",
    "Device",
    "DeviceRequest",
    "ExtraHost",
    "FileObject",
    "FileRef",
    "FrozenMap",
    "Healthcheck",
    "Hook",
    "Logging",
    "ModelDefinition",
    "Mount",
    "Network",
    "Port",
    "Project",
    "ResourceSpec",
    "Resources",
    "RestartPolicy",
    "Secret",
    "Service",
    "ServiceNetwork",
    "ServiceVolume",
    "Ulimit",
    "Volume",
    "Watch",
    "build_project",
    "project_from_loaded",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'compose.model' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
