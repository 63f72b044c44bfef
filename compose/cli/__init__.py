"""The ``pycompose`` command line: argument parsing and wiring only."""
