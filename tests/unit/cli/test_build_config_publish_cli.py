"""The command lines of ``build`` (--builder, --check, -m, --print, --provenance, --sbom, --ssh),
``config`` (--models, --lock-image-digests), ``publish`` and ``bridge``: what they take, print and refuse
without an engine (the engine's side: tests/integration/test_build_config_flags.py)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from compose.cli.commands.build import accepted_builders, check_builder, memory_bytes
from compose.cli.main import main
from compose.errors import ComposeError

NO_ENGINE = "unix:///nonexistent/docker.sock"
DIGEST = "sha256:" + "a" * 64


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DOCKER_HOST", NO_ENGINE)
    monkeypatch.delenv("BUILDX_BUILDER", raising=False)
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    write(tmp_path, """\
        services:
          app:
            build: .
          web:
            image: reg.example.com/web@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
            models: [llm]
        models:
          llm:
            model: ai/smollm2
          unused:
            model: ai/other
        """)
    return tmp_path


def write(directory: Path, text: str) -> None:
    (directory / "compose.yaml").write_text(textwrap.dedent(text))


@pytest.mark.parametrize(("text", "size"), [("0", 0), ("1024", 1024), ("64m", 64 << 20), ("1g", 1 << 30),
                                            ("1.5GiB", 3 << 29), ("512kb", 512 << 10)])
def test_memory_bytes(text: str, size: int) -> None:
    assert memory_bytes(text) == size


@pytest.mark.parametrize("text", ["-1", "1x", "", "m"])
def test_memory_bytes_refuses_what_is_no_size(text: str) -> None:
    with pytest.raises(Exception, match="invalid size"):
        memory_bytes(text)


def test_builders(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path)}
    assert accepted_builders(env) == ("default",)
    assert accepted_builders({**env, "DOCKER_CONTEXT": "remote"}) == ("default", "remote")
    assert accepted_builders({**env, "DOCKER_CONTEXT": "remote", "DOCKER_HOST": "tcp://x:1"}) == ("default",)
    check_builder("default", env)
    check_builder(None, env)
    with pytest.raises(ComposeError, match=r"--builder 'mybuilder': no such builder for pycompose"):
        check_builder("mybuilder", env)
    with pytest.raises(ComposeError, match=r"BUILDX_BUILDER 'x'"):
        check_builder(None, {**env, "BUILDX_BUILDER": "x"})


def test_print_is_the_bake_file_and_builds_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--print", "--ssh", "default", "-m", "64m"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["group"] == {"default": {"targets": ["app"]}}
    assert data["target"]["app"]["ssh"] == ["default="]
    assert data["target"]["app"]["dockerfile"] == str(project.resolve() / "Dockerfile")
    assert "--memory: not part of the bake file" in captured.err


@pytest.mark.parametrize(("argv", "message"), [
    (["--provenance=true"], "--provenance=true: attestations are written by BuildKit"),
    (["--sbom", "mode=max"], "--sbom=mode=max: attestations"),
    (["--check"], "--check runs the Dockerfile frontend's lint rules"),
    (["--ssh", "default"], "--ssh default: forwarding an SSH agent or keys into a build (for service(s) app)"),
    (["--builder", "other"], "--builder 'other': no such builder"),
])
def test_refusals_name_the_reason(project: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
                                  message: str) -> None:
    assert main(["build", *argv]) == 1
    assert message in capsys.readouterr().err


def test_false_attestations_and_the_default_builder_are_accepted(project: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--dry-run", "build", "--provenance=false", "--sbom", "0", "--builder", "default",
                 "-m", "64m"]) == 0
    assert "memory=67108864" in capsys.readouterr().out


def test_ssh_without_a_path_is_refused_as_v2_does(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--ssh", "bogus"]) == 2
    assert "invalid ssh key 'bogus'" in capsys.readouterr().err


def test_config_models_lists_the_used_models(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "--models"]) == 0
    assert capsys.readouterr().out == "ai/smollm2\n"


def test_lock_image_digests_of_pinned_images_needs_no_registry(project: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "--lock-image-digests"]) == 0
    assert capsys.readouterr().out == f"services:\n  app: {{}}\n  web:\n    image: reg.example.com/web@{DIGEST}\n"
    assert main(["config", "--lock-image-digests", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "name": "", "services": {"app": {"command": None, "entrypoint": None},
                                 "web": {"command": None, "entrypoint": None, "image": f"reg.example.com/web@{DIGEST}"}}}


def test_publish_refusals(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["publish", "--oci-version", "2", "reg.example.com/app"]) == 2
    assert "unsupported OCI version: 2" in capsys.readouterr().err
    assert main(["publish", "-y", "reg.example.com/app:1"]) == 1
    assert 'only contains a build section for service(s):\n- "app"' in capsys.readouterr().err
    write(project, """\
        services:
          web:
            image: reg.example.com/web
            environment: [A=1]
        """)
    assert main(["publish", "reg.example.com/app:1"]) == 1
    err = capsys.readouterr().err
    assert 'service "web" has environment variable(s) declared.' in err and "--with-env" in err
    (project / "other.yaml").write_text("services: {}\n")
    write(project, "include: [other.yaml]\nservices:\n  web:\n    image: x\n")
    assert main(["publish", "reg.example.com/app:1"]) == 1
    assert "cannot publish compose file with local includes" in capsys.readouterr().err


def test_publish_dry_run_checks_and_pushes_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "services:\n  web:\n    image: reg.example.com/web\n")
    assert main(["--dry-run", "--progress", "plain", "publish", "reg.example.com/app:1"]) == 0
    assert "reg.example.com/app:1  published" in capsys.readouterr().err


def test_publish_asks_about_bind_mounts(project: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    write(project, "services:\n  web:\n    image: reg.example.com/web\n    volumes: [/etc:/host-etc:ro]\n")
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    assert main(["--dry-run", "publish", "reg.example.com/app:1"]) == 0
    captured = capsys.readouterr()
    assert "you are about to publish bind mounts declaration" in captured.out
    assert "web\n/etc:/host-etc:ro\nAre you ok to publish these bind mount declarations?" in captured.out
    assert "published" not in captured.err


def test_bridge_needs_its_command(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bridge"]) == 2
    assert "a command is required: convert" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["bridge", "convert", "--help"])
    out = capsys.readouterr().out
    for flag in ("-o DIR, --output DIR", "--templates DIR", "-t IMAGE, --transformation IMAGE", "--dry-run"):
        assert flag in out
