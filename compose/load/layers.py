"""Compose files -> one merged canonical document (the per-file half of the pipeline).

For each file, for each YAML document in it, in order:

1. parse (``source.parse_documents``): plain tree, locations, ``!reset`` paths;
2. interpolate its values (``interpolate``), with v2's casts;
3. check it (``LayerContext.checks.document``: the schema, given by the caller; ``load.checks``);
4. canonical long syntax (``canonical.canonical``);
5. resolve ``extends`` (``extends.apply_extends``; bases from other files are loaded the same way);
6. import ``include``d projects (``include.apply_include``; each is loaded by this module, recursively);
7. merge onto what the previous documents gave (``merge.merge_documents``), then collapse
   redefined ports/volumes/secrets/configs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from compose._record import field, record
from compose.errors import LoadError, Location, ValidationError
from compose.load import discovery, fs
from compose.load.canonical import canonical
from compose.load.checks import NO_CHECKS, Checks
from compose.load.extends import ExtendsSource, apply_extends
from compose.load.finalize import apply_defaults
from compose.load.include import IncludedProject, apply_include
from compose.load.interpolate import Substituter, TreeInterpolator
from compose.load.merge import MergeConflict, merge_documents
from compose.load.source import Document, parse_documents
from compose.load.sourcemap import KeyPath, SourceMap

Reader = Callable[[str], str]
Relocate = Callable[[dict[str, Any], str], dict[str, Any]]
"""Resolves the relative paths of a canonical document against a directory."""
EnvLoader = Callable[[Sequence[str], Mapping[str, str]], dict[str, str]]
"""Reads env files for an included project: (files, project environment) -> its variables."""


@record(frozen=False)
class LayerContext:
    """What loading files needs besides the files: the variables, the switches, the I/O."""

    environment: Mapping[str, str]
    read: Reader
    relocate: Relocate
    read_env: EnvLoader
    interpolate: bool = True
    checks: Checks = NO_CHECKS
    """Each document's checks (the schema), passed in by the caller of ``load_project``."""
    stdin: str | None = None
    substituter: Substituter | None = None
    warnings: list[str] = field(default_factory=list)
    chain: tuple[str, ...] = ()
    """Files being included, outermost first (include cycles)."""
    root_dir: str = ""
    """The project directory."""
    relocated: set[str] = field(default_factory=set)
    """Paths ``relocate`` made absolute (``--no-path-resolution`` writes them back relative)."""
    _extends_cache: dict[str, ExtendsSource] = field(default_factory=dict)
    _parsed: dict[str, list[Document]] = field(default_factory=dict)

    def documents(self, path: str) -> list[Document]:
        """The YAML documents of a file (parsed once)."""
        docs = self._parsed.get(path)
        if docs is None:
            docs = self._parsed[path] = parse_documents(_read(path, self), path)
        return docs

    def subst(self) -> Substituter:
        if self.substituter is None:
            self.substituter = Substituter(self.environment.get)
        return self.substituter


@record(frozen=False)
class Layers:
    data: dict[str, Any]
    locations: dict[KeyPath, Location]


def load_files(files: Sequence[str], workdir: str, ctx: LayerContext) -> Layers:
    """The merged canonical document of ``files`` (each file's documents in order)."""
    data: dict[str, Any] = {}
    locations: dict[KeyPath, Location] = {}
    for path in files:
        for doc in ctx.documents(path):
            layer, where = _document(doc, workdir, ctx)
            try:
                data = merge_documents(data, layer, doc.resets)
            except MergeConflict as exc:
                exc.location = doc.sources.locate(exc.key_path)
                raise
            locations.update(doc.sources)
            locations.update(where)
    return Layers(data, locations)


def _read(path: str, ctx: LayerContext) -> str:
    if path == discovery.STDIN:
        return ctx.stdin or ""
    try:
        return ctx.read(path)
    except FileNotFoundError:
        raise LoadError(f"open {path}: no such file or directory") from None
    except OSError as exc:
        raise LoadError(f"cannot read {path}: {exc.strerror}") from None


def _document(doc: Document, workdir: str, ctx: LayerContext) -> tuple[dict[str, Any], dict[KeyPath, Location]]:
    data = prepare(doc, ctx)
    data, where = apply_extends(ExtendsSource(doc.file, data, doc.sources, doc.resets, workdir),
                                lambda other: _extends_source(other, ctx))
    data, included = apply_include(data, doc.sources, workdir, (*ctx.chain, doc.file),
                                   lambda f, d, e: _include_project(f, d, e, doc.file, ctx))
    where.update(included)
    return data, where


def prepare(doc: Document, ctx: LayerContext, *, validate: bool = True) -> dict[str, Any]:
    """Steps 2-4 for one document: interpolated, checked (unless ``validate`` is off), canonical."""
    raw = doc.data
    if raw is None:
        raise LoadError("empty compose file", location=Location(doc.file, 1, 1))
    if not isinstance(raw, dict):
        raise LoadError("top-level object must be a mapping", location=Location(doc.file, 1, 1))
    data = TreeInterpolator(ctx.subst(), doc.sources)(raw) if ctx.interpolate else raw
    if validate:
        issues = ctx.checks.document(data, doc.sources)
        if issues:
            raise ValidationError(issues)
    if "version" in data:
        ctx.warnings.append(f"{doc.file}: the attribute `version` is obsolete, it will be ignored, "
                            "please remove it to avoid potential confusion")
        data = {k: v for k, v in data.items() if k != "version"}
    return canonical(data, doc.sources)


def _extends_source(path: str, ctx: LayerContext) -> ExtendsSource:
    """Another file named by ``extends.file``: its first document, ready, paths resolved in its directory."""
    cached = ctx._extends_cache.get(path)
    if cached is not None:
        return cached
    if not fs.isfile(path):
        raise LoadError(f"extends: open {path}: no such file or directory")
    docs = ctx.documents(path)
    if not docs:
        raise LoadError("empty compose file", location=Location(path, 1, 1))
    data: dict[str, Any] = {}
    sources: dict[KeyPath, Location] = {}
    for doc in docs:
        data = merge_documents(data, prepare(doc, ctx, validate=False), doc.resets)
        sources.update(doc.sources)
    data = ctx.relocate(data, os.path.dirname(path))
    source = ExtendsSource(path, data, SourceMap(sources), docs[-1].resets, ctx.root_dir or os.path.dirname(path))
    ctx._extends_cache[path] = source
    return source


def _include_project(files: Sequence[str], project_dir: str, env_files: Sequence[str], parent: str,
                     ctx: LayerContext) -> IncludedProject:
    own = ctx.read_env(env_files, ctx.environment)
    environment = dict(ctx.environment)
    for key, value in own.items():
        environment.setdefault(key, value)
    sub = LayerContext(environment=environment, read=ctx.read, relocate=ctx.relocate, read_env=ctx.read_env,
                       interpolate=ctx.interpolate, checks=ctx.checks, stdin=ctx.stdin,
                       warnings=ctx.warnings, chain=(*ctx.chain, parent), root_dir=ctx.root_dir,
                       relocated=ctx.relocated)
    layers = load_files(files, project_dir, sub)
    data = ctx.relocate(apply_defaults(layers.data), project_dir)
    return IncludedProject(data, layers.locations)
