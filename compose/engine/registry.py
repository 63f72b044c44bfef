"""A registry's HTTP API (the OCI distribution spec): blobs and manifests, for ``publish``.

The engine pushes and pulls images, but an OCI artifact (a compose application) is no image
it could hold, so ``publish`` speaks to the registry itself, as v2 does (containerd's
resolver). What it needs:

- ``push_blob``: ``HEAD /v2/<repo>/blobs/<digest>``, else ``POST /v2/<repo>/blobs/uploads/``
  (with ``mount=&from=`` to mount it from another repository of the same registry) and a
  monolithic ``PUT <location>?digest=``;
- ``put_manifest`` / ``get_manifest``: ``/v2/<repo>/manifests/<tag or digest>``;
- ``open_blob``: a blob's content (redirects followed), to copy it to another registry.

Authentication follows the registry's ``WWW-Authenticate`` challenge: ``Basic`` with the
Docker config file's credentials (compose/engine/_auth.py), or ``Bearer``: a token from the
challenge's realm for ``repository:<repo>:pull,push`` (asked with those credentials, or
anonymously). The scheme is HTTPS; a registry the engine counts as insecure (its
``InsecureRegistryCIDRs`` and ``IndexConfigs``: 127.0.0.0/8 by default) is tried with HTTPS
without verification, then plain HTTP, as the engine itself does. ``docker.io`` is served
by ``registry-1.docker.io``.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import ipaddress
import json
import socket
import ssl
import threading
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

from compose._record import record
from compose.engine._auth import Credentials
from compose.errors import EngineError

__all__ = [
    "MANIFEST_TYPES",
    "Readable",
    "Registry",
    "RegistryError",
    "RegistryRef",
    "insecure_registry",
    "parse_registry_ref",
    "sha256_digest",
]

MANIFEST_TYPES = (
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
)
_HUB = "docker.io"
_HUB_API = "registry-1.docker.io"


class RegistryError(EngineError):
    """A registry answered with an error status (``status``), or could not be reached."""


@record
class RegistryRef:
    """A reference as the registry API addresses it."""

    domain: str
    """The registry as Docker names it (``docker.io``, ``127.0.0.1:5000``): the credentials' key."""
    repository: str
    """The path inside the registry (``library/busybox``, ``team/app``)."""
    tag: str = ""
    digest: str = ""

    @property
    def reference(self) -> str:
        """What ``/manifests/<reference>`` takes: the digest, else the tag."""
        return self.digest or self.tag

    def __str__(self) -> str:
        out = f"{self.domain}/{self.repository}"
        out += f":{self.tag}" if self.tag else ""
        return out + (f"@{self.digest}" if self.digest else "")


def parse_registry_ref(ref: str, *, default_tag: str = "latest") -> RegistryRef:
    """``ref`` qualified (``compose.model.imageref.docker_ref``'s rules) and split for the API."""
    from compose.model.imageref import docker_ref, parse_image_ref

    parsed = parse_image_ref(docker_ref(ref))
    domain, _, repository = parsed.repository.partition("/")
    tag = parsed.tag or ("" if parsed.digest else default_tag)
    return RegistryRef(domain, repository, tag, parsed.digest)


def sha256_digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def insecure_registry(domain: str, registry_config: Mapping[str, Any]) -> bool:
    """Whether the engine whose ``/info`` ``RegistryConfig`` is ``registry_config`` reaches ``domain``
    without TLS verification: its ``IndexConfigs`` say so, or an address of the host lies in its
    ``InsecureRegistryCIDRs`` (the engine's own rule; 127.0.0.0/8 is there by default)."""
    index = (registry_config.get("IndexConfigs") or {}).get(domain)
    if isinstance(index, Mapping) and "Secure" in index:
        return not index["Secure"]
    if domain.startswith("["):
        host = domain[1:domain.find("]")]
    elif domain.count(":") == 1:
        host = domain.partition(":")[0]
    else:
        host = domain
    cidrs = []
    for text in registry_config.get("InsecureRegistryCIDRs") or ():
        try:
            cidrs.append(ipaddress.ip_network(str(text), strict=False))
        except ValueError:
            continue
    try:
        addresses = {ipaddress.ip_address(host)}
    except ValueError:
        try:
            addresses = {ipaddress.ip_address(info[4][0]) for info in socket.getaddrinfo(host, None)}
        except (OSError, ValueError):
            return False
    return any(address in cidr for address in addresses for cidr in cidrs)


class Readable(Protocol):
    """A blob's content being read (``open_blob``), or what ``push_blob`` uploads."""

    def read(self, size: int = -1, /) -> bytes: ...

    def close(self) -> None: ...


class _Answer:
    """A registry's answer read whole (or, ``stream``, its body left to read)."""

    def __init__(self, status: int, headers: Mapping[str, str], body: bytes,
                 stream: Readable | None = None) -> None:
        self.status = status
        self.headers = headers
        self.body = body
        self.stream = stream


class Registry:
    """One registry (``domain``), its scheme and tokens found on first use; thread-safe."""

    def __init__(self, domain: str, credentials: Credentials | None = None, *, insecure: bool = False,
                 timeout: float = 60.0) -> None:
        self.domain = domain
        self.host = _HUB_API if domain == _HUB else domain
        self._credentials = credentials
        self._insecure = insecure
        self._timeout = timeout
        self._scheme = "" if insecure else "https"
        self._authorization: dict[str, str] = {}
        """scope -> the Authorization header that works for it."""
        self._lock = threading.Lock()

    # -- blobs
    def has_blob(self, repository: str, digest: str) -> bool:
        answer = self._call("HEAD", f"/v2/{repository}/blobs/{digest}", repository, ok=(200, 404))
        return answer.status == 200

    def push_blob(self, repository: str, digest: str, data: bytes | Callable[[], tuple[Readable, int]],
                  *, mount_from: str = "") -> None:
        """Store blob ``digest`` in ``repository`` unless it is there: mounted from ``mount_from`` (a
        repository of this registry) when the registry allows, else uploaded (``data``: the bytes, or
        a function opening them as a file and its size)."""
        if self.has_blob(repository, digest):
            return
        query = {"mount": digest, "from": mount_from} if mount_from else None
        started = self._call("POST", f"/v2/{repository}/blobs/uploads/", repository, query=query, ok=(201, 202),
                             body=b"")
        if started.status == 201:
            return
        location = started.headers.get("location", "")
        if not location:
            raise RegistryError(f"{self.domain}: the registry started an upload of {digest} without a location")
        url = urllib.parse.urljoin(self._base() + f"/v2/{repository}/blobs/uploads/", location)
        url += ("&" if "?" in url else "?") + urllib.parse.urlencode({"digest": digest})
        if isinstance(data, bytes):
            self._call("PUT", url, repository, body=data, content_type="application/octet-stream", ok=(201,))
            return
        stream, size = data()
        try:
            self._call("PUT", url, repository, body=stream, size=size, content_type="application/octet-stream",
                       ok=(201,))
        finally:
            stream.close()

    def open_blob(self, repository: str, digest: str) -> tuple[Readable, int]:
        """A blob's content as a readable stream (close it), and its size."""
        answer = self._call("GET", f"/v2/{repository}/blobs/{digest}", repository, ok=(200,), stream=True)
        assert answer.stream is not None
        return answer.stream, int(answer.headers.get("content-length") or 0)

    # -- manifests
    def get_manifest(self, repository: str, reference: str) -> tuple[str, bytes, str]:
        """A manifest (image, index, or Docker's): its media type, bytes and digest."""
        answer = self._call("GET", f"/v2/{repository}/manifests/{reference}", repository, ok=(200,),
                            accept=MANIFEST_TYPES)
        media_type = answer.headers.get("content-type", "").split(";")[0].strip()
        if not media_type:
            media_type = str(json.loads(answer.body).get("mediaType") or "")
        return media_type, answer.body, sha256_digest(answer.body)

    def put_manifest(self, repository: str, reference: str, media_type: str, body: bytes) -> str:
        """Store a manifest under ``reference`` (a tag, or its digest); its digest."""
        self._call("PUT", f"/v2/{repository}/manifests/{reference}", repository, body=body,
                   content_type=media_type, ok=(201, 200))
        return sha256_digest(body)

    # -- HTTP
    def _base(self) -> str:
        return f"{self._scheme}://{self.host}"

    def _call(self, method: str, path: str, repository: str, *, query: Mapping[str, str] | None = None,
              body: bytes | Readable | None = None, size: int = -1, content_type: str = "",
              accept: Iterable[str] = (), ok: tuple[int, ...] = (200,), stream: bool = False) -> _Answer:
        """One request (``path`` absolute, or a full URL the registry gave); authenticates on a 401
        challenge and repeats it once; an error status not in ``ok`` is a ``RegistryError``."""
        scope = f"repository:{repository}:pull,push"
        with self._lock:
            if not self._scheme:
                self._scheme = self._probe()
        url = path if "://" in path else self._base() + path
        if query:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(query)
        headers = {"User-Agent": "pycompose"}
        if content_type:
            headers["Content-Type"] = content_type
        if accept:
            headers["Accept"] = ", ".join(accept)
        replayable = not (body is not None and not isinstance(body, bytes))
        for attempt in range(2):
            sent = dict(headers)
            with self._lock:
                authorization = self._authorization.get(scope)
            if authorization:
                sent["Authorization"] = authorization
            answer = self._send(method, url, sent, body, size, stream=stream)
            if answer.status == 401 and attempt == 0 and replayable:
                self._authenticate(answer.headers.get("www-authenticate", ""), scope)
                continue
            break
        if answer.status in ok:
            return answer
        raise RegistryError(self._describe(method, url, answer), status=answer.status,
                            resource=f"registry:{self.domain}")

    def _send(self, method: str, url: str, headers: Mapping[str, str], body: bytes | Readable | None,
              size: int, *, stream: bool, redirects: int = 5) -> _Answer:
        parts = urllib.parse.urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        sent = dict(headers)
        if body is not None:
            sent["Content-Length"] = str(len(body) if isinstance(body, bytes) else size)
        connection = self._connection(parts.scheme, parts.netloc)
        try:
            connection.request(method, target, body=body, headers=sent)
            response = connection.getresponse()
        except (OSError, http.client.HTTPException) as exc:
            connection.close()
            raise RegistryError(f"{method} {url}: cannot reach the registry {self.domain}: {exc}",
                                resource=f"registry:{self.domain}") from exc
        answer_headers = {k.lower(): v for k, v in response.getheaders()}
        if response.status in (301, 302, 303, 307, 308) and method in ("GET", "HEAD") and redirects:
            response.read()
            connection.close()
            location = urllib.parse.urljoin(url, answer_headers.get("location", ""))
            same = urllib.parse.urlsplit(location).netloc == parts.netloc
            forwarded = {k: v for k, v in headers.items() if same or k != "Authorization"}
            return self._send(method, location, forwarded, None, -1, stream=stream, redirects=redirects - 1)
        if stream and response.status < 300:
            return _Answer(response.status, answer_headers, b"", _Closing(response, connection))
        try:
            content = response.read() if method != "HEAD" else b""
        finally:
            connection.close()
        return _Answer(response.status, answer_headers, content)

    def _connection(self, scheme: str, netloc: str) -> http.client.HTTPConnection:
        if scheme == "http":
            return http.client.HTTPConnection(netloc, timeout=self._timeout)
        context = ssl.create_default_context()
        if self._insecure and netloc == self.host:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return http.client.HTTPSConnection(netloc, timeout=self._timeout, context=context)

    def _probe(self) -> str:
        """An insecure registry's scheme: HTTPS (unverified) if it speaks TLS, else plain HTTP."""
        connection = self._connection("https", self.host)
        try:
            connection.request("GET", "/v2/", headers={"User-Agent": "pycompose"})
            connection.getresponse().read()
            return "https"
        except (ssl.SSLError, ConnectionResetError, http.client.BadStatusLine, http.client.RemoteDisconnected):
            return "http"
        except OSError as exc:
            raise RegistryError(f"cannot reach the registry {self.domain}: {exc}",
                                resource=f"registry:{self.domain}") from exc
        finally:
            connection.close()

    def _authenticate(self, challenge: str, scope: str) -> None:
        kind, params = _challenge(challenge)
        auth = self._credentials.for_registry(self.domain) if self._credentials is not None else None
        auth = auth or {}
        user, password = str(auth.get("username") or ""), str(auth.get("password") or "")
        if kind == "basic":
            if not user:
                raise RegistryError(f"{self.domain}: the registry asks for credentials, and the Docker config "
                                    f"file has none for it (docker login {self.domain})",
                                    status=401, resource=f"registry:{self.domain}")
            header = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        elif kind == "bearer":
            header = "Bearer " + self._token(params, scope, user, password, str(auth.get("identitytoken") or ""))
        else:
            raise RegistryError(f"{self.domain}: unsupported authentication challenge {challenge!r}",
                                status=401, resource=f"registry:{self.domain}")
        with self._lock:
            self._authorization[scope] = header

    def _token(self, params: Mapping[str, str], scope: str, user: str, password: str, identity: str) -> str:
        realm = params.get("realm", "")
        if not realm:
            raise RegistryError(f"{self.domain}: a Bearer challenge without a realm", status=401,
                                resource=f"registry:{self.domain}")
        query = {"scope": scope, **({"service": params["service"]} if params.get("service") else {})}
        parts = urllib.parse.urlsplit(realm)
        headers = {"User-Agent": "pycompose"}
        body = None
        method = "GET"
        if identity:
            method = "POST"
            form = {"grant_type": "refresh_token", "refresh_token": identity, "client_id": "pycompose", **query}
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            target = parts.path or "/"
        else:
            target = (parts.path or "/") + "?" + "&".join(filter(None, (parts.query, urllib.parse.urlencode(query))))
            if user:
                headers["Authorization"] = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        if body is not None:
            headers["Content-Length"] = str(len(body))
        connection = self._connection(parts.scheme, parts.netloc)
        try:
            connection.request(method, target, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as exc:
            raise RegistryError(f"{self.domain}: cannot get a token from {realm}: {exc}",
                                resource=f"registry:{self.domain}") from exc
        finally:
            connection.close()
        if response.status != 200:
            raise RegistryError(f"{self.domain}: the token server {realm} answered {response.status} "
                                f"{response.reason}" + (" (check `docker login`)" if response.status == 401 else ""),
                                status=response.status, resource=f"registry:{self.domain}")
        try:
            data = json.loads(content)
            return str(data.get("token") or data.get("access_token") or "")
        except ValueError as exc:
            raise RegistryError(f"{self.domain}: the token server's answer is not JSON",
                                resource=f"registry:{self.domain}") from exc

    def _describe(self, method: str, url: str, answer: _Answer) -> str:
        detail = ""
        try:
            errors = json.loads(answer.body).get("errors") or []
            detail = "; ".join(f"{e.get('code', '')}: {e.get('message', '')}".strip(": ") for e in errors)
        except (ValueError, AttributeError):
            detail = answer.body.decode("utf-8", errors="replace").strip()[:200]
        text = f"{method} {url}: {answer.status} {http.client.responses.get(answer.status, '')}".rstrip()
        if answer.status == 401:
            detail = detail or f"the credentials of the Docker config file for {self.domain} were refused"
        return f"{text}: {detail}" if detail else text


class _Closing:
    """A response stream that closes its connection with it."""

    def __init__(self, response: http.client.HTTPResponse, connection: http.client.HTTPConnection) -> None:
        self._response = response
        self._connection = connection

    def read(self, size: int = -1) -> bytes:
        return self._response.read(size if size >= 0 else None)

    def close(self) -> None:
        self._response.close()
        self._connection.close()


def _challenge(text: str) -> tuple[str, dict[str, str]]:
    """``Bearer realm="...",service="...",scope="..."`` -> ("bearer", {realm, service, scope})."""
    kind, _, rest = text.strip().partition(" ")
    params: dict[str, str] = {}
    key = value = ""
    i = 0
    while i < len(rest):
        eq = rest.find("=", i)
        if eq < 0:
            break
        key = rest[i:eq].strip().strip(",").strip()
        i = eq + 1
        if i < len(rest) and rest[i] == '"':
            end = rest.find('"', i + 1)
            end = len(rest) if end < 0 else end
            value = rest[i + 1:end]
            i = end + 1
        else:
            end = rest.find(",", i)
            end = len(rest) if end < 0 else end
            value = rest[i:end].strip()
            i = end
        params[key.lower()] = value
        while i < len(rest) and rest[i] in ", ":
            i += 1
    return kind.lower(), params
