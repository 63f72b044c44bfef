"""Which engine the environment names, and how to reach it: as the Docker CLI decides.

The endpoint is DOCKER_HOST when set; else the context DOCKER_CONTEXT names, else the
``currentContext`` of ``$DOCKER_CONFIG/config.json`` (default ``~/.docker``), read from the
Docker CLI's context store: ``contexts/meta/<sha256 of name>/meta.json`` holds
``Endpoints.docker.Host`` and ``SkipTLSVerify``, ``contexts/tls/<sha256 of name>/docker/``
the ``ca.pem``, ``cert.pem`` and ``key.pem``. The context ``default`` (or none) is the local
socket. TLS for a DOCKER_HOST: DOCKER_TLS_VERIFY (verify the server against
``$DOCKER_CERT_PATH/ca.pem``, default ``~/.docker``), DOCKER_TLS (TLS without verifying),
client certificates ``cert.pem``/``key.pem`` when present; the ``--tlscacert``,
``--tlscert``, ``--tlskey`` flags arrive as PYCOMPOSE_TLS_CACERT/CERT/KEY
(compose/cli/options.py). For ``ssh://`` hosts, PYCOMPOSE_SSH_OPTS holds extra ssh flags
(shell words, e.g. ``-i key -o UserKnownHostsFile=file``), put before the Docker CLI's own:
ssh reads ``~/.ssh`` of the passwd home, and the Docker CLI offers no such variable.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping

from compose._record import record
from compose.engine._http import DEFAULT_HOST, HttpTransport
from compose.errors import EngineUnavailable

TYPE_CHECKING = False
if TYPE_CHECKING:
    import ssl

__all__ = ["Endpoint", "context_name", "endpoint_for", "transport_for"]

SSH_OPTS = "PYCOMPOSE_SSH_OPTS"


@record
class Endpoint:
    host: str
    """A DOCKER_HOST form: unix://, tcp://, ssh://."""
    tls: bool = False
    verify: bool = False
    ca: str = ""
    cert: str = ""
    key: str = ""
    context: str = ""
    """The context it came from ("" for DOCKER_HOST or the default)."""


def _config_dir(env: Mapping[str, str]) -> str:
    return env.get("DOCKER_CONFIG") or os.path.join(env.get("HOME") or os.path.expanduser("~"), ".docker")


def _context_name(env: Mapping[str, str]) -> str:
    name = env.get("DOCKER_CONTEXT", "")
    if name:
        return name
    try:
        with open(os.path.join(_config_dir(env), "config.json"), encoding="utf-8") as f:
            return str(json.load(f).get("currentContext") or "")
    except (OSError, ValueError, AttributeError):
        return ""


def context_name(env: Mapping[str, str]) -> str:
    """The Docker context the environment uses, as the Docker CLI names it: ``default`` when
    DOCKER_HOST is set or no context is chosen (buildx names the engine's own builder after it)."""
    if env.get("DOCKER_HOST"):
        return "default"
    return _context_name(env) or "default"


def _context_endpoint(env: Mapping[str, str], name: str) -> Endpoint:
    import hashlib

    digest = hashlib.sha256(name.encode()).hexdigest()
    store = os.path.join(_config_dir(env), "contexts")
    meta_path = os.path.join(store, "meta", digest, "meta.json")
    try:
        with open(meta_path, encoding="utf-8") as f:
            meta = json.load(f)
    except FileNotFoundError as exc:
        raise EngineUnavailable(f"context {name!r} does not exist (no {meta_path})") from exc
    except (OSError, ValueError) as exc:
        raise EngineUnavailable(f"cannot read context {name!r} ({meta_path}): {exc}") from exc
    docker = (meta.get("Endpoints") or {}).get("docker") or {}
    host = str(docker.get("Host") or DEFAULT_HOST)
    tls_dir = os.path.join(store, "tls", digest, "docker")
    files = {part: os.path.join(tls_dir, f"{part}.pem") for part in ("ca", "cert", "key")}
    present = {part: path for part, path in files.items() if os.path.exists(path)}
    tls = bool(present) and host.startswith(("tcp://", "https://"))
    verify = tls and not docker.get("SkipTLSVerify")
    return Endpoint(host, tls=tls, verify=verify, ca=present.get("ca", ""), cert=present.get("cert", ""),
                    key=present.get("key", ""), context=name)


def endpoint_for(env: Mapping[str, str]) -> Endpoint:
    """The engine the environment names (see the module's docstring)."""
    host = env.get("DOCKER_HOST", "")
    if not host:
        name = _context_name(env)
        if name and name != "default":
            return _context_endpoint(env, name)
        host = DEFAULT_HOST
    verify = env.get("DOCKER_TLS_VERIFY", "") not in ("", "0")
    tls = verify or env.get("DOCKER_TLS", "") not in ("", "0") or host.startswith("https://")
    if not tls or not host.startswith(("tcp://", "https://")):
        return Endpoint(host)
    certs = env.get("DOCKER_CERT_PATH") or _config_dir(env)
    ca = env.get("PYCOMPOSE_TLS_CACERT") or os.path.join(certs, "ca.pem")
    cert = env.get("PYCOMPOSE_TLS_CERT") or os.path.join(certs, "cert.pem")
    key = env.get("PYCOMPOSE_TLS_KEY") or os.path.join(certs, "key.pem")
    has_pair = os.path.exists(cert) and os.path.exists(key)
    return Endpoint(host, tls=True, verify=verify, ca=ca if verify else "",
                    cert=cert if has_pair else "", key=key if has_pair else "")


def tls_context(endpoint: Endpoint) -> ssl.SSLContext | None:
    """The client TLS context of ``endpoint``; None without TLS."""
    if not endpoint.tls:
        return None
    import ssl

    try:
        if endpoint.verify:
            context = ssl.create_default_context(cafile=endpoint.ca)
        else:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        if endpoint.cert and endpoint.key:
            context.load_cert_chain(endpoint.cert, endpoint.key)
    except (OSError, ssl.SSLError) as exc:
        raise EngineUnavailable(f"cannot load the TLS files for {endpoint.host} ({exc})") from exc
    return context


def transport_for(env: Mapping[str, str]) -> HttpTransport:
    """The transport to the engine the environment names, its API version not yet negotiated."""
    endpoint = endpoint_for(env)
    options: list[str] = []
    if endpoint.host.startswith("ssh://") and env.get(SSH_OPTS):
        import shlex

        options = shlex.split(env[SSH_OPTS])
    return HttpTransport(endpoint.host, tls=tls_context(endpoint), ssh_options=options)
