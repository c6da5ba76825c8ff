"""Subcommands of the ``madoguchi`` command line; each module exposes ``register(subparsers)``."""
