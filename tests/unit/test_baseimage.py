"""The base image's root filesystem, built without Docker."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from compose.engine.baseimage import BUSYBOX, rootfs_tar
from compose.errors import ComposeError

pytestmark = pytest.mark.skipif(not BUSYBOX.exists(), reason="busybox-static is not installed")


def test_rootfs_has_busybox_and_applets() -> None:
    with tarfile.open(fileobj=io.BytesIO(rootfs_tar()), mode="r") as tar:
        members = {m.name: m for m in tar.getmembers()}
    assert members["bin/busybox"].mode == 0o755
    for applet in ("sh", "httpd", "nc", "wget", "sleep"):
        assert members[f"bin/{applet}"].issym() and members[f"bin/{applet}"].linkname == "busybox"
    assert members["tmp"].mode == 0o1777
    assert "etc/passwd" in members


def test_dynamic_busybox_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "busybox"
    fake.write_bytes(b"\x7fELF" + b"\0" * 60 + b"/lib64/ld-linux-x86-64.so.2")
    with pytest.raises(ComposeError, match="dynamically linked"):
        rootfs_tar(fake)
