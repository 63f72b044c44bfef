"""What a schema problem says: file:line:col, the key path, plain words; anyOf reduced to one cause."""

from __future__ import annotations

from validate_support import FILE, document, schema_issues

from compose.errors import Location, ValidationError
from compose.load.sourcemap import SourceMap
from compose.validate.schema import compose_schema, read_schema_text, validate_document


def test_issue_carries_location_path_and_plain_words() -> None:
    issues = schema_issues(
        """\
        services:
          web:
            image: 3
        """
    )
    assert len(issues) == 1
    issue = issues[0]
    assert issue.location == Location(FILE, 3, 5)
    assert issue.path == "services.web.image"
    assert issue.message == "must be a string, not the number 3"
    assert str(issue) == "compose.yaml:3:5: services.web.image: must be a string, not the number 3"


def test_every_problem_is_reported_in_file_order() -> None:
    issues = schema_issues(
        """\
        services:
          web:
            imagee: nginx
            ports: [true]
            healthcheck: {interval: 10}
          db:
            image: [postgres]
        volumes:
          "a/b": {}
        """
    )
    assert [(i.location.line if i.location else 0, i.path) for i in issues] == [
        (3, "services.web.imagee"),
        (4, "services.web.ports[0]"),
        (5, "services.web.healthcheck.interval"),
        (7, "services.db.image"),
        (9, "volumes.a/b"),
    ]


def test_unknown_key_points_at_the_key_and_suggests_the_close_one() -> None:
    (issue,) = schema_issues(
        """\
        services:
          web:
            image: nginx
            enviroment: {A: 1}
        """
    )
    assert issue.location == Location(FILE, 4, 5)
    assert issue.message == "unknown key 'enviroment' (did you mean 'environment'?)"


def test_unknown_key_with_no_close_match_says_only_that() -> None:
    (issue,) = schema_issues("services:\n  web:\n    image: x\n    zzzz: 1\n")
    assert issue.message == "unknown key 'zzzz'"


def test_several_unknown_keys_give_one_issue_each() -> None:
    issues = schema_issues("services:\n  web:\n    image: x\n    foo: 1\n    bar: 2\n")
    assert sorted(i.message for i in issues) == ["unknown key 'bar'", "unknown key 'foo'"]


def test_duplicate_item_points_at_the_second_one() -> None:
    (issue,) = schema_issues("services:\n  web:\n    image: x\n    depends_on:\n      - db\n      - db\n")
    assert issue.path == "services.web.depends_on[1]"
    assert issue.location == Location(FILE, 6, 9)
    assert issue.message == "duplicate item 'db' (same as item 0)"


# --- anyOf / alternatives: the most specific cause -----------------------------------------------


def test_wrong_type_for_every_alternative_says_what_would_do() -> None:
    (issue,) = schema_issues("services:\n  web:\n    image: x\n    ports: [true]\n")
    assert issue.message == "must be a port like '8080:80' or a mapping with 'target', not the boolean true"


def test_alternative_of_the_right_type_is_explained_in_depth() -> None:
    # depends_on is a list or a mapping; for a mapping the missing condition is the cause,
    # not "must be a list".
    (issue,) = schema_issues("services:\n  web:\n    image: x\n    depends_on:\n      db: {restart: true}\n")
    assert issue.path == "services.web.depends_on.db"
    assert issue.message == "missing required key 'condition'"


def test_deep_errors_of_the_fitting_alternative_are_all_reported() -> None:
    issues = schema_issues(
        "services:\n  web:\n    image: x\n    ports:\n      - {target: 80, foo: 1, published: 1.5}\n"
    )
    assert sorted((i.path, i.message) for i in issues) == [
        ("services.web.ports[0].foo", "unknown key 'foo'"),
        ("services.web.ports[0].published", "must be a whole number or a string, not the number 1.5"),
    ]


def test_right_type_wrong_form_uses_the_schema_words() -> None:
    (issue,) = schema_issues("services:\n  web:\n    image: x\n    cpu_percent: 150\n")
    assert issue.message == "must be a percentage (0 to 100) or a string, not the number 150"


def test_nested_alternatives_reduce_to_the_innermost_cause() -> None:
    (issue,) = schema_issues(
        "services:\n  web:\n    image: x\n    ulimits:\n      nofile: {soft: 1, hard: 2, extra: 3}\n"
    )
    assert issue.path == "services.web.ulimits.nofile.extra"
    assert issue.message == "unknown key 'extra'"


def test_long_volume_without_type_is_a_missing_key_not_a_type_error() -> None:
    (issue,) = schema_issues("services:\n  web:\n    image: x\n    volumes:\n      - target: /data\n")
    assert issue.path == "services.web.volumes[0]"
    assert issue.message == "missing required key 'type'"


# --- odd inputs ------------------------------------------------------------------------------


def test_non_string_keys_are_reported_not_crashed_on() -> None:
    data = {"services": {"web": {"image": "x", "environment": {1: "a"}}}}
    (issue,) = validate_document(data, SourceMap())
    assert issue.path == "services.web.environment"
    assert issue.message == "keys must be strings, found 1"
    assert issue.location is None


def test_issue_location_falls_back_to_the_nearest_known_ancestor() -> None:
    data, sources = document("services:\n  web:\n    image: x\n")
    data["services"]["web"]["ports"] = [True]  # a value the file never wrote
    (issue,) = validate_document(data, sources)
    assert issue.location == Location(FILE, 2, 3)


def test_issues_fit_validation_error() -> None:
    issues = schema_issues("services:\n  web:\n    image: 3\n    tty: 2\n")
    error = ValidationError(issues)
    assert str(error).splitlines() == [
        "compose.yaml:3:5: services.web.image: must be a string, not the number 3",
        "compose.yaml:4:5: services.web.tty: must be a boolean or a string, not the number 2",
    ]


def test_schema_is_read_from_the_package_or_the_repo() -> None:
    assert '"$defs"' in read_schema_text()
    schema = compose_schema()
    assert schema["$schema"].endswith("2020-12/schema")
    assert {"services", "networks", "volumes", "secrets", "configs", "models", "include"} <= set(
        schema["properties"]
    )
