"""compose.present.gotemplate: Go's text/template language, Go's printing, Docker's functions and tables.

The expected outputs are Go's (checked with the docker CLI, see
tests/integration/test_gotemplate_oracle.py for the ones compared live).
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from compose.errors import ComposeError
from compose.present.gotemplate import (
    TemplateError,
    compile_template,
    go_json,
    header_of,
    render_rows,
    tabwrite,
)

DATA: dict[str, Any] = {
    "Name": "web-1",
    "State": "running",
    "ExitCode": 0,
    "Health": "",
    "Ratio": 1.5,
    "Big": 1000000.0,
    "Up": True,
    "Down": False,
    "Null": None,
    "Labels": {"b": "2", "a": "x", "com.example.k": "v v"},
    "Mixed": {"n": 1, "s": "t", "f": False, "nil": None},
    "Names": ["web-1", "alias"],
    "Ports": [{"Published": 8080, "Target": 80}, {"Published": 0, "Target": 53}],
    "Empty": [],
    "EmptyMap": {},
    "Html": "<a&b>",
    "Unicode": "héllo",
}


def render(template: str, data: object = DATA) -> str:
    return compile_template(template).render(data)


def error(template: str, data: object = DATA) -> str:
    with pytest.raises(TemplateError) as info:
        render(template, data)
    return str(info.value)


CASES = [
    # text, actions, trims, comments
    ("plain text", "plain text"),
    ("a {{.Name}} b", "a web-1 b"),
    ("a  {{- .Name -}}  b", "aweb-1b"),
    ("a \n\t{{- .Name}}", "aweb-1"),
    ("{{.Name -}}\n  x", "web-1x"),
    ("{{/* comment */}}x", "x"),
    ("a {{- /* comment */ -}} b", "ab"),
    ("{{ .Name\n}}", "web-1"),
    ("{{- 3}} {{-3}} {{3 -}} !", "3 -3 3!"),
    # fields, dot, missing keys, nil
    ("{{.}}", None),  # checked below
    ("{{.Labels.a}} {{.Mixed.s}}", "x t"),
    ("{{.Nope}} {{.Nope.Deeper}} {{.Labels.nokey}}", "<no value> <no value> <no value>"),
    ("{{.Null}}", "<no value>"),
    ("{{$}}", None),
    ("{{$.Name}}", "web-1"),
    # Go's printing of values
    ("{{.Labels}}", "map[a:x b:2 com.example.k:v v]"),
    ("{{.Names}} {{.Empty}} {{.EmptyMap}}", "[web-1 alias] [] map[]"),
    ("{{.Mixed}}", "map[f:false n:1 nil:<nil> s:t]"),
    ("{{.Ports}}", "[map[Published:8080 Target:80] map[Published:0 Target:53]]"),
    ("{{.Ratio}} {{.Big}} {{.ExitCode}} {{.Up}}", "1.5 1e+06 0 true"),
    ("{{1e21}} {{0.00001}} {{123456.0}} {{1234567.0}} {{-0.5}}", "1e+21 1e-05 123456 1.234567e+06 -0.5"),
    # literals
    ('{{"a\\tb"}} {{`raw\\n`}} {{"\\x41\\u00e9\\101"}}', "a\tb raw\\n AéA"),
    ("{{'a'}} {{0x1F}} {{0o17}} {{0b101}} {{017}} {{1_000}} {{1e3}} {{.5}} {{1.0}}", "97 31 15 5 15 1000 1000 0.5 1"),
    ("{{true}} {{false}}", "true false"),
    # variables
    ("{{$x := .Name}}{{$x}}", "web-1"),
    ("{{$x := 1}}{{$x = 2}}{{$x}}", "2"),
    ("{{$l := .Labels}}{{$l.a}}", "x"),
    ("{{if true}}{{$x := 1}}{{end}}{{$y := 2}}{{$y}}", "2"),
    # pipelines and parentheses
    ('{{.Name | upper}} {{.Name | printf "%s-%s" "a"}}', "WEB-1 a-web-1"),
    ('{{.Name | len | printf "%05d"}}', "00005"),
    ("{{(len .Name)}} {{(index .Ports 0).Target}} {{(.Labels).a}}", "5 80 x"),
    ("{{.Name|}}", "web-1"),
    # if / else if / else
    ("{{if .Up}}up{{end}}", "up"),
    ("{{if .Down}}up{{else}}down{{end}}", "down"),
    ('{{if eq .State "exited"}}e{{else if eq .State "running"}}r{{else}}o{{end}}', "r"),
    ("{{if .Empty}}a{{else if .EmptyMap}}b{{else if .Health}}c{{else if .Null}}d{{else}}none{{end}}", "none"),
    ("{{if $n := .Name}}{{$n}}{{end}}", "web-1"),
    ("{{if 0}}a{{end}}{{if 0.0}}b{{end}}{{if \"\"}}c{{end}}{{if .Nope}}d{{end}}{{if 1}}e{{end}}", "e"),
    # with
    ("{{with .Labels}}{{.a}}{{end}}", "x"),
    ("{{with .Health}}h{{else}}no health{{end}}", "no health"),
    ("{{with .Health}}h{{else with .State}}{{.}}{{end}}", "running"),
    ("{{with $x := .Name}}{{$x}}{{.}}{{end}}", "web-1web-1"),
    # range
    ("{{range .Names}}[{{.}}]{{end}}", "[web-1][alias]"),
    ("{{range $i, $n := .Names}}{{$i}}={{$n}} {{end}}", "0=web-1 1=alias "),
    ("{{range $k, $v := .Labels}}{{$k}}={{$v}};{{end}}", "a=x;b=2;com.example.k=v v;"),
    ("{{range .Labels}}{{.}},{{end}}", "x,2,v v,"),
    ("{{range $v := .Names}}{{$v}}{{end}}", "web-1alias"),
    ("{{range .Empty}}x{{else}}empty{{end}} {{range .Nope}}x{{else}}none{{end}}", "empty none"),
    ("{{range .Ports}}{{.Published}}->{{.Target}} {{end}}", "8080->80 0->53 "),
    ("{{range .Ports}}{{.X.Y}}{{end}}", "<no value><no value>"),
    ("{{range .Names}}{{if eq . \"alias\"}}{{break}}{{end}}{{.}}{{end}}", "web-1"),
    ("{{range .Names}}{{if eq . \"web-1\"}}{{continue}}{{end}}{{.}}{{end}}", "alias"),
    ("{{range 3}}{{.}}{{end}} {{range 0}}x{{else}}zero{{end}}", "012 zero"),
    ("{{$i := 0}}{{range .Names}}{{$i = .}}{{end}}{{$i}}", "alias"),
    ("{{range .Names}}{{$.Name}}{{end}}", "web-1web-1"),
    # comparison and logic
    ('{{eq .State "running"}} {{eq .State "a" "b" "running"}} {{ne 1 2}} {{eq .Nope .Null}}', "true true true true"),
    ('{{lt 1 2}} {{le 2 2}} {{gt 1.5 2.5}} {{ge "b" "a"}} {{lt "a" "b"}}', "true true false true true"),
    ('{{and .Up .Name}} {{and .Up .Health "x"}}| {{or .Health .Down "z"}} {{or .Health}}|', "web-1 | z |"),
    ("{{not .Up}} {{not .Health}} {{not .Nope}}", "false true true"),
    ("{{and .Down .Nope.X}} {{or .Up (index .Names 9)}}", "false true"),
    ("{{.Up | and true}} {{.Down | or 1}}", "true 1"),
    # len, index, slice
    ('{{len .Names}} {{len .Labels}} {{len .Unicode}} {{len ""}}', "2 3 6 0"),
    ('{{index .Names 1}} {{index .Labels "a"}} {{index .Ports 0 "Target"}} {{index "abc" 1}}', "alias x 80 98"),
    ('{{index .Labels "nokey"}}|{{index .Mixed "nokey"}}', "|<no value>"),
    ("{{index .Names}}", "[web-1 alias]"),
    ('{{slice .Names 1}} {{slice "abcdef" 1 3}} {{slice "abc"}} {{slice .Names 0 1}}', "[alias] bc abc [web-1]"),
    # print, printf, println
    ('{{print 1 2 "a" 3 "b" "c"}} {{print .Nope}} {{print}}', "1 2a3bc <nil> "),
    ('{{println "a" 1}}', "a 1\n"),
    ('{{printf "%s|%q|%v|%5s|%-5s|%.2s" .Name .Name .Names "ab" "ab" "abc"}}', 'web-1|"web-1"|[web-1 alias]|   ab|ab   |ab'),
    ('{{printf "%d|%5d|%-4d|%03d|%+d|%x|%X|%o|%b|%c|%U" 42 7 7 7 7 255 255 8 5 65 65}}', "42|    7|7   |007|+7|ff|FF|10|101|A|U+0041"),
    ('{{printf "%.2f|%8.3f|%e|%g|%v|%G" 3.14159 2.5 1234.5678 0.000012 1.5 1e-7}}', "3.14|   2.500|1.234568e+03|1.2e-05|1.5|1E-07"),
    ('{{printf "%t %v %T %T %T %T" true false 1 1.5 "s" .Names}}', "true false int float64 string []string"),
    ('{{printf "%T %T %T" .Ports .Labels .Mixed}}', "[]interface {} map[string]string map[string]interface {}"),
    ('{{printf "%d %s" .Name}}|{{printf "%d" 1 2}}|{{printf "%s" .Nope}}|{{printf "%!" 1}}', "%!d(string=web-1) %!s(MISSING)|1%!(EXTRA int=2)|%!s(<nil>)|%!!(int=1)"),
    ('{{printf "%q %x % x %#x %#v %#v" "é\\x01\\n" "hé" "ab" 255 .Names "s"}}', '"é\\x01\\n" 68c3a9 61 62 0xff []string{"web-1", "alias"} "s"'),
    ('{{printf "%v %d" .Ports .Names}}', "[map[Published:8080 Target:80] map[Published:0 Target:53]] [%!d(string=web-1) %!d(string=alias)]"),
    ('{{printf "%[1]d %[1]x %[3]s" 10 20}} {{printf "%[5]d" 1}}', "10 a %!s(BADINDEX) %!d(BADINDEX)"),
    ('{{printf "%[2]s %[1]s" "a" "b"}} {{printf "%*d|%-*d|" 4 1 3 2}} {{printf "100%%"}}', "b a    1|2  | 100%"),
    # json
    ("{{json .Labels}}", '{"a":"x","b":"2","com.example.k":"v v"}'),
    ("{{json .Names}} {{json .Nope}} {{json .Null}} {{json .Ratio}} {{json .Big}} {{json 1e21}}", '["web-1","alias"] null null 1.5 1000000 1e+21'),
    ("{{json .Html}} {{json \"\\n\\t\\u2028\\x01\"}}", '"<a&b>" "\\n\\t\\u2028\\u0001"'),
    ("{{json .Ports}}", '[{"Published":8080,"Target":80},{"Published":0,"Target":53}]'),
    # docker/cli functions
    ('{{join .Names ", "}} {{join (split "a,b,c" ",") "+"}} {{split "a,b" ","}} {{split "abc" ""}}', "web-1, alias a+b+c [a b] [a b c]"),
    ('{{upper .Name}} {{lower "ÀB"}} {{title "hello wOrld-x_y élan"}}', "WEB-1 àb Hello WOrld-X_y Élan"),
    ('{{upper "ß straße ǆ"}} {{lower "İSTANBUL ǅ"}}', "ß STRAßE Ǆ istanbul ǆ"),
    ('{{truncate .Name 3}}|{{truncate "ab" 5}}|{{truncate "héllo" 2}}', "web|ab|h\ufffd"),
    ('{{pad .Name 2 1}}|{{pad "" 1 1}}|', "  web-1 ||"),
    # html, js, urlquery
    ('{{html "<a&\\"b\'>"}} {{js "<a\'b>="}} {{urlquery "a b&c=d/é"}}', "&lt;a&amp;&#34;b&#39;&gt; \\u003Ca\\'b\\u003E\\u003D a+b%26c%3Dd%2F%C3%A9"),
]


@pytest.mark.parametrize(("template", "expected"), [c for c in CASES if c[1] is not None])
def test_renders_as_go(template: str, expected: str) -> None:
    assert render(template) == expected


def test_dot_and_dollar_print_the_whole_map() -> None:
    expected = render("{{.}}")
    assert expected == render("{{$}}")
    assert expected.startswith("map[Big:1e+06 Down:false Empty:[] EmptyMap:map[] ExitCode:0 Health: Html:<a&b> ")
    assert "Null:<nil>" in expected and "Names:[web-1 alias]" in expected


def test_render_of_other_roots() -> None:
    assert render("{{.}}", "text") == "text"
    assert render("{{.}}", None) == "<no value>"
    assert render("{{.}}|{{len .}}", [1, "a"]) == "[1 a]|2"
    assert render("{{range .}}{{.}}{{end}}", [1, 2]) == "12"
    assert render("{{.X}}", {}) == "<no value>"


EXEC_ERRORS = [
    ("{{.Name.X}}", 'template: :1:7: executing "" at <.Name.X>: can\'t evaluate field X in type interface {}'),
    ("{{.Labels.a.b}}", 'template: :1:9: executing "" at <.Labels.a.b>: can\'t evaluate field b in type string'),
    ("{{$n := .Names}}{{$n.X}}", 'template: :1:20: executing "" at <$n.X>: can\'t evaluate field X in type []string'),
    ("{{.Null.X}}", 'template: :1:7: executing "" at <.Null.X>: nil pointer evaluating interface {}.X'),
    ("{{range .Names}}{{.X}}{{end}}", "template: :1:18: executing \"\" at <.X>: can't evaluate field X in type string"),
    ("{{upper .Null}}", 'template: :1:8: executing "" at <.Null>: wrong type for value; expected string; got interface {}'),
    ("{{.Null | upper}}", 'template: :1:10: executing "" at <upper>: invalid value; expected string'),
    ("{{upper .Nope}}", 'template: :1:8: executing "" at <.Nope>: invalid value; expected string'),
    ("{{3 | upper}}", 'template: :1:6: executing "" at <upper>: wrong type for value; expected string; got int'),
    ("{{upper 3}}", 'template: :1:8: executing "" at <3>: expected string; found 3'),
    ("{{truncate .Name 1.5}}", 'template: :1:17: executing "" at <1.5>: expected integer; found 1.5'),
    ("{{join .Ports \",\"}}", 'template: :1:7: executing "" at <.Ports>: wrong type for value; expected []string; got []interface {}'),
    ('{{eq "a" 1}}', 'template: :1:2: executing "" at <eq "a" 1>: error calling eq: incompatible types for comparison'),
    ("{{lt 1 2.0}}", 'template: :1:2: executing "" at <lt 1 2.0>: error calling lt: incompatible types for comparison'),
    ("{{lt true false}}", 'template: :1:2: executing "" at <lt true false>: error calling lt: invalid type for comparison'),
    ("{{eq .Names .Names}}", 'template: :1:2: executing "" at <eq .Names .Names>: error calling eq: non-comparable type [web-1 alias]: []string'),
    ("{{len .Null}}", 'template: :1:2: executing "" at <len .Null>: error calling len: len of nil pointer'),
    ("{{len 3}}", 'template: :1:2: executing "" at <len 3>: error calling len: len of type int'),
    ("{{index .Names 2}}", 'template: :1:2: executing "" at <index .Names 2>: error calling index: reflect: slice index out of range'),
    ("{{index .Names 5}}", 'template: :1:2: executing "" at <index .Names 5>: error calling index: index out of range: 5'),
    ('{{index .Names "a"}}', 'template: :1:2: executing "" at <index .Names "a">: error calling index: cannot index slice/array with type string'),
    ("{{index .Labels 1}}", 'template: :1:2: executing "" at <index .Labels 1>: error calling index: value has type int; should be string'),
    ("{{index .Name 1 2}}", 'template: :1:2: executing "" at <index .Name 1 2>: error calling index: can\'t index item of type uint8'),
    ("{{index .Nope 1}}", 'template: :1:2: executing "" at <index .Nope 1>: error calling index: index of untyped nil'),
    ("{{slice .Name 3 1}}", 'template: :1:2: executing "" at <slice .Name 3 1>: error calling slice: invalid slice index: 3 > 1'),
    ("{{nil}}", 'template: :1:2: executing "" at <nil>: nil is not a command'),
    ("{{len}}", 'template: :1:2: executing "" at <len>: wrong number of args for len: want 1 got 0'),
    ("{{printf}}", 'template: :1:2: executing "" at <printf>: wrong number of args for printf: want at least 1 got 0'),
    ("{{not 1 2}}", 'template: :1:2: executing "" at <not>: wrong number of args for not: want 1 got 2'),
    ("{{. .}}", 'template: :1:2: executing "" at <.>: can\'t give argument to non-function .'),
    ('{{.Name "x"}}', 'template: :1:2: executing "" at <.Name>: Name is not a method but has arguments'),
    ("{{$y = 2}}", 'template: :1:7: executing "" at <2>: undefined variable: $y'),
    ("{{range .Name}}{{end}}", 'template: :1:8: executing "" at <.Name>: range can\'t iterate over web-1'),
    ("{{range $i, $v := 3}}{{end}}", 'template: :1:18: executing "" at <3>: can\'t use 3 to iterate over more than one variable'),
    ("{{json .Fn}}", None),
    ("a\nb {{.Name.X}}", 'template: :2:9: executing "" at <.Name.X>: can\'t evaluate field X in type interface {}'),
    ("é{{.Name.X}}", 'template: :1:9: executing "" at <.Name.X>: can\'t evaluate field X in type interface {}'),
]


@pytest.mark.parametrize(("template", "expected"), [c for c in EXEC_ERRORS if c[1] is not None])
def test_execution_errors_are_gos(template: str, expected: str) -> None:
    assert error(template) == expected


PARSE_ERRORS = [
    ("{{foo}}", 'template: :1:2: function "foo" not defined'),
    ("{{.Name", "template: :1:7: unclosed action"),
    ("{{", "template: :1:2: unclosed action"),
    ("{{end}}", "template: :1:5: unexpected {{end}}"),
    ("{{.Name}}{{else}}", "template: :1:15: unexpected {{else}}"),
    ("{{if .Name}}x", "template: :1:13: unexpected EOF"),
    ("{{if .Name}}a{{else}}b{{else}}c{{end}}", "template: :1:28: expected end; found {{else}}"),
    ("{{if}}{{end}}", "template: :1:4: missing value for if"),
    ("{{range}}{{end}}", "template: :1:7: missing value for range"),
    ("{{.Name | 3}}", "template: :1:10: non executable command in pipeline stage 2"),
    ('{{"a".x}}', 'template: :1:5: unexpected . after term "\\"a\\""'),
    ("{{$x}}", 'template: :1:2: undefined variable "$x"'),
    ("{{ .Name }", 'template: :1:9: unexpected "}" in operand'),
    ("{{|.Name}}", 'template: :1:2: unexpected "|" in command'),
    ("{{.Name.}}", "template: :1:7: unexpected <.> in operand"),
    ("{{.Na-me}}", "template: :1:2: bad character U+002D '-'"),
    ("{{(.Name}}", "template: :1:8: unclosed left paren"),
    ("{{.Name)}}", "template: :1:7: unexpected right paren"),
    ("{{/* c */ }}", "template: :1:2: comment ends before closing delimiter"),
    ("a{{/* c", "template: :1:3: unclosed comment"),
    ('{{"\\z"}}', "template: :1:2: invalid syntax"),
    ("{{'ab'}}", "template: :1:2: malformed character constant: 'ab'"),
    ('{{.Name "x}}', "template: :1:8: unterminated quoted string"),
    ("{{1x}}", 'template: :1:2: bad number syntax: "1x"'),
    ("{{08}}", 'template: :1:2: integer overflow: "08"'),
    ("{{99999999999999999999}}", 'template: :1:2: integer overflow: "99999999999999999999"'),
    ("{{$x, $y := .Labels}}", "template: :1:4: too many declarations in command"),
    ("{{range $x, $y, $z := .Labels}}{{end}}", "template: :1:14: too many declarations in range"),
    ("{{break}}", "template: :1:2: {{break}} outside {{range}}"),
    ("{{range .}}{{break 1}}{{end}}", 'template: :1:19: unexpected "1" in {{break}}'),
    ("{{range .}}{{else if .}}{{end}}", "template: :1:18: unexpected <if> in input"),
    ('{{template "x"}}', "template: :1:2: {{template}} (named templates) is not supported"),
    ('{{define "x"}}{{end}}', "template: :1:2: {{define}} (named templates) is not supported"),
    ("{{1+2i}}", "template: :1:2: complex numbers are not supported"),
    ("a\n  {{foo}}", 'template: :2:4: function "foo" not defined'),
]


@pytest.mark.parametrize(("template", "expected"), PARSE_ERRORS)
def test_parse_errors_name_the_position(template: str, expected: str) -> None:
    with pytest.raises(TemplateError) as info:
        compile_template(template)
    assert str(info.value) == expected
    assert isinstance(info.value, ComposeError)
    assert (info.value.line, info.value.col) == tuple(int(p) for p in expected.split(":")[2:4])


def test_json_errors_and_callables() -> None:
    assert error("{{json .F}}", {"F": float("nan")}) == (
        'template: :1:2: executing "" at <json .F>: error calling json: json: unsupported value: NaN')
    data = {"Label": lambda key: {"k": "v"}.get(key, ""), "Name": "n", "Fail": lambda: 1 / 0}
    assert render('{{.Label "k"}}|{{.Label "x"}}|{{"k" | .Label}}', data) == "v||v"
    assert error("{{.Fail}}", data) == 'template: :1:2: executing "" at <.Fail>: error calling Fail: division by zero'
    assert render('{{call (index .Fns 0) "k"}}', {"Fns": [str.upper]}) == "K"


def test_partial_output_is_not_returned_on_error() -> None:
    with pytest.raises(TemplateError):
        render("ok {{.Name.X}}")


def test_go_json() -> None:
    assert go_json({"b": [1, 2.5, None, True], "a": "<&>"}) == '{"a":"<&>","b":[1,2.5,null,true]}'
    assert go_json({"a": "<&>"}, escape_html=True) == '{"a":"\\u003c\\u0026\\u003e"}'
    assert go_json({"b": 1, "a": {"z": 1, "y": 2}}, sort_keys=False) == '{"b":1,"a":{"y":2,"z":1}}'
    assert go_json([1e-7, 1e20, -0.0, 100.0]) == "[1e-7,100000000000000000000,-0,100]"


def test_tabwrite_is_gos_tabwriter() -> None:
    assert tabwrite("NAME\tSTATE\nweb-1\trunning\n") == "NAME      STATE\nweb-1     running\n"
    assert tabwrite("a\tb\tc\nlong-name-here\tx\ty\n") == (
        "a                b         c\nlong-name-here   x         y\n")
    # a line without a tab ends the column block: the lines after it align on their own
    assert tabwrite("a\tb\nsingle\nlonger-than-ten\tc\n") == "a         b\nsingle\nlonger-than-ten   c\n"
    # widths in runes, not bytes; empty cells are padded too
    assert tabwrite("héllo\tx\n\ty\n") == "héllo     x\n          y\n"


def test_header_of_field_names() -> None:
    assert [header_of(f) for f in ("Name", "ID", "RunningFor", "ExitCode", "HTTPPort", "LocalVolumes")] == [
        "NAME", "ID", "RUNNING FOR", "EXIT CODE", "HTTP PORT", "LOCAL VOLUMES"]


ROWS = [{"Name": "web-1", "State": "running", "Image": "nginx:latest", "Labels": {"a": "b"}},
        {"Name": "db-1", "State": "exited", "Image": "postgres", "Labels": {}}]


def test_render_rows_plain_table_and_json() -> None:
    assert render_rows("{{.Name}} {{.State}}", ROWS) == "web-1 running\ndb-1 exited\n"
    assert render_rows(r"{{.Name}}\t{{.State}}", ROWS) == "web-1\trunning\ndb-1\texited\n"
    assert render_rows(r"table {{.Name}}\t{{.State}}", ROWS) == (
        "NAME      STATE\nweb-1     running\ndb-1      exited\n")
    assert render_rows("table {{.Name}}\t{{.State}}", [], {"Name": "NAME", "State": "STATUS"}) == "NAME      STATUS\n"
    assert render_rows("json", ROWS[:1]) == '{"Name":"web-1","State":"running","Image":"nginx:latest","Labels":{"a":"b"}}\n'
    assert render_rows("JSON", []) == ""
    assert render_rows("   {{.Name}}  ", ROWS[:1]) == "web-1\n"
    assert render_rows("tablex{{.Name}}", ROWS[:1]) == "xNAME\nxweb-1\n"
    assert render_rows("table", ROWS[:1], table_default=r"table {{.Name}}\t{{.Image}}") == (
        "NAME      IMAGE\nweb-1     nginx:latest\n")


def test_table_headers_use_dockers_header_functions() -> None:
    headers = {"Name": "NAME", "Image": "IMAGE", "State": "STATE", "Labels": "LABELS"}
    out = render_rows(r"table {{upper .Name}}\t{{json .Image}}\t{{truncate .State 2}}\t{{pad .Name 1 1}}|", ROWS, headers)
    assert out.splitlines()[0] == "NAME      IMAGE            STATE      NAME |"
    assert out.splitlines()[1] == 'WEB-1     "nginx:latest"   ru         web-1 |'
    # a field with no header prints Go's <no value>; an error ends the header row quietly
    assert render_rows(r"table {{.Name}}\t{{.Nope}}", ROWS[:1], headers).splitlines()[0] == "NAME      <no value>"
    assert render_rows(r"table {{.Name}}\t{{.Name.X}}x", [], headers) == "NAME      \n"
    headers_label = {**headers, "Label": lambda name: name.rsplit(".", 1)[-1]}
    assert render_rows('table {{.Label "com.example.k"}}', [], headers_label) == "k\n"


def test_compiled_templates_are_reused() -> None:
    assert compile_template("{{.Name}}") is compile_template("{{.Name}}")


def test_import_is_light() -> None:
    code = ("import sys, compose.present.gotemplate as g; g.compile_template('{{.A}}').render({}); "
            "heavy = {'docker', 'rich', 'yaml', 'jsonschema', 'networkx', 'anyio', 'json', 'urllib.parse'}; "
            "print(sorted(heavy & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
