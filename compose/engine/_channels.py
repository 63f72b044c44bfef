"""Channels: the byte streams HTTP runs on (unix socket, tcp, tcp+TLS, ssh's pipes).

A channel sends, receives (with a timeout), half-closes for stdin's EOF, and can be
aborted from another thread (a blocked read then returns or fails). ``ssh://`` is what
the Docker CLI does (docker/cli cli/connhelper): it runs
``ssh -o ConnectTimeout=30 -T [-l user] [-p port] -- host docker [--host unix://path]
system dial-stdio`` and speaks HTTP on that process's stdin and stdout, one process per
connection. Extra ssh flags (an identity file, a known-hosts file) come from the
environment variable PYCOMPOSE_SSH_OPTS (shell words; see ``compose.engine.hosts``).
ssl and subprocess are imported only when a TLS or ssh host is used.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import socket
    import ssl
    import subprocess

Endpoint = tuple[str, str, int, str]
"""(kind, address, port, user): ("unix", path, 0, ""), ("tcp", host, port, ""), ("ssh", host, port, user);
for ssh a socket path on the remote side is in the user field after a NUL."""


class Channel(Protocol):
    def sendall(self, data: bytes) -> None: ...

    def recv(self, size: int) -> bytes: ...

    def settimeout(self, timeout: float | None) -> None: ...

    def shutdown_write(self) -> None: ...

    def idle_ok(self) -> bool:
        """Whether an idle channel may be reused (nothing unexpected arrived, not closed by the peer)."""
        ...

    def abort(self) -> None: ...

    def close(self) -> None: ...


def parse_host(host: str, *, tls: bool = False) -> Endpoint:
    """DOCKER_HOST's forms: ``unix:///path``, ``tcp://h:p`` (``http``/``https``), ``ssh://[user@]h[:p][/path]``."""
    from compose.errors import EngineUnavailable

    scheme, sep, rest = host.partition("://")
    if not sep:
        raise EngineUnavailable(f"unsupported Docker host {host!r} (expected unix://, tcp:// or ssh://)")
    if scheme == "unix":
        return ("unix", rest if rest.startswith("/") else "/" + rest if rest else "/var/run/docker.sock", 0, "")
    from urllib.parse import urlsplit

    parts = urlsplit(host)
    try:
        port = parts.port
    except ValueError as exc:
        raise EngineUnavailable(f"bad port in Docker host {host!r}") from exc
    if scheme in ("tcp", "http", "https"):
        return ("tcp", parts.hostname or "localhost", port or (2376 if tls or scheme == "https" else 2375), "")
    if scheme == "ssh":
        if not parts.hostname:
            raise EngineUnavailable(f"no host in Docker host {host!r}")
        path = parts.path.strip("/")
        return ("ssh", parts.hostname, port or 0, (parts.username or "") + ("\0/" + path if path else ""))
    raise EngineUnavailable(f"unsupported Docker host {host!r} (expected unix://, tcp:// or ssh://)")


def open_channel(endpoint: Endpoint, tls: ssl.SSLContext | None, ssh_options: Sequence[str],
                 timeout: float | None) -> Channel:
    """A new channel to ``endpoint`` (OSError when nothing answers)."""
    kind, address, port, user = endpoint
    if kind != "ssh":
        import socket
    if kind == "unix":
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(timeout)
            sock.connect(address)
        except OSError:
            sock.close()
            raise
        return SocketChannel(sock)
    if kind == "tcp":
        sock = socket.create_connection((address, port), timeout=timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if tls is None:
            return SocketChannel(sock)
        import ssl

        try:
            return SocketChannel(tls.wrap_socket(sock, server_hostname=address), tls=True)
        except ssl.SSLError as exc:
            sock.close()
            raise OSError(f"TLS handshake with {address}:{port} failed: {exc.reason or exc}") from exc
    return PipeChannel(ssh_command(address, port, user, ssh_options))


def ssh_command(host: str, port: int, user: str, options: Sequence[str]) -> list[str]:
    """The Docker CLI's ssh command line for ``docker system dial-stdio``, ``options`` first."""
    login, _, path = user.partition("\0")
    flags = list(options)
    if "ConnectTimeout" not in "".join(flags):
        flags += ["-o", "ConnectTimeout=30"]
    if "-T" not in flags:
        flags.append("-T")
    if login:
        flags += ["-l", login]
    if port:
        flags += ["-p", str(port)]
    remote = ["docker", "--host", "unix://" + path] if path else ["docker"]
    return ["ssh", *flags, "--", host, *remote, "system", "dial-stdio"]


class SocketChannel:
    """A connected socket (unix, tcp, or TLS over tcp)."""

    def __init__(self, sock: socket.socket, *, tls: bool = False) -> None:
        self.sock = sock
        self._tls = tls

    def sendall(self, data: bytes) -> None:
        self.sock.sendall(data)

    def recv(self, size: int) -> bytes:
        return self.sock.recv(size)

    def settimeout(self, timeout: float | None) -> None:
        self.sock.settimeout(timeout)

    def shutdown_write(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.shutdown(1)  # SHUT_WR (socket.py's enums cost ~6 ms to import)

    def idle_ok(self) -> bool:
        if self._tls:  # TLS records (session tickets) may arrive at any time: a dead one fails and is retried
            return True
        import select

        try:
            readable, _, _ = select.select([self.sock], [], [], 0)
        except (OSError, ValueError):
            return False
        return not readable  # an idle HTTP connection has nothing to read: data or EOF mean it is done

    def abort(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.shutdown(2)  # SHUT_RDWR

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.close()


class PipeChannel:
    """The stdin and stdout of a process that relays to the engine (ssh ... docker system dial-stdio)."""

    def __init__(self, command: list[str]) -> None:
        import subprocess

        self.command = command
        try:
            self._process: subprocess.Popen[bytes] = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0,
                start_new_session=True)
        except FileNotFoundError as exc:
            raise OSError(f"{command[0]} is not installed") from exc
        assert self._process.stdin is not None and self._process.stdout is not None
        self._in = self._process.stdin
        self._out = self._process.stdout.fileno()
        self._timeout: float | None = None

    def sendall(self, data: bytes) -> None:
        try:
            self._in.write(data)
        except (BrokenPipeError, ValueError) as exc:
            raise ConnectionError(self._failure()) from exc

    def recv(self, size: int) -> bytes:
        import os

        if self._timeout is not None:
            import select

            readable, _, _ = select.select([self._out], [], [], self._timeout)
            if not readable:
                raise TimeoutError(f"{self.command[0]} relayed nothing for {self._timeout} s")
        try:
            data = os.read(self._out, size)
        except OSError as exc:
            raise ConnectionError(self._failure()) from exc
        if not data:  # the relay ended: when ssh failed (a host key, a login), say what it said
            import subprocess

            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(timeout=2)
            if self._process.returncode not in (None, 0):
                raise ConnectionError(self._failure())
        return data

    def _failure(self) -> str:
        """What ssh said on the way out (its stderr), for the error."""
        try:
            self._process.wait(timeout=5)
        except Exception:
            return f"{' '.join(self.command)} stopped relaying"
        stderr = self._process.stderr.read().decode("utf-8", "replace").strip() if self._process.stderr else ""
        return f"{' '.join(self.command)} exited {self._process.returncode}: {stderr or 'no message'}"

    def settimeout(self, timeout: float | None) -> None:
        self._timeout = timeout

    def shutdown_write(self) -> None:
        with contextlib.suppress(OSError):
            self._in.close()

    def idle_ok(self) -> bool:
        import select

        if self._process.poll() is not None:
            return False
        readable, _, _ = select.select([self._out], [], [], 0)
        return not readable

    def abort(self) -> None:
        with contextlib.suppress(OSError):
            self._process.kill()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._in.close()
        if self._process.poll() is None:
            with contextlib.suppress(OSError):
                self._process.terminate()
        try:
            self._process.wait(timeout=5)
        except Exception:
            with contextlib.suppress(OSError):
                self._process.kill()
                self._process.wait(timeout=5)
        for pipe in (self._process.stdout, self._process.stderr):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()
