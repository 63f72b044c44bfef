"""The schema tables checked against Docker Compose v2 itself (the oracle; no Docker Engine needed).

Each row of test_schema_table.py states v2's verdict; here v2 confirms it:
a row we accept must not fail v2's schema stage ("validating FILE: ..."), and a
row we reject must make v2 fail (at its schema stage or later, as the row's
note says).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from test_schema_table import DOCUMENT_ROWS, SERVICE_ROWS
from validate_support import service_doc

pytestmark = pytest.mark.oracle

ORACLE_DEFAULT = "/opt/pycompose-oracle/lib/python3.11/site-packages/compose/docker-compose"

ROWS = [(name, service_doc(snippet), expected) for name, snippet, expected in SERVICE_ROWS] + [
    (name, text, expected) for name, text, expected in DOCUMENT_ROWS
]


@pytest.fixture(scope="module")
def oracle() -> str:
    path = os.environ.get("PYCOMPOSE_ORACLE") or ORACLE_DEFAULT
    if not os.path.exists(path):
        pytest.skip(f"Docker Compose v2 (the oracle) not found at {path}; scripts/ensure-oracle installs it")
    return path


@pytest.mark.parametrize(("text", "expected"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_v2_agrees(oracle: str, tmp_path: Path, text: str, expected: tuple[str, str] | None) -> None:
    (tmp_path / "compose.yaml").write_text(text)
    done = subprocess.run(
        [oracle, "-p", "oracle", "-f", "compose.yaml", "config", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        timeout=60,
        check=False,
    )
    schema_failure = "validating " in done.stderr
    if expected is None:
        assert not schema_failure, done.stderr
    else:
        assert done.returncode != 0, f"v2 accepts it:\n{text}"
