"""Presentation: the only package (with compose/cli) that writes to the terminal.

Progress views are ``EventSink``s (plain lines, a live rich view, JSON lines,
quiet), chosen by ``progress.make_view`` from ``--progress``/``--ansi``/``NO_COLOR``;
``logs`` multiplexes container output with aligned, coloured prefixes; ``tables``
renders ``ps``; ``errors`` turns a failed plan into messages.
"""
