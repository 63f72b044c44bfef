"""The parts a service is made of: ports, mounts, dependencies, health checks, networks...

Conventions for every class of the model (see compose/model/__init__.py):
frozen, slotted dataclasses; sequences are tuples; mappings are read-only
(``FrozenMap``); durations are ``int`` nanoseconds and sizes ``int`` bytes
(compose/model/units.py); ``None`` means "not set" and is distinct from an
explicit empty or zero value wherever the Engine treats them differently.
"""

from __future__ import annotations

from collections.abc import Mapping

from compose._record import record
from compose.model.frozen import EMPTY

# depends_on conditions, as the spec spells them.
SERVICE_STARTED = "service_started"
SERVICE_HEALTHY = "service_healthy"
SERVICE_COMPLETED_SUCCESSFULLY = "service_completed_successfully"


@record
class Port:
    """One published or exposed port of ``ports`` (canonical: one entry per container port).

    ``published`` is the host side as written (``"8080"``, a range ``"8080-8081"``) or
    ``None`` for an ephemeral host port; ``host_ip`` ``None`` binds every interface.
    """

    target: int
    published: str | None = None
    host_ip: str | None = None
    protocol: str = "tcp"
    mode: str = "ingress"
    name: str | None = None
    app_protocol: str | None = None


@record
class BindOptions:
    propagation: str | None = None
    create_host_path: bool = True
    selinux: str | None = None
    recursive: str | None = None


@record
class VolumeOptions:
    nocopy: bool = False
    subpath: str | None = None
    labels: Mapping[str, str] = EMPTY


@record
class TmpfsOptions:
    size: int | None = None  # bytes
    mode: int | None = None  # permission bits


@record
class ImageOptions:
    subpath: str | None = None


@record
class ServiceVolume:
    """One entry of a service's ``volumes`` (a mount).

    ``type`` is ``volume``, ``bind``, ``tmpfs``, ``image``, ``npipe`` or ``cluster``.
    For ``volume`` the ``source`` is the project's volume key (or ``None`` for an anonymous
    volume); for ``bind`` an absolute host path; for ``image`` an image reference.
    """

    type: str
    target: str
    source: str | None = None
    read_only: bool = False
    consistency: str | None = None
    bind: BindOptions | None = None
    volume: VolumeOptions | None = None
    tmpfs: TmpfsOptions | None = None
    image: ImageOptions | None = None

    @property
    def is_named_volume(self) -> bool:
        return self.type == "volume" and bool(self.source)


Mount = ServiceVolume


@record
class DependsOn:
    """One entry of ``depends_on``: wait for ``condition``; ``restart`` follows the dependency's restarts."""

    condition: str = SERVICE_STARTED
    required: bool = True
    restart: bool = False


@record
class Healthcheck:
    """``healthcheck``; durations in nanoseconds; ``test`` ``None`` keeps the image's test.

    ``disable`` (or a test of ``["NONE"]``) turns the image's health check off.
    """

    test: tuple[str, ...] | None = None
    interval: int | None = None
    timeout: int | None = None
    start_period: int | None = None
    start_interval: int | None = None
    retries: int | None = None
    disable: bool = False

    @property
    def disabled(self) -> bool:
        return self.disable or (self.test is not None and self.test[:1] == ("NONE",))


@record
class ServiceNetwork:
    """A service's attachment to one network (the value of ``networks.<key>``)."""

    aliases: tuple[str, ...] = ()
    ipv4_address: str | None = None
    ipv6_address: str | None = None
    link_local_ips: tuple[str, ...] = ()
    mac_address: str | None = None
    driver_opts: Mapping[str, str] = EMPTY
    priority: int = 0
    gw_priority: int = 0
    interface_name: str | None = None


@record
class Logging:
    driver: str | None = None
    options: Mapping[str, str] = EMPTY


@record
class Ulimit:
    """A ``ulimits`` entry; the single-number form sets ``soft == hard``."""

    soft: int
    hard: int


@record
class Device:
    """A ``devices`` entry: host path (or CDI name), container path, cgroup permissions."""

    source: str
    target: str
    permissions: str = "rwm"


@record
class WeightDevice:
    path: str
    weight: int


@record
class ThrottleDevice:
    path: str
    rate: int  # bytes per second, or operations per second for the *_iops lists


@record
class BlkioConfig:
    weight: int | None = None
    weight_device: tuple[WeightDevice, ...] = ()
    device_read_bps: tuple[ThrottleDevice, ...] = ()
    device_read_iops: tuple[ThrottleDevice, ...] = ()
    device_write_bps: tuple[ThrottleDevice, ...] = ()
    device_write_iops: tuple[ThrottleDevice, ...] = ()


@record
class DeviceRequest:
    """A device reservation (``deploy.resources.reservations.devices``) or a ``gpus`` entry.

    ``count`` ``-1`` means all devices; ``None`` with ``device_ids`` empty means unset.
    """

    capabilities: tuple[str, ...] = ()
    driver: str | None = None
    count: int | None = None
    device_ids: tuple[str, ...] = ()
    options: Mapping[str, str] = EMPTY


@record
class FileRef:
    """A service's reference to a top-level secret or config (``secrets:`` / ``configs:`` entries).

    ``target`` ``None`` means the default: ``/run/secrets/<source>`` for a secret,
    ``/<source>`` for a config (see ``secret_target`` / ``config_target``).
    """

    source: str
    target: str | None = None
    uid: str | None = None
    gid: str | None = None
    mode: int | None = None


SecretRef = FileRef
ConfigRef = FileRef


def secret_target(ref: FileRef) -> str:
    """Where a secret lands in the container: relative targets go under /run/secrets/."""
    if not ref.target:
        return f"/run/secrets/{ref.source}"
    return ref.target if ref.target.startswith("/") else f"/run/secrets/{ref.target}"


def config_target(ref: FileRef) -> str:
    """Where a config lands in the container: relative targets go under /."""
    if not ref.target:
        return f"/{ref.source}"
    return ref.target if ref.target.startswith("/") else f"/{ref.target}"


@record
class ExtraHost:
    """One ``extra_hosts`` entry: ``host`` resolves to ``ip`` (brackets of IPv6 removed)."""

    host: str
    ip: str


@record
class Hook:
    """A lifecycle hook (``post_start``, ``pre_stop``, ``pre_start``) or a watch ``exec``.

    ``image`` and ``per_replica`` only apply to ``pre_start`` steps.
    """

    command: tuple[str, ...] | None = None
    user: str | None = None
    privileged: bool = False
    working_dir: str | None = None
    environment: Mapping[str, str | None] = EMPTY
    image: str | None = None
    per_replica: bool = False


@record
class CredentialSpec:
    config: str | None = None
    file: str | None = None
    registry: str | None = None


@record
class ServiceModel:
    """A service's use of a top-level model; ``None`` vars mean the default names."""

    endpoint_var: str | None = None
    model_var: str | None = None


@record
class Provider:
    """``provider``: a service whose lifecycle a plugin manages instead of the engine."""

    type: str
    options: Mapping[str, tuple[str, ...]] = EMPTY


@record
class Extends:
    service: str
    file: str | None = None


@record
class EnvFile:
    """An ``env_file`` entry (the loader has already merged its variables into ``environment``)."""

    path: str
    required: bool = True
    format: str | None = None
