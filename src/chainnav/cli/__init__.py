"""The chainnav command line: a thin layer over the Python API (one library call + rendering).

Each capability registers its commands from its own module listed in ``COMMAND_MODULES``.
Exit codes: 0 success, 1 invalid data or a failed operation, 2 usage error.
"""

from __future__ import annotations

import importlib
import os
import sys

import typer

from chainnav.cli.common import console, err_console
from chainnav.errors import ChainnavError

COMMAND_MODULES = (
    "store",
    "ingest",
    "chains",
    "analytics",
    "entities",
    "security",
    "standards",
    "report",
    "web",
    "demo",
)

app = typer.Typer(
    name="chainnav",
    help="Industrial-chain patent navigation: ingest exports, classify chains, analyse, report, serve.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

for _name in COMMAND_MODULES:
    importlib.import_module(f"chainnav.cli.{_name}").register(app)


def main() -> None:
    """Entry point: runs the app and turns chainnav errors into messages, never tracebacks."""
    try:
        app(standalone_mode=False)
    except ChainnavError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
        sys.exit(1)
    except (typer.Exit, SystemExit) as exc:
        code = getattr(exc, "exit_code", None)
        sys.exit(code if code is not None else getattr(exc, "code", 0))
    except typer.Abort:
        err_console.print("aborted")
        sys.exit(1)
    except Exception as exc:  # click usage errors and anything unexpected
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if os.environ.get("CHAINNAV_DEBUG"):
            raise
        err_console.print(
            f"[bold red]internal error:[/] {type(exc).__name__}: {exc}\n"
            "Run again with CHAINNAV_DEBUG=1 for the full traceback and report it.",
            highlight=False,
        )
        sys.exit(1)


__all__ = ["app", "console", "main"]
