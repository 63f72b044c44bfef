"""--wait and depends_on conditions on the real engine: health, one-shot jobs, failures, pulls."""

from __future__ import annotations

from stack_support import Stack


def test_wait_fails_when_a_service_turns_unhealthy(stack: Stack) -> None:
    stack.write("""
        services:
          sick:
            image: pycompose/busybox:latest
            init: true
            command: ["sleep", "300"]
            healthcheck: {test: ["CMD", "false"], interval: 1s, timeout: 1s, retries: 1}
          fine:
            image: pycompose/busybox:latest
            init: true
            command: ["sleep", "300"]
    """)
    done = stack.run("up", "-d", "--wait", "-t", "1", check=False)
    assert done.returncode == 1
    assert f"container {stack.name}-sick-1 is unhealthy" in done.stderr
    assert stack.container("fine-1").status == "running"


def test_wait_timeout(stack: Stack) -> None:
    stack.write("""
        services:
          slow:
            image: pycompose/busybox:latest
            init: true
            command: ["sleep", "300"]
            healthcheck: {test: ["CMD", "false"], interval: 30s, retries: 3, start_period: 60s}
    """)
    done = stack.run("up", "-d", "--wait", "--wait-timeout", "2", check=False)
    assert done.returncode == 1
    assert f"container {stack.name}-slow-1 was not ready within 2s" in done.stderr


def test_one_shot_job_that_exits_0_counts_as_done(stack: Stack) -> None:
    stack.write("""
        services:
          migrate:
            image: pycompose/busybox:latest
            command: ["sh", "-c", "echo migrated"]
          app:
            image: pycompose/busybox:latest
            init: true
            command: ["sleep", "300"]
            depends_on:
              migrate: {condition: service_completed_successfully}
    """)
    stack.run("up", "-d", "--wait")
    assert stack.container("migrate-1").attrs["State"]["ExitCode"] == 0
    assert stack.container("app-1").status == "running"


def test_failed_dependency_blocks_its_dependents_only(stack: Stack) -> None:
    stack.write("""
        services:
          broken:
            image: pycompose/busybox:latest
            command: ["sh", "-c", "exit 3"]
          needs_it:
            image: pycompose/busybox:latest
            init: true
            command: ["sleep", "300"]
            depends_on:
              broken: {condition: service_completed_successfully}
          optional:
            image: pycompose/busybox:latest
            init: true
            command: ["sleep", "300"]
            depends_on:
              broken: {condition: service_completed_successfully, required: false}
    """)
    done = stack.run("up", "-d", check=False)
    assert done.returncode == 1
    assert f"container {stack.name}-broken-1 exited with code 3" in done.stderr
    assert stack.container("needs_it-1").status == "created"
    assert stack.container("optional-1").status == "running"


def test_failing_pull_is_reported(stack: Stack) -> None:
    stack.write("""
        services:
          remote:
            image: registry.invalid/nothing/here:1
          local:
            image: pycompose/busybox:latest
            init: true
            command: ["sleep", "300"]
    """)
    done = stack.run("up", "-d", check=False)
    assert done.returncode == 1
    assert "PullImage registry.invalid/nothing/here:1" in done.stderr
    assert "registry.invalid" in done.stderr.splitlines()[-1]
    assert stack.containers() == []  # as with Docker Compose, a failed pull stops up before any create


def test_pull_never_with_a_missing_image_is_an_error_before_anything_runs(stack: Stack) -> None:
    stack.write("""
        services:
          remote:
            image: registry.invalid/nothing/here:1
            pull_policy: never
    """)
    done = stack.run("up", "-d", check=False)
    assert done.returncode == 1
    assert "not present locally and pull_policy is never" in done.stderr
    assert stack.containers() == []


def test_secrets_and_configs_from_content_are_copied_before_start(stack: Stack) -> None:
    stack.write("""
        services:
          reader:
            image: pycompose/busybox:latest
            init: true
            command: ["sleep", "300"]
            configs: [greeting]
            secrets: [token]
        configs:
          greeting: {content: "hello config"}
        secrets:
          token: {environment: TOKEN}
    """)
    stack.env["TOKEN"] = "s3cret"
    stack.run("up", "-d", "--wait")
    reader = stack.container("reader-1")
    assert reader.exec_run(["cat", "/greeting"]).output == b"hello config"
    assert reader.exec_run(["cat", "/run/secrets/token"]).output == b"s3cret"
