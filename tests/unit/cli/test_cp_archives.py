"""cp's landing rules (compose.cli.shared.archives) on local temporary directories: no Docker."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from compose.cli.shared.archives import extract, pack, split_target
from compose.errors import UsageError


def tar_of(entries: dict[str, bytes | None]) -> bytes:
    """name -> content (None: a directory), like the engine's archive of a path."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name, content in entries.items():
            info = tarfile.TarInfo(name)
            if content is None:
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                tar.addfile(info)
            else:
                info.size, info.uid = len(content), 4242
                tar.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def members(data: bytes) -> list[tarfile.TarInfo]:
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        return tar.getmembers()


def files(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


DIR = {"d": None, "d/a": b"A", "d/sub": None, "d/sub/b": b"B"}


def test_split_target() -> None:
    assert split_target("web:/etc/hosts") == ("web", "/etc/hosts")
    assert split_target("/tmp/x:y") == (None, "/tmp/x:y")
    assert split_target("./a:b") == (None, "./a:b")
    assert split_target("-") == (None, "-")
    assert split_target("plain") == (None, "plain")


def test_directory_into_an_existing_directory_keeps_its_name(tmp_path: Path) -> None:
    extract([tar_of(DIR)], "d", str(tmp_path), is_dir=True, archive=False)
    assert files(tmp_path) == {"d/a": "A", "d/sub/b": "B"}


def test_directory_onto_a_new_path_is_renamed(tmp_path: Path) -> None:
    extract([tar_of(DIR)], "d", str(tmp_path / "copy"), is_dir=True, archive=False)
    assert files(tmp_path) == {"copy/a": "A", "copy/sub/b": "B"}


def test_contents_of_a_directory_with_a_dot(tmp_path: Path) -> None:
    dot = {".": None, "./a": b"A", "./sub": None, "./sub/b": b"B"}
    extract([tar_of(dot)], ".", str(tmp_path), is_dir=True, archive=False)
    assert files(tmp_path) == {"a": "A", "sub/b": "B"}


def test_file_onto_a_new_name_and_into_a_directory(tmp_path: Path) -> None:
    extract([tar_of({"a": b"A"})], "a", str(tmp_path / "renamed.txt"), is_dir=False, archive=False)
    extract([tar_of({"a": b"A"})], "a", str(tmp_path), is_dir=False, archive=False)
    assert files(tmp_path) == {"a": "A", "renamed.txt": "A"}


def test_a_followed_link_is_named_after_the_link(tmp_path: Path) -> None:
    extract([tar_of({"target.txt": b"T"})], "target.txt", str(tmp_path), is_dir=False, archive=False,
            name="lnk")
    assert files(tmp_path) == {"lnk": "T"}


def test_errors_for_missing_parents_and_directory_onto_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        extract([tar_of(DIR)], "d", str(tmp_path / "no" / "where"), is_dir=True, archive=False)
    (tmp_path / "file").write_text("x")
    with pytest.raises(UsageError, match="cannot copy a directory"):
        extract([tar_of(DIR)], "d", str(tmp_path / "file"), is_dir=True, archive=False)


def test_pack_names_the_root_or_packs_contents(tmp_path: Path) -> None:
    (tmp_path / "src" / "sub").mkdir(parents=True)
    (tmp_path / "src" / "a").write_text("A")
    (tmp_path / "src" / "sub" / "b").write_text("B")
    names = [m.name for m in members(pack(str(tmp_path / "src"), "dest", follow_link=False))]
    assert sorted(names) == ["dest", "dest/a", "dest/sub", "dest/sub/b"]
    contents = [m.name for m in members(pack(str(tmp_path / "src") + "/.", "", follow_link=False))]
    assert sorted(contents) == ["a", "sub", "sub/b"]
    with pytest.raises(UsageError, match="could not find"):
        pack(str(tmp_path / "missing"), "x", follow_link=False)


def test_follow_link_packs_the_target(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text("R")
    (tmp_path / "lnk").symlink_to(tmp_path / "real.txt")
    assert members(pack(str(tmp_path / "lnk"), "lnk", follow_link=False))[0].issym()
    assert members(pack(str(tmp_path / "lnk"), "lnk", follow_link=True))[0].isfile()
