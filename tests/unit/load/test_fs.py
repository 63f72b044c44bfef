"""compose.load.fs: the loader's only way to the filesystem, and the notes it keeps of it."""

from __future__ import annotations

import ast
from pathlib import Path

import compose.load
from compose.load import fs
from tests.unit.load.loader_support import load, write

LOAD_DIR = Path(compose.load.__file__).parent

# what reaches the filesystem: under compose/load only fs.py may call these
_OS_CALLS = ("os.path.isfile", "os.path.isdir", "os.path.exists", "os.path.lexists", "os.path.getmtime",
             "os.path.getsize", "os.path.realpath", "os.stat", "os.lstat", "os.listdir", "os.scandir", "os.walk",
             "os.access", "open")
_PATH_METHODS = {"read_text", "read_bytes", "iterdir", "glob", "rglob", "is_file", "is_dir", "exists"}


def test_no_loader_module_but_fs_touches_the_filesystem() -> None:
    offenders = []
    for path in sorted(LOAD_DIR.glob("*.py")):
        if path.name == "fs.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            called = ast.unparse(node.func)
            method = node.func.attr if isinstance(node.func, ast.Attribute) else ""
            if called in _OS_CALLS or (method in _PATH_METHODS and not called.startswith("fs.")):
                offenders.append(f"{path.name}:{node.lineno} {called}")
    assert offenders == []


def test_a_load_notes_every_read_and_every_probe(tmp_path: Path) -> None:
    write(tmp_path, {"compose.yaml": "services:\n  a:\n    image: x\n    env_file: a.env\n", "a.env": "K=v\n"})
    (tmp_path / "sub").mkdir()
    with fs.recording() as notes:
        load(tmp_path / "sub")
    reads = {path: text for question, path, text in notes if question == "read"}
    assert reads[str(tmp_path / "compose.yaml")].startswith("services:")
    assert reads[str(tmp_path / "a.env")] == "K=v\n"
    probes = {(question, path): answer for question, path, answer in notes if question != "read"}
    assert probes[("isfile", str(tmp_path / "sub" / "compose.yaml"))] == ""  # discovery looked here first
    assert probes[("isfile", str(tmp_path / "compose.yaml"))] == "1"
    assert probes[("isfile", str(tmp_path / "compose.override.yaml"))] == ""  # a file that may appear later
    assert all(fs.answer(question, path) == answer for question, path, answer in notes)


def test_answers_change_with_the_files(tmp_path: Path) -> None:
    write(tmp_path, {"compose.yaml": "services:\n  a:\n    image: x\n"})
    with fs.recording() as notes:
        load(tmp_path)
    (tmp_path / "compose.override.yaml").write_text("services:\n  a:\n    image: y\n")
    (tmp_path / "compose.yaml").write_text("services:\n  a:\n    image: z\n")
    changed = {(q, p) for q, p, a in notes if fs.answer(q, p) != a}
    assert ("read", str(tmp_path / "compose.yaml")) in changed
    assert ("isfile", str(tmp_path / "compose.override.yaml")) in changed


def test_nothing_is_noted_outside_recording(tmp_path: Path) -> None:
    write(tmp_path, {"compose.yaml": "services:\n  a:\n    image: x\n"})
    with fs.recording() as notes:
        pass
    load(tmp_path)
    assert notes == []
    assert fs.answer("read", str(tmp_path / "missing.yaml")) == "!FileNotFoundError"


def test_a_missing_optional_env_file_is_an_answer_too(tmp_path: Path) -> None:
    write(tmp_path, {"compose.yaml": "services:\n  a:\n    image: x\n    env_file: [{path: opt.env, required: false}]\n"})
    with fs.recording() as notes:
        load(tmp_path)
    assert ("read", str(tmp_path / "opt.env"), "!FileNotFoundError") in notes
    (tmp_path / "opt.env").write_text("K=v\n")
    assert fs.answer("read", str(tmp_path / "opt.env")) != "!FileNotFoundError"
