"""Registry credentials from the Docker config file, found and read as the docker CLI does.

The file is ``$DOCKER_CONFIG/config.json``, else ``~/.docker/config.json``. For a
registry host, a ``credHelpers`` entry (else ``credsStore``) names a credential
helper, ``docker-credential-<name>``, asked with ``get`` (the server on stdin, JSON
``{Username, Secret}`` out; the user ``<token>`` means an identity token); without
a helper, ``auths[host]`` holds ``auth`` (base64 ``user:password``) or an
``identitytoken``. Docker Hub's key is ``https://index.docker.io/v1/``.

The Engine wants them as base64url JSON: ``X-Registry-Auth`` with one registry's
(pull, push), ``X-Registry-Config`` with every registry's (a build's ``FROM`` pulls).
Reading this costs no docker-py import.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
from collections.abc import Mapping
from typing import Any

from compose._record import field, record
from compose.errors import EngineError

__all__ = ["Credentials", "config_path", "encode", "load_credentials", "registry_of"]

HUB = "docker.io"
HUB_KEY = "https://index.docker.io/v1/"
_HUB_ALIASES = frozenset({"docker.io", "index.docker.io", "registry-1.docker.io"})


def config_path(env: Mapping[str, str]) -> str:
    directory = env.get("DOCKER_CONFIG") or os.path.join(env.get("HOME") or os.path.expanduser("~"), ".docker")
    return os.path.join(directory, "config.json")


def registry_of(ref: str) -> str:
    """The registry host of an image reference (``docker.io`` for Docker Hub names)."""
    first, sep, _ = ref.partition("/")
    if sep and ("." in first or ":" in first or first == "localhost"):
        return first
    return HUB


def _hostname(key: str) -> str:
    """``https://host:5000/v1/`` -> ``host:5000`` (config keys may be URLs); Hub aliases -> docker.io."""
    host = key.removeprefix("https://").removeprefix("http://").split("/", 1)[0]
    return HUB if host in _HUB_ALIASES else host


def encode(auth: Mapping[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(dict(auth)).encode()).decode("ascii")


@record
class Credentials:
    """The credentials of one config file (empty when there is none)."""

    auths: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    creds_store: str = ""
    cred_helpers: Mapping[str, str] = field(default_factory=dict)
    env: Mapping[str, str] = field(default_factory=dict)

    def for_registry(self, registry: str) -> dict[str, Any] | None:
        """The auth config of ``registry`` (a host, ``docker.io`` for the Hub), or None."""
        host = _hostname(registry)
        helper = self.cred_helpers.get(host) or (self.cred_helpers.get(HUB_KEY) if host == HUB else None)
        helper = helper or self.creds_store
        if helper:
            found = self._from_helper(helper, HUB_KEY if host == HUB else host)
            if found is not None:
                return found
        for key, entry in self.auths.items():
            if _hostname(key) == host:
                return _decode_entry(key, entry)
        return None

    def for_image(self, ref: str) -> dict[str, Any] | None:
        return self.for_registry(registry_of(ref))

    def all(self) -> dict[str, Any]:
        """Every registry's auth config, keyed as in the file (X-Registry-Config of a build)."""
        out = {key: _decode_entry(key, entry) for key, entry in self.auths.items()}
        servers: dict[str, str] = {}
        if self.creds_store:
            listed = self._helper(self.creds_store, "list", "")
            servers.update({server: self.creds_store for server in (json.loads(listed) if listed else {})})
        servers.update(self.cred_helpers)
        for server, helper in servers.items():
            found = self._from_helper(helper, server)
            if found is not None:
                out[server] = found
        return out

    def _from_helper(self, helper: str, server: str) -> dict[str, Any] | None:
        text = self._helper(helper, "get", server)
        if not text:
            return None
        data = json.loads(text)
        if data.get("Username") == "<token>":
            return {"identitytoken": data.get("Secret", ""), "serveraddress": server}
        return {"username": data.get("Username", ""), "password": data.get("Secret", ""), "serveraddress": server}

    def _helper(self, helper: str, action: str, server: str) -> str:
        program = f"docker-credential-{helper}"
        try:
            done = subprocess.run([program, action], input=server, capture_output=True, text=True, timeout=30,
                                  env=dict(self.env) or None, check=False)
        except FileNotFoundError as exc:
            raise EngineError(f"the credential helper {program} named in the Docker config file is not "
                              "installed") from exc
        if done.returncode != 0:
            message = (done.stdout or done.stderr).strip()
            if "credentials not found" in message.lower():
                return ""
            raise EngineError(f"{program} {action} failed: {message}")
        return done.stdout.strip()


def _decode_entry(key: str, entry: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"serveraddress": key}
    token = entry.get("identitytoken")
    if token:
        out["identitytoken"] = token
    encoded = entry.get("auth")
    if encoded:
        try:
            user, _, password = base64.b64decode(encoded).decode().partition(":")
        except ValueError as exc:
            raise EngineError(f"the Docker config file's auth entry for {key} is not base64 user:password") \
                from exc
        out["username"], out["password"] = user, password
    elif entry.get("username"):
        out["username"], out["password"] = entry.get("username"), entry.get("password", "")
    return out


def load_credentials(env: Mapping[str, str]) -> Credentials:
    path = config_path(env)
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError:
        return Credentials(env=env)
    except (OSError, ValueError) as exc:
        raise EngineError(f"cannot read the Docker config file {path}: {exc}") from exc
    return Credentials(
        auths=dict(data.get("auths") or {}),
        creds_store=str(data.get("credsStore") or ""),
        cred_helpers=dict(data.get("credHelpers") or {}),
        env=env,
    )
