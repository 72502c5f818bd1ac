"""Entity commands: ``chainnav entities resolve|show|merge|split``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import pyarrow as pa
import typer

from chainnav.cli.common import DbOption, JsonOption, console, open_nav, print_arrow, print_json

if TYPE_CHECKING:
    from chainnav.entities import ResolveReport

KindOption = Annotated[str, typer.Option("--kind", help="applicant or inventor.")]
NoteOption = Annotated[str | None, typer.Option("--note", help="Why (kept with the decision).")]


def _print_report(report: ResolveReport | None, json_out: bool) -> None:
    if report is None:
        return
    if json_out:
        print_json(report.to_dict())
    else:
        console.print(str(report))


def register(app: typer.Typer) -> None:
    """Add the entities commands to the chainnav app."""
    group = typer.Typer(
        help="Applicant and inventor disambiguation: resolve, review, merge, split.", no_args_is_help=True
    )

    @group.command("resolve")
    def resolve_cmd(
        db: DbOption,
        kind: Annotated[
            str | None, typer.Option("--kind", help="applicant or inventor (default both).")
        ] = None,
        json_out: JsonOption = False,
    ) -> None:
        """Disambiguate applicants and inventors of the whole store (re-runnable; manual decisions win)."""
        from chainnav.entities import resolve

        with open_nav(db) as nav:
            report = resolve(nav, kind, workers=-1)
        _print_report(report, json_out)

    @group.command("show")
    def show(
        db: DbOption,
        entity_id: Annotated[str | None, typer.Argument(help="An entity id: show its spellings.")] = None,
        kind: KindOption = "applicant",
        query: Annotated[str | None, typer.Option("--query", "-q", help="Name contains this text.")] = None,
        top: Annotated[int, typer.Option("--top", help="Entities to list.")] = 20,
        json_out: JsonOption = False,
    ) -> None:
        """List the biggest entities (or those matching --query), or one entity with its spellings."""
        from chainnav.entities import entities, entity_detail

        with open_nav(db, read_only=True) as nav:
            if entity_id:
                detail = entity_detail(nav, entity_id)
                if json_out:
                    print_json(detail)
                    return
                console.print(
                    f"[bold]{detail['entity_id']}[/] {detail['name']} ({detail['kind']}, "
                    f"{detail['patents']} publications)"
                )
                print_arrow(pa.Table.from_pylist(detail["names"]), title="spellings")
                if detail["overrides"]:
                    print_arrow(pa.Table.from_pylist(detail["overrides"]), title="manual decisions")
                return
            table = entities(nav, kind=kind, query=query, limit=top)
        if json_out:
            print_json(table)
        else:
            print_arrow(table, title=f"{kind} entities")

    @group.command("merge")
    def merge_cmd(
        refs: Annotated[list[str], typer.Argument(help="Entity ids or exact names to make one entity.")],
        db: DbOption,
        kind: KindOption = "applicant",
        note: NoteOption = None,
        json_out: JsonOption = False,
    ) -> None:
        """Record that these entities are one, then resolve the kind again."""
        from chainnav.entities import merge

        with open_nav(db) as nav:
            report = merge(nav, refs, kind=kind, note=note)
        _print_report(report, json_out)

    @group.command("split")
    def split_cmd(
        entity_id: Annotated[str, typer.Argument(help="The entity to split.")],
        db: DbOption,
        name: Annotated[
            list[str] | None, typer.Option("--name", help="Applicant spelling to take out.")
        ] = None,
        patent: Annotated[
            list[str] | None, typer.Option("--patent", help="Inventor occurrence to take out.")
        ] = None,
        note: NoteOption = None,
        json_out: JsonOption = False,
    ) -> None:
        """Take spellings (--name) or inventor occurrences (--patent) out into a new entity, then resolve."""
        from chainnav.entities import split

        with open_nav(db) as nav:
            report = split(nav, entity_id, names=name or (), patents=patent or (), note=note)
        _print_report(report, json_out)

    app.add_typer(group, name="entities")
