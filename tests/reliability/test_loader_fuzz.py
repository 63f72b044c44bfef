"""Loader fuzz campaign, generated cases (hypothesis): every generated project ends in a model or in a
located ComposeError, changes nothing on disk, and takes less than the deadline (5 s a case)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from fuzz_support import (
    NAMES,
    broken_documents,
    documents,
    dump,
    environs,
    interpolations,
    load_case,
    mutated,
    run_cli,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from reliability_figures import Campaigns, examples

pytestmark = pytest.mark.reliability("loader-fuzz")


def _project(files: dict[str, bytes]) -> tuple[tempfile.TemporaryDirectory[str], Path]:
    holder = tempfile.TemporaryDirectory(prefix="pyc-fuzz-")
    root = Path(holder.name)
    for name, data in files.items():
        (root / name).write_bytes(data)
    return holder, root


def _case(campaigns: Campaigns, files: dict[str, bytes], environ: dict[str, str] | None = None,
          main: tuple[str, ...] = ()) -> str:
    campaigns("loader-fuzz").cases += 1
    holder, root = _project(files)
    with holder:
        return load_case(root, main, environ)


@settings(max_examples=examples(300, 4000))
@given(doc=documents, environ=environs, data=st.data())
def test_generated_documents(campaigns: Campaigns, doc: dict[str, Any], environ: dict[str, str],
                             data: st.DataObject) -> None:
    text = data.draw(mutated(dump(doc)))
    _case(campaigns, {"compose.yaml": text}, environ)


@settings(max_examples=examples(200, 3000))
@given(doc=broken_documents, data=st.data())
def test_broken_documents(campaigns: Campaigns, doc: dict[str, Any], data: st.DataObject) -> None:
    _case(campaigns, {"compose.yaml": data.draw(mutated(dump(doc)))})


@settings(max_examples=examples(200, 3000))
@given(template=interpolations, key_template=interpolations, environ=environs)
def test_interpolation_forms(campaigns: Campaigns, template: str, key_template: str,
                             environ: dict[str, str]) -> None:
    doc = {"services": {"s": {"image": "busybox", "command": template, "environment": {"K": template},
                              "labels": {"k": template}, "x-t": {key_template: template}}}}
    _case(campaigns, {"compose.yaml": dump(doc).encode()}, environ)


@st.composite
def multi_file_projects(draw: st.DrawFn) -> dict[str, bytes]:
    """2-4 files that include one another and extend services across files, with depends_on edges
    among the services and anchors used in a file other than the one defining them: cycles of each
    kind come up often."""
    count = draw(st.integers(2, 4))
    files = [f"f{i}.yaml" for i in range(count)]
    out: dict[str, bytes] = {}
    for i, name in enumerate(files):
        doc: dict[str, Any] = {}
        includes = draw(st.lists(st.sampled_from(files), max_size=2, unique=True))
        if includes:
            doc["include"] = includes
        svc_names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True))
        services: dict[str, Any] = {}
        for svc in svc_names:
            body: dict[str, Any] = {"image": "busybox"}
            if draw(st.booleans()):
                body["depends_on"] = draw(st.lists(st.sampled_from(NAMES), max_size=2, unique=True))
            if draw(st.booleans()):
                ext: dict[str, Any] = {"service": draw(st.sampled_from(NAMES))}
                if draw(st.booleans()):
                    ext["file"] = draw(st.sampled_from(files))
                body["extends"] = ext
            services[f"{svc}{i}" if draw(st.booleans()) else svc] = body
        doc["services"] = services
        text = dump(doc)
        anchor = draw(st.sampled_from(["none", "define", "use"]))
        if anchor == "define":
            text = "x-shared: &shared {image: busybox}\n" + text
        elif anchor == "use":
            text += f"  u{i}: *shared\n"  # an alias of an anchor of another file: undefined here
        out[name] = text.encode()
    return out


@settings(max_examples=examples(200, 3000))
@given(files=multi_file_projects(), main=st.integers(0, 3))
def test_extends_include_and_depends_on_graphs(campaigns: Campaigns, files: dict[str, bytes], main: int) -> None:
    first = sorted(files)[main % len(files)]
    _case(campaigns, files, main=(first,))


@settings(max_examples=examples(20, 300), deadline=30000)
@given(doc=documents, environ=environs, data=st.data())
def test_the_cli_on_generated_documents(campaigns: Campaigns, doc: dict[str, Any], environ: dict[str, str],
                                        data: st.DataObject) -> None:
    """A sample through the CLI itself, in a subprocess (``config``: exit 0 or 1, no traceback)."""
    campaigns("loader-fuzz").cases += 1
    holder, root = _project({"compose.yaml": data.draw(mutated(dump(doc)))})
    with holder:
        run_cli(root, "-f", "compose.yaml", "config", environ=environ)
