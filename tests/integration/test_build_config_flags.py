"""build's --memory, --print, --builder, --check, --ssh, --provenance/--sbom; config's --models,
--resolve-image-digests, --lock-image-digests; publish; bridge convert: on the engine, against a real
registry with a password (tests/integration/registry.py), next to Docker Compose v2 (the oracle).

What pycompose refuses (--check, --ssh, attestations) is checked for its reason; where both tools do the
work, their outputs are compared (the bake file, the pinned images, the published artifact, which v2 reads
back with ``-f oci://``).
"""

from __future__ import annotations

import base64
import json
import urllib.request
from typing import Any

import pytest
import yaml
from registry import PASSWORD, USER, ImageCleanup, Registry, image_cleanup_fixture, registry_fixture  # noqa: F401
from stack_support import BASE

pytestmark = pytest.mark.oracle

MEMORY_PROBE = "cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes"


@pytest.fixture
def shipped(stack: Any, registry: Registry, image_cleanup: ImageCleanup) -> Any:
    """A stack with the registry's credentials (DOCKER_CONFIG), its images removed afterwards; v2 may
    use the plain-HTTP test registry (its __TEST__INSECURE__REGISTRY__)."""
    image_cleanup.add(f"{registry.host}/{stack.name}")
    image_cleanup.add(stack.name)
    stack.env["DOCKER_CONFIG"] = registry.docker_config
    stack.env["__TEST__INSECURE__REGISTRY__"] = "1"
    return stack


def _push(stack: Any, registry: Registry, repository: str, tag: str = "v1") -> str:
    """``BASE`` tagged and pushed as ``repository:tag``; the registry's manifest digest."""
    ref = registry.ref(repository, tag)
    stack.client.images.get(BASE).tag(ref)
    stack.client.images.push(ref, auth_config={"username": USER, "password": PASSWORD})
    return _manifest_digest(registry, repository, tag)


def _get(registry: Registry, path: str, accept: str = "") -> tuple[bytes, dict[str, str]]:
    request = urllib.request.Request(f"http://{registry.host}{path}")
    request.add_header("Authorization", "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode())
    if accept:
        request.add_header("Accept", accept)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read(), {k.lower(): v for k, v in response.headers.items()}


def _manifest_digest(registry: Registry, repository: str, tag: str) -> str:
    accept = "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json"
    _, headers = _get(registry, f"/v2/{repository}/manifests/{tag}", accept)
    return headers["docker-content-digest"]


def _artifact(registry: Registry, repository: str, tag: str) -> dict[str, Any]:
    body, _ = _get(registry, f"/v2/{repository}/manifests/{tag}", "application/vnd.oci.image.manifest.v1+json")
    manifest: dict[str, Any] = json.loads(body)
    manifest["annotations"].pop("org.opencontainers.image.created")  # the only part that depends on the clock
    return manifest


# -- build ------------------------------------------------------------------------------------


@pytest.fixture
def building(stack: Any, image_cleanup: ImageCleanup) -> Any:
    """A stack whose built images (``<project>-<service>``) are removed afterwards."""
    image_cleanup.add(stack.name)
    return stack


def test_memory_limits_the_classic_builders_steps(building: Any, image_cleanup: ImageCleanup) -> None:
    stack = building

    def built() -> None:  # each rebuild untags the previous image: it is removed too
        image_cleanup.add_id(stack.client.images.get(f"{stack.name}-app").id)

    stack.write(f"""
        services:
          app:
            build:
              context: .
              dockerfile_inline: |
                FROM {BASE}
                RUN {MEMORY_PROBE}
    """)
    limited = stack.run("--progress", "plain", "build", "--no-cache", "-m", "64m")
    built()
    assert "67108864" in limited.stderr + limited.stdout
    unlimited = stack.run("--progress", "plain", "build", "--no-cache")
    built()
    assert "67108864" not in unlimited.stderr + unlimited.stdout
    too_small = stack.run("build", "--no-cache", "--memory", "1k", check=False)
    assert too_small.returncode == 1 and "Minimum memory limit allowed is 6MB" in too_small.stderr
    # v2 builds with BuildKit here, which has no such limit: it says so and builds without it
    theirs = stack.run("--progress", "plain", "build", "--no-cache", "-m", "64m", tool="v2")
    built()
    assert "--memory is not supported by BuildKit and will be ignored" in theirs.stderr + theirs.stdout


def test_print_is_v2s_bake_file(building: Any) -> None:
    stack = building
    (stack.directory / "sub").mkdir()
    (stack.directory / "sub" / "Dfile").write_text(f"FROM {BASE}\n")
    (stack.directory / "secret.txt").write_text("s\n")
    stack.write(f"""
        services:
          app:
            build:
              context: .
              dockerfile_inline: |
                FROM {BASE}
                RUN echo $${{X}} '<&>'
              args: [A=1, "B=${{HOME}}"]
              labels: {{x: y}}
              target: base
              secrets: [s1]
              ssh: ["k=/tmp/key", default]
              ulimits: {{nproc: 5, nofile: {{soft: 10, hard: 20}}}}
              additional_contexts: {{other: "service:other"}}
            depends_on: [other]
          other:
            image: reg.example.com/other:1
            build:
              context: ./sub
              dockerfile: Dfile
              tags: [reg.example.com/other:extra]
              cache_from: [reg.example.com/cache]
              network: host
              shm_size: 64m
              extra_hosts: ["h=1.2.3.4", "h=::1"]
              platforms: [linux/amd64, linux/arm64]
          web:
            image: {BASE}
        secrets:
          s1:
            file: ./secret.txt
    """)
    for args in ([], ["app"], ["web"], ["--with-dependencies", "--push", "--no-cache", "--pull", "web"],
                 ["--check", "--ssh", "id=/k", "--build-arg", "C=3", "other"]):
        ours = stack.run("build", "--print", *args)
        theirs = stack.run("build", "--print", *args, tool="v2")
        if not theirs.stdout.strip():
            assert not ours.stdout.strip(), args
            continue
        mine, v2 = json.loads(ours.stdout), json.loads(theirs.stdout)
        for data in (mine, v2):  # v2 lists the group, ulimits and ssh from Go maps: in any order
            data["group"]["default"]["targets"].sort()
            for target in data["target"].values():
                target.get("ulimits", []).sort()
                target.get("ssh", []).sort()
        assert mine == v2, args
    assert not stack.client.images.list(name=f"{stack.name}-app")  # --print builds nothing


def test_builder_check_ssh_and_attestations(building: Any) -> None:
    stack = building
    stack.write(f"""
        services:
          app:
            build:
              context: .
              dockerfile_inline: "FROM {BASE}"
    """)
    assert stack.run("build", "--builder", "default").returncode == 0
    for tool in ("pycompose", "v2"):
        other = stack.run("build", "--builder", "nosuchbuilder", check=False, tool=tool)
        assert other.returncode != 0 and "nosuchbuilder" in other.stderr, tool
    check = stack.run("build", "--check", check=False)
    assert check.returncode == 1
    assert "lint" in check.stderr and "BuildKit" in check.stderr and "Docker Engine 20.10" in check.stderr
    ssh = stack.run("build", "--ssh", "default", check=False)
    assert ssh.returncode == 1 and "needs a BuildKit session" in ssh.stderr and "app" in ssh.stderr
    for flag in ("--provenance=true", "--sbom=true", "--provenance=mode=max"):
        refused = stack.run("build", flag, check=False)
        assert refused.returncode == 1 and "attestations" in refused.stderr, flag
        # v2 cannot either, on this engine (its docker driver)
        theirs = stack.run("build", flag, check=False, tool="v2")
        assert theirs.returncode != 0 and "Attestation is not supported" in theirs.stderr, flag
    assert stack.run("build", "--provenance=false", "--sbom", "false").returncode == 0


# -- config -----------------------------------------------------------------------------------


def test_resolve_and_lock_image_digests_match_v2(shipped: Any, registry: Registry) -> None:
    repo = f"{shipped.name}/bb"
    digest = _push(shipped, registry, repo, "v1")
    _push(shipped, registry, repo, "latest")
    shipped.write(f"""
        services:
          tagged:
            image: {registry.host}/{repo}:v1
            environment: [X=1]
          untagged:
            image: {registry.host}/{repo}
          pinned:
            image: {registry.host}/{repo}@{digest}
          built:
            build: .
    """)
    for args in (["--resolve-image-digests"], ["--resolve-image-digests", "--format", "json"],
                 ["--lock-image-digests"], ["--lock-image-digests", "--format", "json"],
                 ["--lock-image-digests", "--no-interpolate"]):
        ours = shipped.run("config", *args)
        theirs = shipped.run("config", *args, tool="v2")
        assert ours.stdout == theirs.stdout, args
    assert f"image: {registry.host}/{repo}:latest@{digest}" in shipped.run("config", "--lock-image-digests").stdout
    shipped.write(f"""
        services:
          missing:
            image: {registry.host}/{repo}:nosuchtag
    """)
    ours = shipped.run("config", "--resolve-image-digests", check=False)
    theirs = shipped.run("config", "--resolve-image-digests", check=False, tool="v2")
    assert ours.returncode == theirs.returncode == 1
    assert ours.stderr.strip() == theirs.stderr.strip()
    assert ours.stdout == theirs.stdout == ""


def test_models_lists_the_used_models_as_v2(stack: Any) -> None:
    stack.write(f"""
        services:
          app:
            image: {BASE}
            models:
              llm: {{endpoint_var: URL}}
        models:
          llm:
            model: ai/smollm2
          unused:
            model: ai/other
    """)
    assert stack.run("config", "--models").stdout == stack.run("config", "--models", tool="v2").stdout == \
        "ai/smollm2\n"


# -- publish ----------------------------------------------------------------------------------


def test_publish_pushes_v2s_artifact_and_v2_reads_it_back(shipped: Any, registry: Registry) -> None:
    repo = f"{shipped.name}/bb"
    _push(shipped, registry, repo, "v1")
    (shipped.directory / "app.env").write_text("FROM_FILE=1\n")
    (shipped.directory / "base.yaml").write_text(f"services:\n  base:\n    image: {registry.host}/{repo}:v1\n")
    shipped.write(f"""
        services:
          app:
            image: {registry.host}/{repo}:v1
            env_file: ./app.env
            environment: [X=1]
          child:
            extends:
              file: base.yaml
              service: base
    """)
    refused = shipped.run("publish", f"{registry.host}/{shipped.name}/app:1", check=False)
    assert refused.returncode == 1 and "--with-env" in refused.stderr
    args = ["publish", "-y", "--with-env", "--resolve-image-digests"]
    shipped.run(*args, f"{registry.host}/{shipped.name}/app:ours")
    shipped.run(*args, f"{registry.host}/{shipped.name}/app:v2", tool="v2")
    ours = _artifact(registry, f"{shipped.name}/app", "ours")
    theirs = _artifact(registry, f"{shipped.name}/app", "v2")
    assert ours == theirs
    assert [layer["annotations"].get("com.docker.compose.file", "env") for layer in ours["layers"]][-1] == \
        "image-digests.yaml"
    # v2 loads what pycompose published as a project
    local = shipped.run("config", tool="v2").stdout
    remote = shipped.run("-f", f"oci://{registry.host}/{shipped.name}/app:ours", "config", tool="v2").stdout
    assert yaml.safe_load(remote)["services"]["app"]["environment"] == {"FROM_FILE": "1", "X": "1"}
    assert yaml.safe_load(remote)["services"]["child"]["image"].startswith(f"{registry.host}/{repo}:v1")
    assert set(yaml.safe_load(remote)["services"]) == set(yaml.safe_load(local)["services"])


def test_publish_oci_1_0_and_app(shipped: Any, registry: Registry) -> None:
    repo = f"{shipped.name}/bb"
    digest = _push(shipped, registry, repo, "v1")
    shipped.write(f"""
        services:
          app:
            image: {registry.host}/{repo}:v1
    """)
    shipped.run("publish", "--oci-version", "1.0", f"{registry.host}/{shipped.name}/app:old")
    old = _artifact(registry, f"{shipped.name}/app", "old")
    assert "artifactType" not in old
    assert old["config"]["mediaType"] == "application/vnd.docker.compose.config.empty.v1+json"
    shipped.run("--progress", "plain", "publish", "--app", f"{registry.host}/{shipped.name}/app:withimages")
    # the application's image now lives in the artifact's repository too, by digest
    _get(registry, f"/v2/{shipped.name}/app/manifests/{digest}", "application/vnd.docker.distribution.manifest.v2+json")
    layers = _artifact(registry, f"{shipped.name}/app", "withimages")["layers"]
    assert [layer["annotations"]["com.docker.compose.file"] for layer in layers] == ["compose.yaml",
                                                                                     "image-digests.yaml"]


# -- bridge convert ---------------------------------------------------------------------------


def test_bridge_convert_runs_a_local_transformation_as_v2(stack: Any, image_cleanup: ImageCleanup) -> None:
    image = f"{stack.name}-transformation:1"
    image_cleanup.add(f"{stack.name}-transformation")
    script = 'id -u; echo "license=$LICENSE_AGREEMENT"; ls /templates; cp /in/compose.yaml /out/model.yaml'
    dockerfile = f'FROM {BASE}\nCMD ["sh", "-c", {json.dumps(script)}]\n'
    import io

    stack.client.images.build(fileobj=io.BytesIO(dockerfile.encode()), tag=image, rm=True)
    (stack.directory / "templates").mkdir()
    (stack.directory / "templates" / "t.tmpl").write_text("x")
    stack.write(f"""
        services:
          web:
            image: {BASE}
            ports: ["8080:80"]
            expose: ["81"]
    """)
    # v2 writes the model as compose.yaml into the temporary directory (and mounts all of it): not /tmp's,
    # where the discovery of every other test would find it
    (stack.directory / "tmp").mkdir()
    stack.env["TMPDIR"] = str(stack.directory / "tmp")
    models = {}
    for tool, out in (("pycompose", "ours"), ("v2", "theirs")):
        done = stack.run("bridge", "convert", "-t", image, "--templates", "templates", "-o", out, tool=tool)
        assert "license=true" in done.stdout and "t.tmpl" in done.stdout, tool
        models[tool] = yaml.safe_load((stack.directory / out / "model.yaml").read_text())
    for model in models.values():
        model["services"]["web"]["expose"].sort()
    assert models["pycompose"] == models["v2"]
    assert models["pycompose"]["services"]["web"]["expose"] == ["80", "81"]
    assert not stack.client.containers.list(all=True, filters={"ancestor": image})  # removed after the run
    missing = stack.run("bridge", "convert", "-t", f"{stack.name}-nosuch:1", check=False)
    assert missing.returncode == 1
    assert f"transformation image {stack.name}-nosuch:1 is not present locally and pulling it failed" in missing.stderr
