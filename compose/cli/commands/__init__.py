"""One module per verb: ``Options`` (a record of its flags), ``configure(parser)`` (the flags) and
``run(options, globals) -> int``. What several commands share is in ``compose.cli.shared``."""
