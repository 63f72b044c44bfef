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
"""

from compose.model.build import BuildConfig, Develop, Watch
from compose.model.convert import build_project
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
]
