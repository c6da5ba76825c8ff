"""The ``madoguchi`` command line.

Each subcommand lives in its own module under ``bot.commands`` and is imported only when used, so that
``madoguchi ask`` starts fast (no web framework or database driver loaded).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

# subcommand -> (module under bot.commands, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "ask": ("ask", "answer questions from the command line (one per line on stdin if none given)"),
    "kb": ("kb", "knowledge base tools: 'kb check' validates the data files"),
    "serve": ("serve", "run the web app (chat, intake API, back office, Slack HTTP endpoint)"),
    "chat": ("chat", "talk to the bot in the terminal, through the same conversation core"),
    "db": ("db", "database tools: 'db upgrade' applies migrations"),
    "slack": ("slack", "run the Slack app in Socket Mode (needs SLACK_APP_TOKEN)"),
    "staff": ("staff", "manage secretariat staff accounts and API tokens"),
    "purge": ("purge", "purge personal data of long-closed tickets and idle conversations"),
}


def build_parser(selected: str | None) -> argparse.ArgumentParser:
    """Build the parser; only the selected subcommand's module is imported (for start-up time)."""
    parser = argparse.ArgumentParser(prog="madoguchi", description="Madoguchi (窓口) privacy helpdesk bot")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        if name == selected:
            module = importlib.import_module(f"bot.commands.{module_name}")
            module.register(subparsers.add_parser(name, help=help_text, description=help_text))
        else:
            subparsers.add_parser(name, help=help_text, add_help=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``madoguchi`` console script; returns the exit status."""
    args_list = sys.argv[1:] if argv is None else argv
    selected = next((a for a in args_list if not a.startswith("-")), None)
    if selected not in COMMANDS:
        selected = None
    parser = build_parser(selected)
    args = parser.parse_args(args_list)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 0 if args.command is None else 2
    try:
        return int(args.handler(args) or 0)
    except BrokenPipeError:  # `madoguchi ask … | head`: the reader left; stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
