"""``watch``: file changes under ``develop.watch`` paths -> sync, rebuild, restart, exec (issue 18).

The pure parts: ``rules`` (the watch rules of a project: checks, ignore/include decisions, host ->
container paths), ``batch`` (the debouncer: a quiet period, an injected clock), ``archive`` (one tar
of a batch). The engine parts: ``sync`` (one ``put_archive`` per container per batch, deletes by one
``rm -rf`` exec), ``session`` (the file watcher, the loop, the actions; rebuilds through
``compose.api.up``). The CLI's ``pycompose watch`` (compose/cli/commands/watch.py) drives ``session``.
"""
