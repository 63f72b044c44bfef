"""compose.present.gotemplate against Go itself: the docker CLI renders the same templates over the same data.

``docker container inspect --format T`` executes T (Go's text/template with docker/cli's functions)
over the container's struct; when that fails, over the inspect JSON decoded into maps. A template
starting with ``{{$_ := index . "Name"}}`` fails on the struct, so the whole template runs on the
maps: exactly our data, ``json.loads`` of ``docker container inspect`` (but Go's numbers are
``json.Number`` strings there, and its lists and maps all hold ``interface {}``: the cases avoid
comparing data numbers and typed lists). ``docker volume inspect`` runs on the Volume struct
(``Labels`` a ``map[string]string``, as our all-string dicts are). ``docker ps --format 'table ...'``
checks the header row, the header functions and the tabwriter alignment.
"""

from __future__ import annotations

import json
import re
import subprocess
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from compose.present.gotemplate import TemplateError, compile_template, render_rows

pytestmark = pytest.mark.engine

DOCKER = "/usr/local/bin/docker"
RAW = '{{$_ := index . "Name"}}'

# over the container's inspect JSON (as maps)
CONTAINER_CASES = [
    "{{.Name}} {{.Config.Image}} {{.State.Status}}",
    "{{.Config.Env}}",
    "{{.Config.Labels}}",
    "{{.State}}",
    "{{.Config.Cmd}} {{.Config.Entrypoint}}",
    "{{index .Config.Labels \"com.example.k\"}}|{{index .Config.Labels \"b\"}}",
    "{{json .Config.Labels}}",
    "{{json .Config.Env}}",
    "{{json .State}}",
    "{{json .HostConfig.Links}} {{json .Name}}",
    "{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}",
    "{{range .Config.Labels}}[{{.}}]{{end}}",
    "{{range $i, $e := .Config.Env}}{{$i}}:{{$e}} {{end}}",
    "{{range .HostConfig.Links}}x{{else}}no links{{end}}",
    "{{range .Config.Env}}{{if eq . \"A=1\"}}{{break}}{{end}}<{{.}}>{{end}}",
    "{{range .Config.Env}}{{if eq . \"A=1\"}}{{continue}}{{end}}<{{.}}>{{end}}",
    "{{if .State.Running}}up{{else if eq .State.Status \"created\"}}created{{else}}other{{end}}",
    "{{with .Config.Labels}}{{.b}}{{end}} {{with .HostConfig.Links}}x{{else}}none{{end}}",
    "{{$s := .State}}{{$s.Status}} {{$.Name}} {{$x := 1}}{{$x = 2}}{{$x}}",
    "{{len .Config.Env}} {{len .Config.Labels}} {{len .Name}} {{len \"héllo\"}}",
    "{{printf \"%s|%q|%v|%10s|%-10s|\" .Name .Name .Config.Env .State.Status .State.Status}}",
    "{{printf \"%d %5.2f %x %t %v %T %T\" 42 3.14159 255 true 1e6 \"s\" 1.5}}",
    "{{printf \"%d %s\" .Name}} {{printf \"%d\" 1 2}} {{printf \"%v\" .HostConfig.Links}}",
    "{{print 1 2 \"a\" \"b\" 3}} {{println \"x\" 1}}",
    "{{upper .Name}} {{lower \"ÀB\"}} {{title \"hello wOrld-x_y élan\"}}",
    "{{join (split \"a,b,c\" \",\") \"+\"}} {{split \"a,b\" \",\"}} {{split \"abc\" \"\"}}",
    "{{truncate .Name 4}}|{{truncate \"ab\" 5}}|{{pad .State.Status 2 1}}|{{pad \"\" 1 1}}|",
    "{{and .State.Running \"x\"}} {{or .State.Running \"y\"}} {{not .State.Running}} {{and 1 0 2}} {{or 0 \"\"}}",
    "{{eq .State.Status \"created\" \"running\"}} {{ne 1 2}} {{lt \"a\" \"b\"}} {{le 2 2}} {{gt 1.5 2.5}} {{ge 3 3}}",
    "{{index (split \"a,b,c\" \",\") 1}} {{index \"abc\" 1}} {{slice \"abcdef\" 1 3}} {{slice (split \"a,b,c\" \",\") 1}}",
    "{{.Config.Labels | len | printf \"%03d\"}} {{\"x\" | printf \"%s-%s\" \"a\"}} {{(len .Name) | printf \"%x\"}}",
    "a  {{- .State.Status -}}  b {{/* a comment */}} {{- /* trimmed */ -}} c",
    "{{`raw\\n`}} {{\"\\x41\\u00e9\\t|\"}} {{'a'}} {{0x1F}} {{0o17}} {{1_000}} {{1e3}} {{-.5}} {{017}}",
    "{{html \"<a&b>\"}} {{js \"<a'b>\"}} {{urlquery \"a b&c\"}}",
    "{{.}}",
    "{{json .}}",
    # errors, at the same line and column
    "{{.Name.X}}",
    "{{.HostConfig.Links.X}}",
    "{{range .State}}{{.X}}{{end}}",
    "{{upper .HostConfig.Links}}",
    "{{.HostConfig.Links | upper}}",
    "{{eq \"a\" 1}}",
    "{{lt 1 2.0}}",
    "{{len .HostConfig.Links}}",
    "{{index .Config.Env 9}}",
    "{{index .Name 1 2}}",
    "{{len 3}}",
    "{{nil}}",
    "{{len}}",
    "{{not 1 2}}",
    "{{range 3.5}}{{end}}",
    "{{$y = 2}}",
    "{{. .}}",
    "{{truncate 3 1}}",
    "{{eq .HostConfig.LogConfig .HostConfig.LogConfig}}",
    # parse errors (Go gives the line only)
    "{{foo}}",
    "{{.Name",
    "{{end}}",
    "{{if .Name}}x",
    "{{.Name | 3}}",
    "{{$x}}",
    "{{\"\\z\"}}",
    "{{'ab'}}",
    "{{break}}",
    "{{if}}{{end}}",
    "{{(.Name}}",
    "{{.Name)}}",
    "{{.Na-me}}",
    "{{|.Name}}",
    "{{/* c */ }}",
    "{{99999999999999999999}}",
]

# over the Volume struct
VOLUME_CASES = [
    "{{.Name}} {{.Driver}} {{.Scope}}",
    "{{.Labels}}",
    "{{json .Labels}}",
    "{{index .Labels \"a\"}}|{{index .Labels \"nokey\"}}|{{.Labels.nokey}}|{{.Labels.nokey.x}}",
    "{{range $k, $v := .Labels}}{{$k}}={{$v}},{{end}}",
    "{{len .Labels}} {{printf \"%T\" .Labels}}",
    "{{len .Labels.nokey}}",
    "{{.Labels.a.b}}",
    "{{index .Labels 1}}",
]


def _docker(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([DOCKER, *args], capture_output=True, text=True, timeout=60)


def _go(kind: str, name: str, template: str) -> str:
    """What Go prints for a template, or its error message."""
    done = _docker(kind, "inspect", "--format", template, name)
    if done.returncode == 0:
        assert done.stdout.endswith("\n")
        return done.stdout[:-1]
    message = done.stderr.strip()
    assert message.startswith("template parsing error: "), message
    return "ERROR " + message.removeprefix("template parsing error: ")


def _ours(template: str, data: Any) -> str:
    try:
        return compile_template(template).render(data)
    except TemplateError as exc:
        message = str(exc)
        if "executing" not in message:  # Go's parse errors give the line, not the column
            message = re.sub(r"^template: :(\d+):\d+: ", r"template: :\1: ", message)
        return "ERROR " + message


@pytest.fixture(scope="module")
def objects(docker_client: object, base_image: str) -> Iterator[dict[str, Any]]:
    tag = uuid.uuid4().hex[:8]
    names = {"container": f"pyct-gt-{tag}", "short": f"pyct-gt2-{tag}", "volume": f"pyct-gt-{tag}"}
    made = []
    try:
        for name, extra in ((names["container"], ["-l", "x=<a&b>"]), (names["short"], [])):
            done = _docker("container", "create", "--name", name, "-l", "b=2", "-l", "com.example.k=v v",
                           "-e", "A=1", "-e", "B=two", *extra, base_image, "sh", "-c", "echo hi")
            assert done.returncode == 0, done.stderr
            made.append(("container", name))
        done = _docker("volume", "create", "--label", "a=b", "--label", "c=hé llo", names["volume"])
        assert done.returncode == 0, done.stderr
        made.append(("volume", names["volume"]))
        yield {
            "names": names,
            "container": json.loads(_docker("container", "inspect", names["container"]).stdout)[0],
            "volume": json.loads(_docker("volume", "inspect", names["volume"]).stdout)[0],
        }
    finally:
        for kind, name in made:
            _docker(kind, "rm", "-f", name) if kind == "container" else _docker("volume", "rm", "-f", name)


def test_container_templates_match_go(objects: dict[str, Any]) -> None:
    name = objects["names"]["container"]
    mismatches = []
    for case in CONTAINER_CASES:
        template = RAW + case
        go, ours = _go("container", name, template), _ours(template, objects["container"])
        if go != ours:
            mismatches.append(f"{case}\n   go: {go!r}\n  ours: {ours!r}")
    assert not mismatches, "\n".join(mismatches)


def test_volume_templates_match_go(objects: dict[str, Any]) -> None:
    name = objects["names"]["volume"]
    mismatches = []
    for case in VOLUME_CASES:
        go, ours = _go("volume", name, case), _ours(case, objects["volume"])
        if go != ours:
            mismatches.append(f"{case}\n   go: {go!r}\n  ours: {ours!r}")
    assert not mismatches, "\n".join(mismatches)


# docker/cli's header map of `docker ps` (formatter.NewContainerContext)
PS_HEADERS = {"Command": "COMMAND", "CreatedAt": "CREATED AT", "ID": "CONTAINER ID", "Image": "IMAGE",
              "Labels": "LABELS", "LocalVolumes": "LOCAL VOLUMES", "Mounts": "MOUNTS", "Names": "NAMES",
              "Networks": "NETWORKS", "Platform": "PLATFORM", "Ports": "PORTS", "RunningFor": "CREATED",
              "Size": "SIZE", "State": "STATE", "Status": "STATUS"}

TABLE_CASES = [
    r"table {{.Names}}\t{{.State}}",
    r"table {{.ID}}\t{{.Names}}\t{{upper .Image}}\t{{json .State}}\t{{.Command}}",
    r"table {{.Names}}\t{{pad .State 2 2}}\t{{truncate .Image 3}}\t{{lower .Names}}",
    r"table {{.Names}}: {{.Labels}}",
    r"tablex{{.Names}}\n{{.State}}",
    r"{{.Names}}\t{{.State}}",
    r"  table {{.Names}}",
]


def test_ps_tables_match_docker(objects: dict[str, Any]) -> None:
    names = objects["names"]
    filters = ["--filter", f"name={names['container']}", "--filter", f"name={names['short']}"]
    listed = _docker("ps", "-a", *filters, "--format", "{{json .}}")
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(rows) == 2
    rows.sort(key=lambda r: r["Names"])
    mismatches = []
    for case in TABLE_CASES:
        done = _docker("ps", "-a", *filters, "--format", case)
        go = _sorted_rows(case, done.stdout) if done.returncode == 0 else "ERROR"
        try:
            ours = _sorted_rows(case, render_rows(case, rows, PS_HEADERS))
        except TemplateError:
            ours = "ERROR"
        if go != ours:
            mismatches.append(f"{case}\n   go: {go!r}\n  ours: {ours!r}")
    assert not mismatches, "\n".join(mismatches)


def _sorted_rows(case: str, text: str) -> str:
    """The header row first, then the rows in order (docker lists the newest container first)."""
    lines = text.split("\n")
    head = 1 if case.startswith("table") else 0
    return "\n".join(lines[:head] + sorted(lines[head:]))


def test_json_format_matches_docker(objects: dict[str, Any]) -> None:
    name = objects["names"]["container"]
    go = _docker("ps", "-a", "--filter", f"name={name}", "--format", "json").stdout
    rows = [json.loads(line) for line in go.splitlines()]
    assert render_rows("json", rows) == go
    assert "\\u003c" in go  # the label x=<a&b>: json.Marshal escapes HTML characters
