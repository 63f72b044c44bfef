"""What the commands share, below their flags: loading the project (``loading``), the engine and
running plans with a progress view (``plans``), the project a command acts on (``target``), images
(``images``), attached ``up`` (``attached``), the terminal (``terminal``), log following
(``log_follow``), cp's archives (``archives``), run's flags (``oneoff_flags``), dates and durations
(``times``), config's YAML and JSON (``config_format``). Everything here takes typed options
(``compose.cli.options.GlobalOptions`` and records), never argparse's Namespace."""
