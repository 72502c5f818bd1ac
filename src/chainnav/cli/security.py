"""`chainnav security` (chain self-controllability) and `chainnav watch` (what the last import added)."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path
from typing import Annotated

import pyarrow as pa
import pyarrow.compute as pc
import typer

from chainnav.cli.common import DbOption, JsonOption, console, open_nav, print_arrow, print_json
from chainnav.config import Settings
from chainnav.errors import InputError

RANKING_COLUMNS = ["chokepoint_rank", "node_id", "name_zh", "chokepoint", "foreign_share", "foreign_hhi", "rta",
                   "importance", "class", "rank_min", "rank_max"]


def parse_years(text: str | None) -> tuple[int, int] | None:
    """``2010-2020`` → (2010, 2020).

    >>> parse_years("2010-2020"), parse_years(None)
    ((2010, 2020), None)
    """
    if text is None:
        return None
    match = re.fullmatch(r"\s*(\d{4})\s*-\s*(\d{4})\s*", text)
    if not match:
        raise typer.BadParameter(f"{text!r} is not a year range; write FROM-TO, e.g. 2010-2020", param_hint="--years")
    return int(match[1]), int(match[2])


def read_litigants(path: Path | None) -> list[str]:
    """Names of known litigants: a text file with one name per line, or a CSV with a ``name`` column."""
    if path is None:
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read litigant list: {exc}", file=str(path), hint="Check the --litigants path.") from exc
    except UnicodeDecodeError as exc:
        raise InputError("litigant list is not UTF-8 text", file=str(path),
                         hint="Save it as UTF-8 text with one name per line.") from exc
    lines = text.splitlines()
    if lines and lines[0].split(",")[0].strip().strip('"').lower() == "name":
        names = [row.get("name") or "" for row in csv.DictReader(lines)]
    else:
        names = [line.strip().strip('"') for line in lines]
    return [n.strip() for n in names if n.strip()]


def _round_floats(table: pa.Table) -> pa.Table:
    cols = [pc.round(c, 3) if pa.types.is_floating(c.type) else c for c in table.columns]
    return pa.table(cols, names=table.column_names)


def register(app: typer.Typer) -> None:
    """Add the security commands to the chainnav app."""

    @app.command("security")
    def security_cmd(
        chain: Annotated[str, typer.Option("--chain", help="Chain id, e.g. uav.")],
        db: DbOption,
        region: Annotated[
            str, typer.Option("--region", help="Region of interest: a country (CN) or ISO 3166-2 region (CN-GD).",
                              default_factory=lambda: Settings().region)
        ],
        country: Annotated[str | None, typer.Option("--country", help="Domestic country (default: the region's).")] = None,
        weights: Annotated[Path | None, typer.Option("--weights", help="YAML of chokepoint weights and thresholds.")] = None,
        years: Annotated[str | None, typer.Option("--years", help="Application years FROM-TO.")] = None,
        litigants: Annotated[Path | None, typer.Option("--litigants", help="Known litigants, one name per line.")] = None,
        as_of: Annotated[str | None, typer.Option("--as-of", help="Date for terms and expiries (YYYY-MM-DD; default today).")] = None,
        out: Annotated[Path | None, typer.Option("--out", help="Write every table (Parquet and one XLSX) here.")] = None,
        json_: JsonOption = False,
    ) -> None:
        """Chain security: chokepoint ranking, 强链/补链/延链, target lists and patent warnings."""
        from chainnav.security import assess

        try:
            date = dt.date.fromisoformat(as_of) if as_of else None
        except ValueError:
            raise typer.BadParameter(f"{as_of!r} is not a date; write YYYY-MM-DD", param_hint="--as-of") from None
        with open_nav(db, read_only=True) as nav:
            result = assess(nav, chain, region=region, country=country, weights=weights, years=parse_years(years),
                            litigants=read_litigants(litigants), as_of=date)
        written = result.write(out) if out else []
        if json_:
            print_json(result.to_dict())
            return
        console.print(f"[bold]{chain}[/] · region {result.region} · domestic {result.country} · weights "
                      + ", ".join(f"{k} {v:.2f}" for k, v in result.weights.items()))
        print_arrow(_round_floats(result.nodes.select(RANKING_COLUMNS)), title="卡脖子 chokepoint ranking")
        for row in result.nodes.to_pylist():
            console.print(f"  {row['class']} {row['node_id']}: {row['class_reason']}", highlight=False)
        basis = result.params["origin_basis"]
        console.print("origin basis (node × unit rows): " + ", ".join(f"{k} {v}" for k, v in basis.items()))
        note = result.origin_note("en")
        if note:
            console.print(f"[yellow]note:[/] {note}", highlight=False)
        for name in ("chain_leaders", "attract_firms", "partners", "talent", "risk_patents", "free_to_use",
                     "high_value_local", "pledge_candidates"):
            console.print(f"{name}: {getattr(result, name).num_rows} rows")
        for path in written:
            console.print(f"wrote {path}")

    @app.command("watch")
    def watch_cmd(
        chain: Annotated[str, typer.Option("--chain", help="Chain id, e.g. uav.")],
        db: DbOption,
        lang: Annotated[str, typer.Option("--lang", help="Summary language: zh or en.",
                                          default_factory=lambda: Settings().lang)],
        json_: JsonOption = False,
    ) -> None:
        """What the latest import added to a chain: new filings, entrants and high-value patents per node."""
        from chainnav.security.watch import watch

        with open_nav(db, read_only=True) as nav:
            result = watch(nav, chain)
        if json_:
            print_json(result.to_dict())
            return
        console.print(result.summary_text(lang), highlight=False)
        print_arrow(result.nodes, title="new since the previous load")
