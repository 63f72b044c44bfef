#!/bin/sh
# The docker compose commands CI pipelines run, one after the other, as a CI job would
# (no terminal, stdin closed). Usage: ci_pipeline.sh OUT_DIR, in the project's folder, with
# COMPOSE (e.g. "docker compose") and PROJECT set. Each step's stdout, stderr and exit code go
# to OUT_DIR/STEP.out, .err, .rc; tests/clients/test_client_ci_script.py compares them between
# pycompose and Docker Compose v2.
set -u
out=$1
mkdir -p "$out"
step() {
  name=$1; shift
  "$@" >"$out/$name.out" 2>"$out/$name.err" </dev/null
  echo $? >"$out/$name.rc"
}
c="$COMPOSE -p $PROJECT"
step config   $c config --services
step up       $c up -d --wait
step ps       $c ps --format json
step ps-all   $c ps -a --format json
step ps-q     $c ps --services
step exec     $c exec -T web sh -c 'echo exec-out; echo exec-err >&2; exit 3'
step exec-env $c exec -T -e FOO=bar web sh -c 'echo "$FOO $GREETING"'
step run      $c run --rm job sh -c 'echo run-out; echo run-err >&2'
step run-code $c run --rm -T job sh -c 'exit 7'
step logs     $c logs --no-color worker
step logs-job $c logs --no-color --no-log-prefix init
step down     $c down -v --remove-orphans
step ps-after $c ps -a --format json
