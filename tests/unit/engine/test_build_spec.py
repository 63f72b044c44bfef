"""build_spec (model -> classic /build request), the BuildKit-only refusals, the build stream, auth."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from compose.engine._auth import load_credentials, registry_of
from compose.engine._images import image_info, split_ref
from compose.engine.build import BuildLog
from compose.errors import BuildError, PlanError
from compose.model import Project, build_project
from compose.plan.buildspec import BUILDKIT_ONLY, BuildSpec, build_spec

NO_BUILDX = {"HOME": "/nonexistent", "PATH": "/nonexistent"}


def project(build: dict[str, Any], *, image: str | None = None, environment: dict[str, str] | None = None,
            **service: Any) -> Project:
    svc: dict[str, Any] = {"build": {"context": "/ctx", "dockerfile": "Dockerfile", **build}, **service}
    if image:
        svc["image"] = image
    return build_project({"name": "p", "services": {"web": svc}}, working_dir="/w",
                         config_files=["/w/compose.yaml"], environment=environment or {})


def spec(p: Project, **kwargs: Any) -> BuildSpec:
    return build_spec(p, p.services["web"], env=NO_BUILDX, **kwargs)


def test_every_classic_key_reaches_the_query() -> None:
    p = project({
        "args": {"A": "1", "FROM_ENV": None, "UNSET": None}, "target": "dev", "labels": {"l": "v"},
        "cache_from": ["reg/cache:1"], "network": "host", "shm_size": "64m", "extra_hosts": ["h=1.2.3.4"],
        "tags": ["reg/web:1", "p-web"], "no_cache": True, "pull": True, "isolation": "default",
        "ulimits": {"nofile": {"soft": 10, "hard": 20}},
    }, environment={"FROM_ENV": "e"})
    params = spec(p).params()
    assert params == [
        ("t", "p-web"), ("t", "reg/web:1"), ("rm", "1"), ("forcerm", "1"), ("dockerfile", "Dockerfile"),
        ("nocache", "1"), ("pull", "1"),
        ("buildargs", '{"A": "1", "FROM_ENV": "e"}'), ("labels", '{"l": "v"}'),
        ("cachefrom", '["reg/cache:1"]'), ("ulimits", '[{"Name": "nofile", "Soft": 10, "Hard": 20}]'),
        ("target", "dev"), ("networkmode", "host"), ("isolation", "default"), ("shmsize", "67108864"),
        ("extrahosts", "h:1.2.3.4"),
    ]


def test_image_name_defaults_to_project_dash_service_and_image_wins() -> None:
    assert spec(project({})).tags == ("p-web",)
    assert spec(project({}, image="reg:5000/team/web:2")).tags == ("reg:5000/team/web:2",)


def test_command_line_build_args_override_and_take_unset_values_from_the_environment() -> None:
    p = project({"args": {"A": "file", "B": "file"}}, environment={"C": "env"})
    assert spec(p, build_args={"A": "cli", "C": None, "D": None}).args == {"A": "cli", "B": "file", "C": "env"}


def test_flags_of_the_command_line_add_to_the_file() -> None:
    s = spec(project({}), no_cache=True, pull=True, quiet=True)
    assert ("nocache", "1") in s.params() and ("pull", "1") in s.params() and ("q", "1") in s.params()


def test_one_platform_is_sent_several_need_buildkit() -> None:
    assert ("platform", "linux/amd64") in spec(project({"platforms": ["linux/amd64"]})).params()
    with pytest.raises(PlanError, match="multi-platform builds"):
        spec(project({"platforms": ["linux/amd64", "linux/arm64"]}))


@pytest.mark.parametrize(
    ("build", "feature"),
    [
        ({"secrets": ["token"]}, "build secrets"),
        ({"ssh": ["default"]}, "SSH agent forwarding"),
        ({"additional_contexts": {"lib": "../lib"}}, "additional build contexts"),
        ({"cache_to": ["type=local,dest=/tmp/c"]}, "cache export"),
        ({"privileged": True}, "privileged builds"),
        ({"entitlements": ["network.host"]}, "build entitlements"),
        ({"provenance": "mode=max"}, "provenance attestations"),
        ({"sbom": "true"}, "SBOM attestations"),
    ],
)
def test_buildkit_only_keys_fail_naming_the_feature_and_the_service(build: dict[str, Any], feature: str) -> None:
    top: dict[str, Any] = {}
    if "secrets" in build:
        top["secrets"] = {"token": {"file": "/w/token"}}
    data = {"name": "p", "services": {"web": {"build": {"context": "/ctx", **build}}}, **top}
    p = build_project(data, working_dir="/w", config_files=["/w/compose.yaml"])
    with pytest.raises(PlanError) as raised:
        spec(p)
    key = next(iter(build))
    assert raised.value.path == f"services.web.build.{key}"
    text = str(raised.value)
    assert feature in text and "'web'" in text and "only BuildKit" in text
    assert "no BuildKit builder was found" in text


def test_provenance_false_is_what_the_classic_builder_does_anyway() -> None:
    assert spec(project({"provenance": "false", "sbom": "false"})).tags == ("p-web",)


def test_every_buildkit_only_key_is_a_build_attribute() -> None:
    from compose.model.build import BuildConfig

    assert set(BUILDKIT_ONLY) <= set(BuildConfig.__dataclass_fields__)


def test_a_found_buildx_plugin_is_named_in_the_error(tmp_path: Path) -> None:
    plugins = tmp_path / "cli-plugins"
    plugins.mkdir()
    (plugins / "docker-buildx").write_text("#!/bin/sh\n")
    (plugins / "docker-buildx").chmod(0o755)
    p = project({"ssh": ["default"]})
    with pytest.raises(PlanError, match="a buildx plugin exists"):
        build_spec(p, p.services["web"], env={"DOCKER_CONFIG": str(tmp_path), "PATH": "/nonexistent"})


def test_remote_context_is_sent_as_remote() -> None:
    s = spec(project({"context": "https://github.com/org/repo.git#main"}))
    assert s.remote and ("remote", "https://github.com/org/repo.git#main") in s.params()


def test_build_log_lines_image_id_and_the_failing_step() -> None:
    log = BuildLog("web")
    assert log.feed({"stream": "Step 1/2 : FROM base\n ---> abc\nStep 2/2 : RUN make"}) == [
        "Step 1/2 : FROM base", " ---> abc"]
    assert log.feed({"stream": "\n"}) == ["Step 2/2 : RUN make"]
    assert log.feed({"stream": " ---> Running in 123\ncc: error\n"}) == [" ---> Running in 123", "cc: error"]
    with pytest.raises(BuildError) as raised:
        log.feed({"errorDetail": {"code": 2, "message": "The command '/bin/sh -c make' returned a non-zero code: 2"},
                  "error": "ignored"})
    error = raised.value
    assert error.service == "web" and error.step == "Step 2/2 : RUN make"
    assert error.output == (" ---> Running in 123", "cc: error")
    assert str(error).splitlines() == [
        "service 'web' failed to build: The command '/bin/sh -c make' returned a non-zero code: 2",
        "Step 2/2 : RUN make", " ---> Running in 123", "cc: error"]


def test_build_log_reads_the_image_id_and_pull_status() -> None:
    log = BuildLog("web")
    log.feed({"aux": {"ID": "sha256:" + "1" * 64}})
    assert log.image_id == "sha256:" + "1" * 64
    assert log.feed({"status": "Downloading", "id": "abc", "progress": "[=>  ]"}) == ["abc: Downloading [=>  ]"]


def test_image_info_times() -> None:
    info = image_info({"Id": "sha256:x", "RepoTags": ["a:1"], "RepoDigests": ["a@sha256:y"],
                       "Metadata": {"LastTagTime": "2026-11-28T07:15:32.108269801Z"}, "Config": {"Labels": None}})
    assert info.last_tag_time == pytest.approx(1795850132.108, abs=0.01)
    assert info.tags == ("a:1",) and info.digests == ("a@sha256:y",) and dict(info.labels) == {}
    assert image_info({"Id": "x", "Metadata": {"LastTagTime": "0001-01-01T00:00:00Z"}}).last_tag_time == 0.0


@pytest.mark.parametrize(
    ("ref", "registry", "split"),
    [
        ("busybox", "docker.io", ("busybox", "latest")),
        ("org/app:1", "docker.io", ("org/app", "1")),
        ("localhost:5000/app", "localhost:5000", ("localhost:5000/app", "latest")),
        ("127.0.0.1:5000/a/b:2", "127.0.0.1:5000", ("127.0.0.1:5000/a/b", "2")),
        ("ghcr.io/o/r@sha256:abc", "ghcr.io", ("ghcr.io/o/r@sha256:abc", None)),
    ],
)
def test_references(ref: str, registry: str, split: tuple[str, str | None]) -> None:
    assert registry_of(ref) == registry
    assert split_ref(ref) == split


def test_credentials_come_from_the_config_file_docker_config_names(tmp_path: Path) -> None:
    token = base64.b64encode(b"user:pass").decode()
    (tmp_path / "config.json").write_text(json.dumps({"auths": {
        "127.0.0.1:5000": {"auth": token}, "https://index.docker.io/v1/": {"auth": token}}}))
    creds = load_credentials({"DOCKER_CONFIG": str(tmp_path)})
    found = creds.for_image("127.0.0.1:5000/app:1")
    assert found is not None and (found["username"], found["password"]) == ("user", "pass")
    hub = creds.for_image("library/busybox")
    assert hub is not None and hub["username"] == "user"
    assert creds.for_image("other.example:5000/app") is None
    assert set(creds.all()) == {"127.0.0.1:5000", "https://index.docker.io/v1/"}


def test_no_config_file_means_no_credentials(tmp_path: Path) -> None:
    creds = load_credentials({"DOCKER_CONFIG": str(tmp_path)})
    assert creds.for_image("127.0.0.1:5000/app") is None and creds.all() == {}


def test_credential_helpers_are_asked_as_the_docker_cli_does(tmp_path: Path) -> None:
    helper = tmp_path / "docker-credential-h6test"
    helper.write_text(
        "#!/bin/sh\n"
        'read server\n'
        'case "$1:$server" in\n'
        '  get:reg.example:5000) echo \'{"ServerURL":"reg.example:5000","Username":"bob","Secret":"pw"}\' ;;\n'
        '  get:https://index.docker.io/v1/) echo \'{"ServerURL":"x","Username":"<token>","Secret":"tok"}\' ;;\n'
        '  list:*) echo \'{"https://index.docker.io/v1/":"<token>"}\' ;;\n'
        '  *) echo "credentials not found in native keychain"; exit 1 ;;\n'
        "esac\n")
    helper.chmod(0o755)
    (tmp_path / "config.json").write_text(json.dumps(
        {"credsStore": "h6test", "credHelpers": {"reg.example:5000": "h6test"}, "auths": {}}))
    creds = load_credentials({"DOCKER_CONFIG": str(tmp_path), "PATH": f"{tmp_path}:/usr/bin:/bin"})
    assert creds.for_image("reg.example:5000/app") == {
        "username": "bob", "password": "pw", "serveraddress": "reg.example:5000"}
    assert creds.for_image("busybox") == {"identitytoken": "tok", "serveraddress": "https://index.docker.io/v1/"}
    assert creds.for_image("other.example/app") is None
    assert set(creds.all()) == {"https://index.docker.io/v1/", "reg.example:5000"}


def test_a_missing_credential_helper_is_an_engine_error(tmp_path: Path) -> None:
    from compose.errors import EngineError

    (tmp_path / "config.json").write_text(json.dumps({"credsStore": "nonexistent-h6"}))
    creds = load_credentials({"DOCKER_CONFIG": str(tmp_path), "PATH": str(tmp_path)})
    with pytest.raises(EngineError, match="docker-credential-nonexistent-h6"):
        creds.for_image("busybox")


def test_stream_messages_survive_any_split() -> None:
    from compose.engine._images import messages

    data = '{"stream":"caf\u00e9\\n"}{"aux":{"ID":"sha256:1"}}\r\n{"status":"x"}'.encode()
    for cut in range(1, len(data)):
        assert list(messages([data[:cut], data[cut:]])) == [
            {"stream": "caf\u00e9\n"}, {"aux": {"ID": "sha256:1"}}, {"status": "x"}]
