"""web commands: ``chainnav serve`` (the platform) and ``chainnav admin create-user``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from chainnav.cli.common import DbOption, console, open_nav
from chainnav.errors import NotFoundError


def register(app: typer.Typer) -> None:
    """Add the web commands to the chainnav app."""

    @app.command()
    def serve(
        db: DbOption,
        host: Annotated[str, typer.Option(help="Interface to listen on (loopback by default).")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
        read_only: Annotated[
            bool, typer.Option("--read-only", help="Open the store read-only: public pages only, no imports or edits.")
        ] = False,
        region: Annotated[str, typer.Option(help="Region of interest that defines 'local' (CN, CN-GD, US-CA).")] = "CN",
        timeout: Annotated[float, typer.Option(help="Per-query time limit in seconds.")] = 5.0,
        reports_dir: Annotated[Path | None, typer.Option(help="Where built reports go (default: beside the store).")] = None,
    ) -> None:
        """Serve the industry patent database platform: pages, JSON API (/-/api) and admin (/-/admin)."""
        import uvicorn

        from chainnav.web.app import create_app

        if not db.exists():
            raise NotFoundError(f"no store at {db}", hint=f"Create one with `chainnav ingest FILE --db {db}` or `make demo`.")
        web_app = create_app(db, read_only=read_only, region=region, query_timeout=timeout, reports_dir=reports_dir)
        console.print(f"chainnav platform on http://{host}:{port}/  (API docs /-/api, admin /-/admin)")
        uvicorn.run(web_app, host=host, port=port, log_level="info")

    admin = typer.Typer(help="Administrator accounts of the web platform.", no_args_is_help=True)
    app.add_typer(admin, name="admin")

    @admin.command("create-user")
    def create_user_command(
        username: Annotated[str, typer.Argument(help="Login name.")],
        db: DbOption,
        password: Annotated[
            str,
            typer.Option(prompt=True, hide_input=True, confirmation_prompt=True, envvar="CHAINNAV_ADMIN_PASSWORD",
                         help="Password (prompted when omitted; env CHAINNAV_ADMIN_PASSWORD)."),
        ],
    ) -> None:
        """Create an administrator (or set a new password for an existing one)."""
        from chainnav.web.accounts import create_user

        with open_nav(db) as nav:
            created = create_user(nav, username, password)
        console.print(f"{'created' if created else 'updated'} administrator {username!r} in {db}")
