"""The only package that imports ``docker``: the Engine API behind pycompose's own types."""
