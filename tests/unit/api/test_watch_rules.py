"""The pure parts of watch: rules (checks, ignore/include, host -> container paths), the debouncer
(with an injected clock), the batch's archive and deletes, what it says."""

from __future__ import annotations

import io
import os
import tarfile
from pathlib import Path

import pytest

from compose._record import replace
from compose.api.watch.archive import build_archive, split_changes
from compose.api.watch.batch import Debouncer
from compose.api.watch.rules import Mapping_, WatchConfigError, compile_rules, container_path
from compose.api.watch.session import watch_roots
from compose.model.build import BuildConfig, Develop, Watch
from compose.model.frozen import FrozenMap
from compose.model.parts import Hook
from compose.model.project import Project
from compose.model.service import Service
from compose.present.watch import go_list, restarted, syncing


def _project(tmp: Path, *services: Service) -> Project:
    return Project(name="p", working_dir=str(tmp), services=FrozenMap((s.name, s) for s in services))


def _svc(name: str, *rules: Watch, build: str | None = None) -> Service:
    return Service(name=name, image="img", build=BuildConfig(context=build) if build else None,
                   develop=Develop(watch=rules))


# -- rules ------------------------------------------------------------------------------------

def test_container_path_maps_below_the_target() -> None:
    assert container_path("/app", ".") == "/app"
    assert container_path("/app/", "a/b.txt") == "/app/a/b.txt"
    assert container_path("/app", "x/../y") == "/app/y"


def test_match_maps_host_paths_and_leaves_others(tmp_path: Path) -> None:
    src = tmp_path / "src"
    [rule] = compile_rules(_project(tmp_path, _svc("web", Watch(path=str(src), action="sync", target="/app"))))
    assert rule.match(str(src / "a" / "b.txt")) == Mapping_(str(src / "a" / "b.txt"), "/app/a/b.txt")
    assert rule.match(str(src)) == Mapping_(str(src), "/app")
    assert rule.match(str(tmp_path / "srcx" / "a")) is None  # a sibling with the same prefix
    assert rule.match(str(tmp_path / "other.txt")) is None


def test_ignore_patterns_are_relative_to_the_path_with_docker_rules(tmp_path: Path) -> None:
    src = tmp_path / "src"
    rule = compile_rules(_project(tmp_path, _svc("web", Watch(path=str(src), action="sync", target="/app",
                                                              ignore=("*.tmp", "build/", "**/*.log",
                                                                      "!keep.tmp")))))[0]
    assert rule.match(str(src / "x.tmp")) is None
    assert rule.match(str(src / "keep.tmp")) is not None  # an exception
    assert rule.match(str(src / "sub" / "x.tmp")) is not None  # * stays within one element
    assert rule.match(str(src / "build" / "out" / "o")) is None  # below an ignored directory
    assert rule.match(str(src / "a" / "b" / "c.log")) is None
    assert rule.match(str(src / "a.txt")) is not None


def test_editor_files_and_git_are_ignored(tmp_path: Path) -> None:
    rule = compile_rules(_project(tmp_path, _svc("web", Watch(path=str(tmp_path), action="sync", target="/a"))))[0]
    for name in (".a.txt.swp", "a.txt~", "4913", ".#a", "#a#", ".git/HEAD", "sub/.git/objects/x",
                 ".idea/workspace.xml"):
        assert rule.match(str(tmp_path / name)) is None, name
    assert rule.match(str(tmp_path / "gitfile")) is not None


def test_include_selects_and_ignore_still_wins(tmp_path: Path) -> None:
    rule = compile_rules(_project(tmp_path, _svc("web", Watch(path=str(tmp_path), action="rebuild",
                                                              include=("*.go", "pkg/"), ignore=("bad.go",)),
                                                 build=str(tmp_path))))[0]
    assert rule.match(str(tmp_path / "main.go")) is not None
    assert rule.match(str(tmp_path / "pkg" / "x" / "y.txt")) is not None
    assert rule.match(str(tmp_path / "README.md")) is None
    assert rule.match(str(tmp_path / "bad.go")) is None


def test_dockerignore_of_the_build_context(tmp_path: Path) -> None:
    (tmp_path / ".dockerignore").write_text("# comment\nnode_modules\n*.secret\n")
    (tmp_path / "Dockerfile.dockerignore").write_text("only_this\n")
    svc = _svc("web", Watch(path=str(tmp_path / "app"), action="sync", target="/app"), build=str(tmp_path))
    rule = compile_rules(_project(tmp_path, svc))[0]
    assert rule.match(str(tmp_path / "app" / "x")) is not None
    (tmp_path / "Dockerfile.dockerignore").unlink()
    patterns = {str(tmp_path): ["app/node_modules", "app/*.secret"]}
    rule = compile_rules(_project(tmp_path, svc), read_ignore=patterns)[0]
    assert rule.match(str(tmp_path / "app" / "node_modules" / "m" / "i.js")) is None
    assert rule.match(str(tmp_path / "app" / "k.secret")) is None
    assert rule.match(str(tmp_path / "app" / "k.txt")) is not None


def test_dockerfile_specific_ignore_wins(tmp_path: Path) -> None:
    (tmp_path / ".dockerignore").write_text("app/a\n")
    (tmp_path / "Dockerfile.dockerignore").write_text("app/b\n")
    svc = _svc("web", Watch(path=str(tmp_path / "app"), action="sync", target="/app"), build=str(tmp_path))
    rule = compile_rules(_project(tmp_path, svc))[0]
    assert rule.match(str(tmp_path / "app" / "b")) is None
    assert rule.match(str(tmp_path / "app" / "a")) is not None


@pytest.mark.parametrize(("service", "message"), [
    (_svc("web", Watch(path="/x", action="rebuild")), 'can\'t watch service "web" with action rebuild without'),
    (_svc("web", Watch(path="/x", action="sync", target="rel")), "must be an absolute path"),
    (_svc("web", Watch(path="/x", action="sync+restart")), "target is required"),
    (_svc("web", Watch(path="/x", action="sync+exec", target="/a")), "without a command"),
    (_svc("web", Watch(path="/x", action="sync+exec", target="/a", exec=Hook(command=())) ), "without a command"),
    (Service(name="web", image="i"), "none of the selected services is configured for watch"),
])
def test_bad_configuration(tmp_path: Path, service: Service, message: str) -> None:
    with pytest.raises(WatchConfigError, match=message.replace("(", r"\(")):
        compile_rules(_project(tmp_path, service))


def test_named_services(tmp_path: Path) -> None:
    project = _project(tmp_path, Service(name="web", image="i"), _svc("db", Watch(path="/x", action="restart")))
    with pytest.raises(WatchConfigError, match=r'service "web" has no develop\.watch'):
        compile_rules(project, ["web"])
    with pytest.raises(WatchConfigError, match="no such service: nope"):
        compile_rules(project, ["nope"])
    assert [r.service for r in compile_rules(project, ["db"])] == ["db"]
    assert [r.service for r in compile_rules(project)] == ["db"]  # all: those that have one


def test_watch_roots(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "f.txt").write_text("")
    project = _project(tmp_path, _svc("web",
                                      Watch(path=str(tmp_path / "a"), action="restart"),
                                      Watch(path=str(tmp_path / "a" / "b"), action="restart"),
                                      Watch(path=str(tmp_path / "missing" / "x"), action="restart")),
                       _svc("db", Watch(path=str(tmp_path / "f.txt"), action="restart")))
    assert watch_roots(compile_rules(project)) == [str(tmp_path)]
    project = _project(tmp_path, _svc("web", Watch(path=str(tmp_path / "a" / "b"), action="restart"),
                                      Watch(path=str(tmp_path / "a"), action="restart")))
    assert watch_roots(compile_rules(project)) == [str(tmp_path / "a")]


# -- the debouncer ----------------------------------------------------------------------------

def test_a_burst_is_one_batch_after_the_quiet_period() -> None:
    d = Debouncer(quiet=0.5, max_wait=10)
    assert d.due(0.0) is None and d.deadline() is None
    d.add(["a"], 1.0)
    d.add(["b", "a"], 1.3)
    d.add(["c"], 1.6)
    assert d.deadline() == pytest.approx(2.1)
    assert d.due(2.0) is None
    assert d.due(2.1) == ["a", "b", "c"]
    assert d.due(5.0) is None and not d.pending


def test_a_stream_that_never_pauses_is_flushed_at_max_wait() -> None:
    d = Debouncer(quiet=0.5, max_wait=2.0)
    t = 0.0
    batches = []
    while t < 5.0:
        d.add([f"f{t:.1f}"], t)
        batch = d.due(t)
        if batch:
            batches.append(batch)
        t += 0.1
    assert len(batches) == 2 and len(batches[0]) == 21


def test_nothing_added_changes_nothing() -> None:
    d = Debouncer()
    d.add([], 1.0)
    assert not d.pending


# -- archive and deletes ----------------------------------------------------------------------

def test_split_changes_archives_what_exists_and_deletes_what_is_gone(tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "new" / "deep").mkdir(parents=True)
    (src / "new" / "deep" / "f.txt").write_text("f")
    (src / "new" / "skip.tmp").write_text("no")
    (src / "a.txt").write_text("a")
    rule = compile_rules(_project(tmp_path, _svc("web", Watch(path=str(src), action="sync", target="/app",
                                                              ignore=("**/*.tmp",)))))[0]
    mappings = [rule.match(str(p)) for p in (src / "a.txt", src / "new", src / "gone", src / "gone" / "x")]
    changes = split_changes([m for m in mappings if m], rule.match)
    assert changes.delete == ("/app/gone",)  # what lies below a deleted path is not deleted again
    names = [name for _host, name in changes.copy]
    assert names == ["app/a.txt", "app/new/deep/f.txt"]  # implied directories left out, ignored skipped
    with tarfile.open(fileobj=io.BytesIO(build_archive(changes.copy))) as tar:
        members = {m.name: m for m in tar.getmembers()}
        assert set(members) == {"app/a.txt", "app/new/deep/f.txt"}
        extracted = tar.extractfile("app/a.txt")
        assert extracted is not None and extracted.read() == b"a"
        assert members["app/a.txt"].uid == os.getuid()


def test_an_empty_new_directory_is_archived(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    rule = compile_rules(_project(tmp_path, _svc("web", Watch(path=str(tmp_path), action="sync", target="/d"))))[0]
    m = rule.match(str(tmp_path / "empty"))
    assert m is not None
    changes = split_changes([m], rule.match)
    with tarfile.open(fileobj=io.BytesIO(build_archive(changes.copy))) as tar:
        [member] = tar.getmembers()
        assert member.name == "d/empty" and member.isdir()


def test_symlinks_are_archived_as_links(tmp_path: Path) -> None:
    (tmp_path / "link").symlink_to("target-elsewhere")
    rule = compile_rules(_project(tmp_path, _svc("web", Watch(path=str(tmp_path), action="sync", target="/d"))))[0]
    changes = split_changes([rule.match(str(tmp_path / "link"))], rule.match)  # type: ignore[list-item]
    with tarfile.open(fileobj=io.BytesIO(build_archive(changes.copy))) as tar:
        [member] = tar.getmembers()
        assert member.issym() and member.linkname == "target-elsewhere"


def test_words_as_v2() -> None:
    assert syncing("web", 3) == 'Syncing service "web" after 3 changes were detected'
    assert restarted(("a", "b")) == 'service(s) ["a" "b"] restarted'
    assert go_list(()) == "[]"


def test_a_rule_is_a_record(tmp_path: Path) -> None:
    rule = compile_rules(_project(tmp_path, _svc("web", Watch(path=str(tmp_path), action="restart"))))[0]
    assert replace(rule, action="sync").action == "sync"
