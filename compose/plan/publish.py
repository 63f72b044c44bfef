"""``publish``: a compose application as an OCI artifact, as Docker Compose v2 writes it (pure).

The artifact is an image manifest (``application/vnd.oci.image.manifest.v1+json``) whose
layers are the compose files as written (``application/vnd.docker.compose.file+yaml``,
annotated ``com.docker.compose.file``), with every ``env_file`` and local ``extends.file``
replaced by the name of a layer of its own (``<sha256 of its path>.env`` / ``.yaml``); then
the files ``extends`` names (annotated ``com.docker.compose.extends``), the env files with
``--with-env`` (``application/vnd.docker.compose.envfile``), and ``image-digests.yaml`` with
``--resolve-image-digests``. OCI 1.1 (the default, tried first) marks it with
``artifactType: application/vnd.docker.compose.project`` and the empty config
(``application/vnd.oci.empty.v1+json``); OCI 1.0 has no artifact type and uses the config
``application/vnd.docker.compose.config.empty.v1+json``. Every descriptor carries its
content (``data``), and the JSON is Go's (compact, struct field order, sorted maps).

The checks v2 makes before publishing are here too (``build_only``, ``bind_mounts``,
``environment_findings``, ``sensitive_findings``); the CLI asks or refuses.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from compose._record import field, record
from compose._version import COMPOSE_VERSION
from compose.model.gojson import go_json
from compose.model.project import Project

__all__ = [
    "COMPOSE_PROJECT_ARTIFACT",
    "OCI_INDEX",
    "OCI_MANIFEST",
    "OCI_VERSIONS",
    "Descriptor",
    "app_index",
    "bind_mounts",
    "build_only",
    "compose_file_layer",
    "empty_config",
    "env_file_layer",
    "environment_findings",
    "file_layers",
    "image_manifest",
    "sensitive_findings",
]

COMPOSE_PROJECT_ARTIFACT = "application/vnd.docker.compose.project"
COMPOSE_YAML = "application/vnd.docker.compose.file+yaml"
COMPOSE_EMPTY_CONFIG = "application/vnd.docker.compose.config.empty.v1+json"
COMPOSE_ENVFILE = "application/vnd.docker.compose.envfile"
OCI_EMPTY = "application/vnd.oci.empty.v1+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_VERSIONS = ("1.0", "1.1")
VERSION_ANNOTATION = "com.docker.compose.version"


def _no_annotations() -> Mapping[str, str]:
    return {}


@record
class Descriptor:
    """An OCI content descriptor, with its content (v1.Descriptor's ``data``)."""

    media_type: str
    digest: str
    size: int
    annotations: Mapping[str, str] = field(default_factory=_no_annotations)
    data: bytes | None = None
    artifact_type: str = ""

    def json(self, *, with_data: bool = True) -> dict[str, Any]:
        """Go's field order: mediaType, digest, size, annotations, data, artifactType (empty ones left out)."""
        out: dict[str, Any] = {"mediaType": self.media_type, "digest": self.digest, "size": self.size}
        if self.annotations:
            out["annotations"] = dict(sorted(self.annotations.items()))
        if with_data and self.data is not None:
            out["data"] = base64.b64encode(self.data).decode("ascii")
        if self.artifact_type:
            out["artifactType"] = self.artifact_type
        return out


def blob(media_type: str, data: bytes, annotations: Mapping[str, str] | None = None,
         artifact_type: str = "") -> Descriptor:
    return Descriptor(media_type, "sha256:" + hashlib.sha256(data).hexdigest(), len(data),
                      dict(annotations or {}), data, artifact_type)


def compose_file_layer(path: str, data: bytes, *, extends: bool = False) -> Descriptor:
    annotations = {VERSION_ANNOTATION: COMPOSE_VERSION, "com.docker.compose.file": os.path.basename(path)}
    if extends:
        annotations["com.docker.compose.extends"] = "true"
    return blob(COMPOSE_YAML, data, annotations)


def env_file_layer(name: str, data: bytes) -> Descriptor:
    return blob(COMPOSE_ENVFILE, data, {VERSION_ANNOTATION: COMPOSE_VERSION,
                                        "com.docker.compose.envfile": os.path.basename(name)})


def empty_config(oci_version: str) -> Descriptor:
    """The manifest's config: OCI 1.1's empty descriptor, or v2's own media type for OCI 1.0."""
    return blob(OCI_EMPTY if oci_version == "1.1" else COMPOSE_EMPTY_CONFIG, b"{}")


def image_manifest(layers: Sequence[Descriptor], oci_version: str, created: str) -> Descriptor:
    """The artifact's manifest (its bytes in ``data``); ``created``: RFC 3339, v2's ``time.Now()``."""
    if oci_version not in OCI_VERSIONS:
        raise ValueError(f"unsupported OCI version: {oci_version}")
    artifact = COMPOSE_PROJECT_ARTIFACT if oci_version == "1.1" else ""
    body: dict[str, Any] = {"schemaVersion": 2, "mediaType": OCI_MANIFEST}
    if artifact:
        body["artifactType"] = artifact
    body["config"] = empty_config(oci_version).json()
    body["layers"] = [layer.json() for layer in layers]
    body["annotations"] = {"org.opencontainers.image.created": created}
    return blob(OCI_MANIFEST, go_json(body).encode(), {VERSION_ANNOTATION: COMPOSE_VERSION}, artifact)


def app_index(manifests: Sequence[Mapping[str, Any]], subject: Descriptor) -> Descriptor:
    """``--app``: the index of the application's images (their descriptors in the artifact's
    repository), whose ``subject`` is the artifact's manifest."""
    body = {"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": list(manifests),
            "subject": subject.json(with_data=False), "annotations": {VERSION_ANNOTATION: COMPOSE_VERSION}}
    return blob(OCI_INDEX, go_json(body).encode(), {VERSION_ANNOTATION: COMPOSE_VERSION}, COMPOSE_PROJECT_ARTIFACT)


# -- the layers ------------------------------------------------------------------------------


@record
class FileLayers:
    """The compose files' layers, and the env files they name (path -> layer name)."""

    layers: tuple[Descriptor, ...]
    env_files: Mapping[str, str]


def file_layers(files: Sequence[str], read: Any, working_dir: str, environment: Mapping[str, str]) -> FileLayers:
    """The layers of the compose ``files`` (``read(path) -> bytes``), then of the files their services
    extend, each with its ``env_file`` and ``extends.file`` values replaced by layer names (v2's
    processFile / processExtends)."""
    layers: list[Descriptor] = []
    env_files: dict[str, str] = {}
    extended: dict[str, str] = {}
    for path in files:
        text = _rewrite(read(path), working_dir, environment, extended, env_files)
        layers.append(compose_file_layer(path, text))
    done: set[str] = set()
    pending = dict(extended)
    while pending:
        more: dict[str, str] = {}
        for path, name in pending.items():
            done.add(path)
            text = _rewrite(read(path), working_dir, environment, more, None)
            layers.append(compose_file_layer(name, text, extends=True))
        pending = {p: n for p, n in more.items() if p not in done}
    return FileLayers(tuple(layers), env_files)


def _rewrite(content: bytes, working_dir: str, environment: Mapping[str, str], extended: dict[str, str],
             env_files: dict[str, str] | None) -> bytes:
    import contextlib

    import yaml

    from compose.load.interpolate import TemplateError, substitute

    text = content.decode("utf-8")
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return content
    services = _child(root, "services")
    if not isinstance(services, yaml.MappingNode):
        return content
    edits: list[tuple[int, int, str]] = []

    def resolved(node: Any) -> str:
        value = str(node.value)
        with contextlib.suppress(TemplateError):  # the loader reports it; the value stays as written
            value = substitute(value, environment.get)
        value = os.path.expanduser(value)
        return os.path.normpath(value if os.path.isabs(value) else os.path.join(working_dir, value))

    for _, service in services.value:
        if env_files is not None:
            entries = _child(service, "env_file")
            nodes = entries.value if isinstance(entries, yaml.SequenceNode) else [entries] if entries else []
            for node in nodes:
                if isinstance(node, yaml.MappingNode):
                    node = _child(node, "path")
                if isinstance(node, yaml.ScalarNode):
                    path = resolved(node)
                    name = hashlib.sha256(path.encode()).hexdigest() + ".env"
                    env_files[path] = name
                    edits.append((node.start_mark.line, node.start_mark.column, name))
        extends = _child(service, "extends")
        target = _child(extends, "file") if isinstance(extends, yaml.MappingNode) else None
        if isinstance(target, yaml.ScalarNode):
            path = resolved(target)
            if os.path.exists(path):  # not there: a remote resource, published as written
                name = hashlib.sha256(path.encode()).hexdigest() + ".yaml"
                extended[path] = name
                edits.append((target.start_mark.line, target.start_mark.column, name))
    lines = text.split("\n")
    for line, column, value in edits:
        lines[line] = lines[line][:column] + value
    return "\n".join(lines).encode("utf-8")


def _child(node: Any, key: str) -> Any:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return None
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return v
    return None


# -- checks ----------------------------------------------------------------------------------


def build_only(project: Project) -> list[str]:
    """The services with ``build:`` and no ``image:``: an artifact cannot carry what they build."""
    return sorted(name for name, s in project.services.items() if s.build is not None and not s.image)


def bind_mounts(project: Project) -> dict[str, list[str]]:
    """Service -> its bind mounts, as v2 lists them (``source:target:rw``)."""
    out: dict[str, list[str]] = {}
    for name in sorted(project.services):
        mounts = [f"{v.source}:{v.target}:{'ro' if v.read_only else 'rw'}"
                  for v in project.services[name].volumes if v.type == "bind"]
        if mounts:
            out[name] = mounts
    return out


def environment_findings(project: Project, env_files: Mapping[str, Sequence[str]]
                         ) -> tuple[list[str], dict[str, list[str]]]:
    """v2's checkEnvironmentVariables: the reasons to refuse without ``--with-env`` (one line per
    finding), and each service's (or config's) variables, ``KEY=value`` (``env_files``: each
    service's ``env_file`` paths, whose variables are in its ``environment`` already)."""
    reasons: list[str] = []
    variables: dict[str, list[str]] = {}
    for name in sorted(project.services):
        service = project.services[name]
        if service.env_file or env_files.get(name):
            reasons.append(f"service {_go_quote(name)} has env_file declared.")
        if service.environment:
            reasons.append(f"service {_go_quote(name)} has environment variable(s) declared.")
            variables[name] = [f"{k}={'' if v is None else v}" for k, v in service.environment.items()]
    for key in sorted(project.configs):
        config = project.configs[key]
        if config.environment:
            reasons.append(f"config {_go_quote(key)} is declare as an environment variable.")
            variables[key] = [f"{key}={config.environment}"]
    return reasons, variables


def _go_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# Well-known credential shapes (a subset of the detectors of v2's secret scanner, DefangLabs'
# secret-detector): what a published artifact must not carry unnoticed.
_DETECTORS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Private key", re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----")),
    ("AWS access key", re.compile(r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b")),
    ("GitHub token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b")),
    ("Slack token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}\b")),
    ("Stripe key", re.compile(r"\b[rs]k_live_[A-Za-z0-9]{20,}\b")),
    ("JSON Web Token", re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")),
)
_KEYWORD = re.compile(r"""^\s*-?\s*["']?([A-Za-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key|private[_-]?key)
                          [A-Za-z0-9_.-]*)["']?\s*[:=]\s*["']?([^"'\s#][^"'#]*?)["']?\s*$""",
                      re.IGNORECASE | re.VERBOSE)


_STRUCTURE = frozenset({"secrets", "secret"})
"""Compose's own keys (``secrets: [db]``), not credentials."""


@record
class Finding:
    kind: str
    key: str
    value: str


def sensitive_findings(texts: Iterable[tuple[str, str]]) -> list[Finding]:
    """Credentials found in ``texts`` (name, content): well-known token shapes, and keys named like
    a password, secret, token or API key whose value is written out (not a ``${VARIABLE}``)."""
    found: list[Finding] = []
    for name, text in texts:
        for line in text.splitlines():
            for kind, pattern in _DETECTORS:
                match = pattern.search(line)
                if match:
                    found.append(Finding(kind, name, match.group(0)))
            keyword = _KEYWORD.match(line)
            if keyword and "$" not in keyword.group(2) and keyword.group(1).lower() not in _STRUCTURE \
                    and not keyword.group(2).startswith(("[", "{")):
                found.append(Finding("Keyword", keyword.group(1), keyword.group(2)))
    return found
