""".dockerignore matching (as moby/patternmatcher) and the context archive the engine receives."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest

from compose.engine._context import context_archive
from compose.engine._dockerignore import IgnoreRules, parse_dockerignore
from compose.errors import ComposeError


def excluded(patterns: list[str], path: str) -> bool:
    return IgnoreRules(patterns).excluded(path)


def test_reading_skips_comments_and_blanks_and_cleans_patterns() -> None:
    text = "\ufeff# comment\n\n  node_modules/  \n/abs/path\n!  keep.txt\n./a//b/../c\n #not a comment\n"
    assert parse_dockerignore(text) == ["node_modules", "abs/path", "!keep.txt", "a/c", "#not a comment"]


@pytest.mark.parametrize(
    ("patterns", "path", "expected"),
    [
        (["*.log"], "a.log", True),
        (["*.log"], "sub/a.log", False),  # * does not cross /
        (["*/*.log"], "sub/a.log", True),
        (["**/*.log"], "a.log", True),  # **/ may match no directory
        (["**/*.log"], "x/y/z/a.log", True),
        (["build"], "build/out/bin", True),  # a matched directory excludes what is below it
        (["build/**"], "build/x", True),
        (["a?c"], "abc", True),
        (["a?c"], "a/c", False),
        (["[a-c]x"], "bx", True),
        (["[!a-c]x"], "bx", False),
        (["[!a-c]x"], "dx", True),
        (["file.txt"], "fileXtxt", False),  # . is literal
        (["*.log", "!keep.log"], "keep.log", False),
        (["*.log", "!keep.log", "keep*"], "keep.log", True),  # the last match decides
        (["docs", "!docs/README.md"], "docs/README.md", False),
        (["docs", "!docs/README.md"], "docs/other.md", True),
        (["\\*star"], "*star", True),
        (["\\*star"], "xstar", False),
        (["**"], "anything/at/all", True),
    ],
)
def test_matching(patterns: list[str], path: str, expected: bool) -> None:
    assert excluded(patterns, path) is expected


def test_a_lone_exclamation_mark_is_an_error() -> None:
    with pytest.raises(ComposeError, match="illegal exception"):
        IgnoreRules(["!"])


def names(tmp: Path, **kwargs: str) -> tuple[list[str], tarfile.TarFile, str]:
    archive = context_archive(str(tmp), **kwargs)
    tar = tarfile.open(fileobj=archive.file)  # noqa: SIM115 (read by the test after return)
    return sorted(m.name for m in tar.getmembers()), tar, archive.dockerfile


def tree(tmp: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = tmp / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_archive_leaves_out_ignored_files_but_always_sends_dockerfile_and_dockerignore(tmp_path: Path) -> None:
    tree(tmp_path, {
        "Dockerfile": "FROM x\n", ".dockerignore": "*\n!app\n", "app/main.py": "print()\n",
        "secret.env": "A=1\n", "node_modules/pkg/index.js": "",
    })
    members, _, dockerfile = names(tmp_path)
    assert dockerfile == "Dockerfile"
    assert members == [".dockerignore", "Dockerfile", "app", "app/main.py"]


def test_excluded_directory_is_not_walked_without_exceptions(tmp_path: Path) -> None:
    tree(tmp_path, {"Dockerfile": "FROM x\n", ".dockerignore": "big\n", "big/a/b/c.bin": "x", "small.txt": "y"})
    members, _, _ = names(tmp_path)
    assert members == [".dockerignore", "Dockerfile", "small.txt"]


def test_archive_owner_is_root_and_modes_are_kept(tmp_path: Path) -> None:
    tree(tmp_path, {"Dockerfile": "FROM x\n", "run.sh": "#!/bin/sh\n"})
    (tmp_path / "run.sh").chmod(0o750)
    (tmp_path / "link").symlink_to("run.sh")
    _, tar, _ = names(tmp_path)
    script = tar.getmember("run.sh")
    assert (script.uid, script.gid, script.mode & 0o777) == (0, 0, 0o750)
    link = tar.getmember("link")
    assert link.issym() and link.linkname == "run.sh"


def test_inline_dockerfile_is_added_under_a_generated_name(tmp_path: Path) -> None:
    tree(tmp_path, {"a.txt": "a"})
    members, tar, dockerfile = names(tmp_path, inline="FROM scratch\n")
    assert dockerfile.startswith(".dockerfile.") and dockerfile in members
    member = tar.extractfile(dockerfile)
    assert member is not None and member.read() == b"FROM scratch\n"
    # the same text gives the same name (and bytes): the build cache is not defeated
    assert names(tmp_path, inline="FROM scratch\n")[2] == dockerfile


def test_dockerfile_outside_the_context_is_added(tmp_path: Path) -> None:
    tree(tmp_path, {"ctx/a.txt": "a", "other/Build.df": "FROM y\n"})
    members, tar, dockerfile = names(tmp_path / "ctx", dockerfile=str(tmp_path / "other/Build.df"))
    assert dockerfile.startswith(".dockerfile.") and dockerfile in members and "a.txt" in members
    member = tar.extractfile(dockerfile)
    assert member is not None and member.read() == b"FROM y\n"


def test_dockerfile_specific_ignore_file_wins(tmp_path: Path) -> None:
    tree(tmp_path, {"dev.Dockerfile": "FROM x\n", "dev.Dockerfile.dockerignore": "a.txt\n",
                    ".dockerignore": "b.txt\n", "a.txt": "", "b.txt": ""})
    members, _, dockerfile = names(tmp_path, dockerfile="dev.Dockerfile")
    assert dockerfile == "dev.Dockerfile"
    assert "a.txt" not in members and "b.txt" in members


def test_missing_context_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ComposeError, match="is not a directory"):
        context_archive(str(tmp_path / "nope"))


def test_a_dockerfile_in_an_ignored_directory_is_still_sent(tmp_path: Path) -> None:
    tree(tmp_path, {"docker/app.Dockerfile": "FROM x\n", "docker/other.txt": "", ".dockerignore": "docker\n",
                    "main.py": ""})
    members, _, dockerfile = names(tmp_path, dockerfile="docker/app.Dockerfile")
    assert dockerfile == "docker/app.Dockerfile"
    assert members == [".dockerignore", "docker/app.Dockerfile", "main.py"]
