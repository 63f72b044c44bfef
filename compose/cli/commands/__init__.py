"""One module per verb. Each defines ``configure(parser)`` and ``run(args) -> int``."""
