"""Analytics commands: ``chainnav analyze`` (every indicator to a folder), ``indicators``, ``indicator``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

import typer

from chainnav.cli.common import DbOption, JsonOption, console, open_nav, print_arrow, print_json
from chainnav.errors import ConfigError

_YEARS = re.compile(r"^\s*(\d{4})\s*-\s*(\d{4})\s*$")


def parse_years(text: str | None) -> tuple[int, int] | None:
    """``"2010-2024"`` → (2010, 2024); a single year ``"2020"`` → (2020, 2020)."""
    if text is None:
        return None
    if text.strip().isdigit() and len(text.strip()) == 4:
        return int(text), int(text)
    match = _YEARS.match(text)
    if not match:
        raise ConfigError(f"--years {text!r} is not a year range", hint="Write FROM-TO, e.g. --years 2010-2024.")
    return int(match.group(1)), int(match.group(2))


def parse_params(items: list[str]) -> dict[str, Any]:
    """``["by=node", "n=5"]`` → ``{"by": "node", "n": 5}`` (integers and floats converted)."""
    params: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ConfigError(f"--param {item!r} is not KEY=VALUE", hint="Write e.g. --param by=node.")
        parsed: Any = value
        for kind in (int, float):
            try:
                parsed = kind(value)
                break
            except ValueError:
                continue
        params[key.strip()] = parsed
    return params


RegionOption = Annotated[
    str | None, typer.Option("--region", help="Region of interest: a country (CN) or ISO 3166-2 region (CN-GD).")
]
YearsOption = Annotated[str | None, typer.Option("--years", help="Application years FROM-TO, e.g. 2010-2024.")]
UnitOption = Annotated[
    str, typer.Option("--unit", help="Counting unit: publication, application or family (同族合并).")
]
ChainOption = Annotated[str, typer.Option("--chain", help="Chain id, e.g. uav.")]


def register(app: typer.Typer) -> None:
    """Add the analytics commands to the chainnav app."""

    @app.command()
    def analyze(
        chain: ChainOption,
        out: Annotated[Path, typer.Option("--out", help="Folder for the Parquet, XLSX and manifest files.")],
        db: DbOption,
        region: RegionOption = None,
        years: YearsOption = None,
        unit: UnitOption = "family",
        family: Annotated[
            list[str] | None,
            typer.Option("--family", help="Indicator family to include (repeatable; default: all seven navigation families)."),
        ] = None,
        json_out: JsonOption = False,
    ) -> None:
        """Compute every indicator of a chain and write them as Parquet and XLSX with a manifest."""
        from chainnav.analytics.export import ANALYSIS_FAMILIES, run_analysis

        families = tuple(family) if family else ANALYSIS_FAMILIES
        with open_nav(db, read_only=True) as nav:
            result = run_analysis(
                nav, chain, region=region, years=parse_years(years), unit=unit, out=out, families=families
            )
        if json_out:
            print_json(result.manifest)
            return
        written = [r for r in result.runs if r.file]
        skipped = [r for r in result.runs if r.skipped]
        console.print(
            f"wrote {len(written)} tables to [bold]{result.folder}[/] "
            f"(unit {unit}, region {region or 'none'}) in {result.manifest['seconds']:.1f} s"
        )
        for run in skipped:
            console.print(f"[yellow]skipped[/] {run.table}: {run.skipped}")

    @app.command()
    def indicators(json_out: JsonOption = False) -> None:
        """List every indicator with its family, unit, grain and formula."""
        import pyarrow as pa

        from chainnav.analytics.registry import all_indicators
        from chainnav.analytics.view import summary_line

        table = pa.Table.from_pylist(
            [
                {"name": i.name, "family": i.family, "unit": i.unit, "grain": ", ".join(i.grain),
                 "formula": summary_line(i)}
                for i in all_indicators()
            ]
        )
        if json_out:
            print_json(table)
        else:
            print_arrow(table, limit=len(table))

    @app.command()
    def indicator(
        name: Annotated[str, typer.Argument(help="Indicator name (see `chainnav indicators`).")],
        chain: ChainOption,
        db: DbOption,
        region: RegionOption = None,
        years: YearsOption = None,
        unit: UnitOption = "family",
        param: Annotated[list[str] | None, typer.Option("--param", help="Indicator parameter KEY=VALUE.")] = None,
        limit: Annotated[int, typer.Option(help="Rows to print.")] = 50,
        json_out: JsonOption = False,
    ) -> None:
        """Compute one indicator and print it (``chainnav indicator hhi --chain uav --param by=node``)."""
        with open_nav(db, read_only=True) as nav:
            view = nav.chain(chain).scoped(region=region, years=parse_years(years), unit=unit)
            result = view.indicator(name, **parse_params(param or []))
        if json_out:
            print_json(result)
        else:
            print_arrow(result, title=f"{name} · {chain} · unit {unit}", limit=limit)
