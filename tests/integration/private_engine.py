"""Private peers for transport tests: a second dockerd on tcp+TLS, an sshd, and their keys.

``PrivateEngine`` starts a dockerd of its own listening only on
``tcp://127.0.0.1:<port>`` with ``--tlsverify`` (its own --data-root, --exec-root,
--pidfile, containerd namespace, the vfs storage driver, no iptables, so it touches
nothing of the main engine). Not ``--bridge=none``: a dockerd whose bridge is disabled
deletes the host's ``docker0`` at start-up (the main engine's default network), so it
gets a bridge of its own, made here and deleted by ``close``, and can ``stop``/``start`` again (for tests that
lose the engine mid-command). ``make_certs`` writes a CA and server/client certificates
with the openssl CLI. ``PrivateSshd`` runs sshd with its own config, host key and
authorized-keys file. Everything lives in a temporary directory removed by ``close``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

DOCKERD = shutil.which("dockerd") or "/usr/bin/dockerd"
SSHD = "/usr/sbin/sshd"


def free_port(preferred: int) -> int:
    """``preferred`` when nothing listens on it, else a port the kernel picks."""
    for port in (preferred, 0):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(s.getsockname()[1])
    raise OSError("no free port")


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def make_certs(directory: Path, *, name: str = "pycompose test CA") -> Path:
    """ca.pem, server-cert.pem/server-key.pem (for 127.0.0.1), cert.pem/key.pem (a client) in ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={name}",
             "-keyout", "ca-key.pem", "-out", "ca.pem", cwd=directory)
    (directory / "server.ext").write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n")
    (directory / "client.ext").write_text("extendedKeyUsage=clientAuth\n")
    for who, cn in (("server", "127.0.0.1"), ("client", "client")):
        key = "server-key.pem" if who == "server" else "key.pem"
        cert = "server-cert.pem" if who == "server" else "cert.pem"
        _openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={cn}", "-keyout", key, "-out", f"{who}.csr",
                 cwd=directory)
        _openssl("x509", "-req", "-in", f"{who}.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
                 "-days", "2", "-extfile", f"{who}.ext", "-out", cert, cwd=directory)
    return directory


def _wait_port(port: int, process: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited {process.returncode}:\n{log.read_text()[-3000:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"{process.args[0]} does not listen on {port} after {timeout} s:\n{log.read_text()[-3000:]}")


def _stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


class PrivateEngine:
    """A second dockerd on tcp://127.0.0.1:<port> with --tlsverify."""

    def __init__(self, port: int = 2376) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="pyce"))  # short: dockerd's exec-root holds unix sockets
        self.certs = make_certs(self.root / "certs")
        self.port = free_port(port)
        self.host = f"tcp://127.0.0.1:{self.port}"
        self.log = self.root / "dockerd.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.bridge = self.root.name[:15]
        octet = int.from_bytes(os.urandom(1), "big")
        for argv in (["ip", "link", "add", self.bridge, "type", "bridge"],
                     ["ip", "addr", "add", f"10.213.{octet}.1/24", "dev", self.bridge],
                     ["ip", "link", "set", self.bridge, "up"]):
            subprocess.run(argv, check=True, capture_output=True, timeout=30)

    @property
    def env(self) -> dict[str, str]:
        """What a client sets to reach it: DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH."""
        return {"DOCKER_HOST": self.host, "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": str(self.certs)}

    def start(self, timeout: float = 60.0) -> None:
        name = self.root.name
        argv = [DOCKERD, "--host", self.host, "--tlsverify",
                "--tlscacert", str(self.certs / "ca.pem"), "--tlscert", str(self.certs / "server-cert.pem"),
                "--tlskey", str(self.certs / "server-key.pem"),
                "--data-root", str(self.root / "data"), "--exec-root", str(self.root / "x"),
                "--pidfile", str(self.root / "dockerd.pid"), "--bridge", self.bridge, "--iptables=false",
                "--ip-masq=false", "--storage-driver=vfs", "--containerd-namespace", name,
                "--containerd-plugins-namespace", name + "p"]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            start_new_session=True)
        _wait_port(self.port, self.process, self.log, timeout)

    def stop(self) -> None:
        _stop(self.process)
        self.process = None

    def close(self) -> None:
        self.stop()
        subprocess.run(["ip", "link", "delete", self.bridge], capture_output=True, timeout=30, check=False)
        with contextlib.suppress(OSError):
            subprocess.run(["umount", "-R", str(self.root / "data")], capture_output=True, timeout=30, check=False)
        shutil.rmtree(self.root, ignore_errors=True)


class PrivateSshd:
    """sshd on 127.0.0.1 (port 22 when free) with its own config, host key and authorized keys."""

    def __init__(self, port: int = 22) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="pycs"))
        self.port = free_port(port)
        self.log = self.root / "sshd.log"
        self.process: subprocess.Popen[bytes] | None = None
        for key in ("host_key", "client_key"):
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(self.root / key)],
                           check=True, capture_output=True, timeout=30)
        shutil.copy(self.root / "client_key.pub", self.root / "authorized_keys")
        host_key = (self.root / "host_key.pub").read_text().split()
        where = "127.0.0.1" if self.port == 22 else f"[127.0.0.1]:{self.port}"
        (self.root / "known_hosts").write_text(f"{where} {host_key[0]} {host_key[1]}\n")
        (self.root / "sshd_config").write_text(
            f"Port {self.port}\nListenAddress 127.0.0.1\nHostKey {self.root / 'host_key'}\n"
            f"AuthorizedKeysFile {self.root / 'authorized_keys'}\nPidFile {self.root / 'sshd.pid'}\n"
            "PermitRootLogin prohibit-password\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
            "UsePAM no\nStrictModes no\n")

    @property
    def ssh_options(self) -> str:
        """PYCOMPOSE_SSH_OPTS for a client: this key, this host key, nothing of ~/.ssh."""
        return (f"-F /dev/null -i {self.root / 'client_key'} -o IdentitiesOnly=yes -o BatchMode=yes "
                f"-o UserKnownHostsFile={self.root / 'known_hosts'} -o StrictHostKeyChecking=yes")

    def start(self, timeout: float = 20.0) -> None:
        os.makedirs("/run/sshd", exist_ok=True)  # its privilege-separation directory
        argv = [SSHD, "-D", "-e", "-f", str(self.root / "sshd_config")]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            start_new_session=True)
        _wait_port(self.port, self.process, self.log, timeout)

    def close(self) -> None:
        _stop(self.process)
        self.process = None
        shutil.rmtree(self.root, ignore_errors=True)
