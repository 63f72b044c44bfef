"""The offline base image: a root filesystem made of Debian's busybox-static, imported.

Nothing can be pulled from Docker Hub here, so tests and examples build on
``pycompose/busybox:latest``: busybox (sh, httpd, nc, wget, sleep, ...) with
every applet linked under /bin, a passwd/group with root and nobody, and
``/tmp``. ``ensure_base_image`` imports it when it is missing; running this
module does the same from the command line.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tarfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from compose.errors import ComposeError

if TYPE_CHECKING:
    from compose.engine.engine import ApiEngine

BASE_IMAGE = "pycompose/busybox:latest"
BUSYBOX = Path("/bin/busybox")
_DIRS = ("bin", "sbin", "etc", "tmp", "proc", "sys", "dev", "root", "var/www", "var/run", "home", "usr/bin")
_FILES = {
    "etc/passwd": "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n",
    "etc/group": "root:x:0:\nnogroup:x:65534:\n",
    "etc/nsswitch.conf": "hosts: files dns\n",
}


def _is_static(binary: bytes) -> bool:
    # A dynamically linked ELF names its interpreter (ld-linux*.so) in a PT_INTERP header.
    return binary[:4] == b"\x7fELF" and b"/lib64/ld-linux" not in binary[:4096] and b"/lib/ld-" not in binary[:4096]


def _applets(busybox: Path) -> list[str]:
    out = subprocess.run([str(busybox), "--list"], capture_output=True, text=True, check=True).stdout
    return sorted({a for a in out.split() if a and a != "busybox"})


def rootfs_tar(busybox: Path = BUSYBOX) -> bytes:
    """The image's root filesystem as an uncompressed tar archive."""
    if not busybox.exists():
        raise ComposeError(f"{busybox} is missing: install Debian's busybox-static")
    binary = busybox.read_bytes()
    if not _is_static(binary):
        raise ComposeError(f"{busybox} is dynamically linked: install Debian's busybox-static")
    buf = io.BytesIO()
    now = int(time.time())
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for d in _DIRS:
            info = tarfile.TarInfo(d)
            info.type, info.mode, info.mtime = tarfile.DIRTYPE, 0o1777 if d == "tmp" else 0o755, now
            tar.addfile(info)
        info = tarfile.TarInfo("bin/busybox")
        info.size, info.mode, info.mtime = len(binary), 0o755, now
        tar.addfile(info, io.BytesIO(binary))
        for applet in _applets(busybox):
            link = tarfile.TarInfo(f"bin/{applet}")
            link.type, link.linkname, link.mode, link.mtime = tarfile.SYMTYPE, "busybox", 0o777, now
            tar.addfile(link)
        for name, text in _FILES.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), 0o644, now
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def ensure_base_image(engine: ApiEngine, name: str = BASE_IMAGE) -> str:
    """Import the base image unless the engine has it (``POST /images/create?fromSrc=-``); returns its id."""
    from compose.engine._images import messages
    from compose.errors import EngineError

    found = engine.image_id(name)
    if found is not None:
        return found
    repository, _, tag = name.rpartition(":")
    archive = rootfs_tar()
    params = [("fromSrc", "-"), ("repo", repository), ("tag", tag),
              ("changes", 'CMD ["sh"]'), ("changes", "ENV PATH=/bin:/sbin:/usr/bin")]
    chunks = engine._post_stream("/images/create", params, {}, io.BytesIO(archive), len(archive), f"image:{name}")
    for message in messages(chunks):
        if "error" in message or "errorDetail" in message:
            raise EngineError(f"importing {name}: {message.get('error')}", resource=f"image:{name}")
    found = engine.image_id(name)
    if found is None:
        raise EngineError(f"importing {name}: the engine reported no error but has no such image")
    return found


def main() -> int:
    from compose.engine.engine import ApiEngine

    try:
        image_id = ensure_base_image(ApiEngine.connect())
    except ComposeError as exc:
        print(f"base image: {exc}", file=sys.stderr)
        return 1
    print(f"{BASE_IMAGE} {image_id}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
