"""Storage of a container: binds, mounts, tmpfs, secrets and configs (private to translate.py).

The two Engine forms, chosen as v2.40.3 does with two improvements: ``Binds``
strings (``src:dst:rw[,z][,rslave]``) for a bind mount that may create its host
path (no ``bind`` block, or ``create_host_path: true``) without ``recursive`` or
``consistency``, and for a named volume without options; ``Mounts`` objects for
everything else (anonymous volumes, ``nocopy``/``subpath``, tmpfs,
``create_host_path: false``, file secrets and configs, image mounts). v2 sends a
bind with ``propagation`` as a Mount with ``CreateMountpoint``, which Engine API
1.41 ignores (the bind then fails when the host path is missing); the Binds form
creates the path on every API version and keeps ``selinux`` too. A bind with
``selinux`` and ``create_host_path: false`` (the default of the long syntax) also
takes the Binds form, with a warning: the Mount API cannot relabel, and v2 drops
the relabelling silently.
Secrets and configs from ``environment`` or ``content`` are not mounted: they are
copied into the container after it is created (``FileCopy``).
"""

from __future__ import annotations

import io
import posixpath
import tarfile
from typing import Any

from compose.model._record import record
from compose.model.parts import FileRef, ServiceVolume, config_target, secret_target
from compose.model.project import Project
from compose.model.resources import FileObject
from compose.model.service import Service
from compose.plan.translate.common import Notes, Resolved, api_at_least, put

DEFAULT_FILE_MODE = 0o444


@record
class FileCopy:
    """A file to copy into the container before it starts (secret/config from environment or content).

    Send ``archive()`` with PUT /containers/{id}/archive?path=/ ; add ``copyUIDGID=true``
    when ``copy_uid_gid`` (an explicit uid or gid), as Docker Compose does.
    """

    target: str
    content: bytes
    mode: int = DEFAULT_FILE_MODE
    uid: int = 0
    gid: int = 0
    copy_uid_gid: bool = False

    def archive(self, mtime: int = 0) -> bytes:
        """A tar holding the file at ``target`` (relative to ``/``), with its mode, owner and ``mtime``."""
        info = tarfile.TarInfo(self.target.lstrip("/"))
        info.size = len(self.content)
        info.mode = self.mode
        info.uid, info.gid = self.uid, self.gid
        info.mtime = mtime
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as tar:
            tar.addfile(info, io.BytesIO(self.content))
        return buffer.getvalue()


def storage(
    project: Project, service: Service, *, api_version: str, resolved: Resolved, notes: Notes
) -> tuple[list[str], list[dict[str, Any]], list[FileCopy]]:
    """``(Binds, Mounts, files to copy)`` of a service."""
    binds: list[str] = []
    mounts: list[dict[str, Any]] = []
    targets: set[str] = set()
    for i, volume in enumerate(service.volumes):
        key = f"volumes[{i}]"
        targets.add(volume.target)
        bind = _as_bind(project, volume, notes, key)
        if bind is not None:
            binds.append(bind)
        else:
            mounts.append(_mount(project, volume, key, api_version, resolved, notes))
    if service.use_api_socket:
        if not resolved.engine_socket:
            raise notes.fail("use_api_socket", "the engine's socket on this host is unknown (not a local engine)")
        mounts.append({"Type": "bind", "Source": resolved.engine_socket, "Target": "/var/run/docker.sock"})
        notes.warn("use_api_socket", "registry credentials are not copied into the container")
    copies: list[FileCopy] = []
    for kind, refs in (("secrets", service.secrets), ("configs", service.configs)):
        for i, ref in enumerate(refs):
            mount, copy = _file_object(project, kind, i, ref, notes)
            target = mount["Target"] if mount else copy.target if copy else ""
            if target in targets:
                continue  # an explicit volume at the same path wins, as in v2
            targets.add(target)
            if mount is not None:
                mounts.append(mount)
            if copy is not None:
                copies.append(copy)
    return binds, mounts, copies


def _as_bind(project: Project, volume: ServiceVolume, notes: Notes, key: str) -> str | None:
    """The ``Binds`` string of a simple bind mount or named volume, else None."""
    mode = "ro" if volume.read_only else "rw"
    if volume.type == "bind" and volume.source:
        b = volume.bind
        needs_mount_api = b is not None and ((not b.create_host_path and not b.selinux) or b.recursive)
        if needs_mount_api or volume.consistency:
            return None
        if b is not None:
            mode += "".join(f",{opt}" for opt in (b.selinux, b.propagation) if opt)
            if b.selinux and not b.create_host_path:
                # The Mount API cannot relabel (v2 then drops selinux silently); the Binds form can,
                # but it creates a missing host path.
                notes.warn(f"{key}.bind", "selinux relabelling needs the bind form, which creates a missing host path")
        return f"{volume.source}:{volume.target}:{mode}"
    if volume.type == "volume" and volume.source:
        v = volume.volume
        if (v is not None and (v.nocopy or v.subpath or v.labels)) or volume.consistency:
            return None
        return f"{_volume_name(project, volume.source, key, notes)}:{volume.target}:{mode}"
    return None


def _volume_name(project: Project, key_in_file: str, key: str, notes: Notes) -> str:
    defined = project.volumes.get(key_in_file)
    if defined is None:
        raise notes.fail(f"{key}.source", f"undefined volume {key_in_file!r}")
    return defined.name


def _mount(
    project: Project, volume: ServiceVolume, key: str, api_version: str, resolved: Resolved, notes: Notes
) -> dict[str, Any]:
    mount: dict[str, Any] = {"Type": volume.type, "Target": volume.target}
    if volume.type == "volume":
        if volume.source:
            mount["Source"] = _volume_name(project, volume.source, key, notes)
        elif volume.target in resolved.inherited_volumes:
            mount["Source"] = resolved.inherited_volumes[volume.target]
        options: dict[str, Any] = {}
        if volume.volume is not None:
            put(options, "NoCopy", volume.volume.nocopy)
            if volume.volume.subpath:
                if not api_at_least(api_version, "1.45"):
                    raise notes.fail(f"{key}.volume.subpath", f"needs Engine API 1.45 or later (engine: {api_version})")
                options["Subpath"] = volume.volume.subpath
            put(options, "Labels", dict(volume.volume.labels))
        mount["VolumeOptions"] = options
    elif volume.type == "bind":
        mount["Source"] = volume.source
        mount.update(_bind_options(volume, key, api_version, notes))
    elif volume.type == "tmpfs":
        options = {}
        if volume.tmpfs is not None:
            put(options, "SizeBytes", volume.tmpfs.size)
            put(options, "Mode", volume.tmpfs.mode)
        put(mount, "TmpfsOptions", options)
    elif volume.type == "image":
        if not api_at_least(api_version, "1.47"):
            raise notes.fail(f"{key}.type", f"image mounts need Engine API 1.47 or later (engine: {api_version})")
        mount["Source"] = volume.source
        if volume.image is not None and volume.image.subpath:
            mount["ImageOptions"] = {"Subpath": volume.image.subpath}
    else:
        raise notes.fail(f"{key}.type", f"mounts of type {volume.type!r} are not supported on a Linux engine")
    put(mount, "ReadOnly", volume.read_only)
    put(mount, "Consistency", volume.consistency)
    return mount


def _bind_options(volume: ServiceVolume, key: str, api_version: str, notes: Notes) -> dict[str, Any]:
    b = volume.bind
    if b is None:
        return {}
    options: dict[str, Any] = {}
    put(options, "Propagation", b.propagation)
    put(options, "CreateMountpoint", b.create_host_path)
    if b.recursive and b.recursive != "enabled":
        if not api_at_least(api_version, "1.44"):
            raise notes.fail(f"{key}.bind.recursive", f"needs Engine API 1.44 or later (engine: {api_version})")
        flag = {"disabled": "NonRecursive", "writable": "ReadOnlyNonRecursive", "readonly": "ReadOnlyForceRecursive"}
        if b.recursive not in flag:
            raise notes.fail(f"{key}.bind.recursive", f"unknown value {b.recursive!r}")
        options[flag[b.recursive]] = True
    if b.selinux:
        raise notes.fail(f"{key}.bind.selinux", "cannot be combined with bind.recursive or consistency")
    return {"BindOptions": options}


def _file_object(
    project: Project, kind: str, index: int, ref: FileRef, notes: Notes
) -> tuple[dict[str, Any] | None, FileCopy | None]:
    key = f"{kind}[{index}]"
    defined = (project.secrets if kind == "secrets" else project.configs).get(ref.source)
    if defined is None:
        raise notes.fail(key, f"undefined {kind[:-1]} {ref.source!r}")
    target = secret_target(ref) if kind == "secrets" else config_target(ref)
    _refuse_unsupported(defined, kind, key, notes)
    if defined.file is not None:
        if ref.uid or ref.gid or ref.mode is not None:
            notes.warn(key, f"uid, gid and mode of a file-based {kind[:-1]} are ignored (it is bind-mounted)")
        mount: dict[str, Any] = {"Type": "bind", "Source": defined.file, "Target": target, "ReadOnly": True}
        if kind == "secrets":
            mount["BindOptions"] = {}
        return mount, None
    content = _content(project, defined, kind, key, notes)
    return None, FileCopy(
        target=posixpath.normpath(target),
        content=content,
        mode=ref.mode if ref.mode is not None else DEFAULT_FILE_MODE,
        uid=_id(ref.uid, f"{key}.uid", notes),
        gid=_id(ref.gid, f"{key}.gid", notes),
        copy_uid_gid=bool(ref.uid or ref.gid),
    )


def _refuse_unsupported(defined: FileObject, kind: str, key: str, notes: Notes) -> None:
    if defined.external:
        raise notes.fail(key, f"external {kind} ({defined.name}) need a swarm; not supported")
    if defined.driver:
        raise notes.fail(key, f"{kind}.{defined.key}.driver is not supported by Docker Compose")
    if defined.template_driver:
        raise notes.fail(key, f"{kind}.{defined.key}.template_driver is not supported by Docker Compose")


def _content(project: Project, defined: FileObject, kind: str, key: str, notes: Notes) -> bytes:
    if defined.content is not None:
        return defined.content.encode()
    if defined.environment is not None:
        value = project.environment.get(defined.environment)
        if value is None:
            raise notes.fail(
                key, f"environment variable {defined.environment!r} required by {kind[:-1]} {defined.key!r} is not set"
            )
        return value.encode()
    raise notes.fail(key, f"{kind[:-1]} {defined.key!r} has no file, environment or content")


def _id(value: str | None, key: str, notes: Notes) -> int:
    if not value:
        return 0
    try:
        return int(value)
    except ValueError:
        raise notes.fail(key, f"must be a numeric id, not {value!r}") from None


def tmpfs(service: Service) -> dict[str, str]:
    """The service-level ``tmpfs`` list as the Engine's ``Tmpfs`` map (path -> options)."""
    out = {}
    for entry in service.tmpfs:
        path, _, options = entry.partition(":")
        out[path] = options
    return out
