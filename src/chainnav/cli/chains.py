"""Chain commands: ``chains list|show|validate|evaluate|suggest``, ``classify`` and ``explain``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from chainnav.cli.common import DbOption, JsonOption, console, open_nav, print_json


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def register(app: typer.Typer) -> None:
    chains_app = typer.Typer(help="Chain definitions: list, show, validate, evaluate, suggest rules.",
                             no_args_is_help=True)
    app.add_typer(chains_app, name="chains")

    @chains_app.command("list")
    def list_(json_out: JsonOption = False) -> None:
        """List the shipped chains."""
        from chainnav.chains.registry import list_chains

        chains = list_chains()
        rows = [
            {"id": c.id, "name_zh": c.name.zh, "name_en": c.name.en, "version": c.version, "nodes": len(c.nodes),
             **{seg: sum(n.segment == seg for n in c.nodes) for seg in ("upstream", "midstream", "downstream")}}
            for c in chains
        ]
        if json_out:
            print_json(rows)
            return
        table = Table(title="chains")
        for column in ("id", "name_zh", "name_en", "version", "nodes", "upstream", "midstream", "downstream"):
            table.add_column(column)
        for row in rows:
            table.add_row(*(str(v) for v in row.values()))
        console.print(table)

    @chains_app.command()
    def show(
        chain_id: Annotated[str, typer.Argument(help="Chain id, e.g. uav.")],
        db: DbOption,
        json_out: JsonOption = False,
    ) -> None:
        """Print a chain's tree with segments, rule summaries and (once classified) patent counts."""
        from chainnav.chains.classifier import node_counts
        from chainnav.chains.registry import load_chain
        from chainnav.chains.render import chain_tree

        chain = load_chain(chain_id)
        counts: dict[str, tuple[int, int]] = {}
        if db.exists():
            with open_nav(db, read_only=True) as nav:
                counts = node_counts(nav, chain_id)
        if json_out:
            print_json({"chain": chain.model_dump(mode="json"),
                        "counts": {k: {"direct": v[0], "total": v[1]} for k, v in counts.items()}})
            return
        tree = chain_tree(chain, counts)
        console.print(tree)
        if counts:
            console.print("[dim]counts: patents on the node (and with its sub-nodes)[/]")
        else:
            console.print("[dim]not classified in this store yet: run `chainnav classify --chain "
                          f"{chain_id}`[/]")

    @chains_app.command()
    def validate(
        paths: Annotated[list[Path], typer.Argument(help="Chain YAML file(s) to check.")],
    ) -> None:
        """Check chain YAML files; prints every problem with file, node, field and what is wrong."""
        from chainnav.chains.registry import ChainDefinitionError, load_chain_file

        failed = False
        for path in paths:
            try:
                chain = load_chain_file(path)
            except ChainDefinitionError as exc:
                failed = True
                console.print(f"[red]invalid[/] {path}")
                for problem in exc.problems:
                    console.print(f"  - {problem}", highlight=False, soft_wrap=True)
                continue
            console.print(f"[green]valid[/] {path}: {chain.id} v{chain.version}, {len(chain.nodes)} nodes")
        if failed:
            raise typer.Exit(1)

    @chains_app.command()
    def evaluate(
        db: DbOption,
        chain_id: Annotated[str, typer.Option("--chain", help="Chain id.")],
        labels: Annotated[Path, typer.Option(help="Labels CSV: patent_id, nodes (';'-separated), in_chain.")],
        ablation: Annotated[bool, typer.Option(help="Also score codes only and codes + keywords.")] = False,
        json_out: JsonOption = False,
    ) -> None:
        """Precision, recall and F1 per node and overall against hand labels."""
        from chainnav.chains.evaluation import evaluate as run
        from chainnav.chains.evaluation import evaluate_ablations, read_labels
        from chainnav.chains.registry import load_chain

        chain = load_chain(chain_id)
        rows = read_labels(labels, chain)
        with open_nav(db, read_only=True) as nav:
            reports = evaluate_ablations(nav, chain, rows) if ablation else {"all rules": run(nav, chain, rows)}
        if json_out:
            print_json({name: r.to_dict() for name, r in reports.items()})
            return
        final = list(reports.values())[-1]
        table = Table(title=f"{chain_id}: {final.labeled} labeled patents")
        for column in ("node", "tp", "fp", "fn", "precision", "recall", "F1"):
            table.add_column(column, justify="right" if column != "node" else "left")
        for node_id, score in [*final.nodes.items(), ("(overall, micro)", final.overall),
                               ("(in chain)", final.in_chain)]:
            table.add_row(node_id, str(score.tp), str(score.fp), str(score.fn), _fmt(score.precision),
                          _fmt(score.recall), _fmt(score.f1))
        console.print(table)
        if ablation:
            summary = Table(title="what each rule type adds (overall, micro / in chain)")
            for column in ("rules", "precision", "recall", "F1", "in-chain P", "in-chain R"):
                summary.add_column(column)
            for name, report in reports.items():
                summary.add_row(name, _fmt(report.overall.precision), _fmt(report.overall.recall),
                                _fmt(report.overall.f1), _fmt(report.in_chain.precision),
                                _fmt(report.in_chain.recall))
            console.print(summary)
        if final.missing:
            console.print(f"[yellow]{len(final.missing)} labeled patent(s) not in the store[/], e.g. "
                          f"{', '.join(final.missing[:5])}")

    @chains_app.command()
    def suggest(
        db: DbOption,
        chain_id: Annotated[str, typer.Option("--chain", help="Chain id.")],
        node: Annotated[str, typer.Option(help="Node id whose patents are the seed.")],
        min_share: Annotated[float, typer.Option(help="Minimum share of seed patents.")] = 0.05,
        min_lift: Annotated[float, typer.Option(help="Minimum lift against the whole store.")] = 50.0,
        limit: Annotated[int, typer.Option(help="Suggestions to print.")] = 30,
        json_out: JsonOption = False,
    ) -> None:
        """Propose further codes and keywords for a node, ranked by lift (Abood & Feltenberger 2018)."""
        from chainnav.chains.registry import load_chain
        from chainnav.chains.suggest import suggest as run

        chain = load_chain(chain_id)
        with open_nav(db, read_only=True) as nav:
            n_seed, found = run(nav, chain, node, min_share=min_share, min_lift=min_lift, limit=limit)
        if json_out:
            print_json({"seed": n_seed, "suggestions": [s.to_dict() for s in found]})
            return
        table = Table(title=f"{chain_id}/{node}: {n_seed} seed patents; share ≥ {min_share:g}, lift ≥ {min_lift:g}")
        for column in ("kind", "value", "seed", "store", "seed share", "lift"):
            table.add_column(column)
        for s in found:
            table.add_row(s.kind, s.value, str(s.seed_count), str(s.store_count), f"{s.seed_share:.1%}",
                          f"{s.lift:.1f}")
        console.print(table)
        if not found:
            console.print("[dim]nothing passes the thresholds; try --min-lift 10 on a small or topical store[/]")

    @app.command()
    def classify(
        db: DbOption,
        chain_id: Annotated[list[str] | None, typer.Option("--chain", help="Chain id (repeatable).")] = None,
        all_: Annotated[bool, typer.Option("--all", help="Every shipped chain.")] = False,
        json_out: JsonOption = False,
    ) -> None:
        """Rebuild patent → node assignments for chains, one transaction per chain."""
        if not chain_id and not all_:
            raise typer.BadParameter("give --chain ID (repeatable) or --all")
        with open_nav(db) as nav:
            report = nav.classify(None if all_ else chain_id, progress=not json_out)
        if json_out:
            print_json(report.to_dict())
            return
        table = Table(title=f"classified {report.patents_in_store} patents in {report.seconds:.1f} s")
        for column in ("chain", "version", "nodes", "assignments", "patents", "seconds"):
            table.add_column(column)
        for r in report.chains:
            table.add_row(r.chain_id, r.version, str(r.nodes), str(r.assignments), str(r.patents), f"{r.seconds:.2f}")
        console.print(table)

    @app.command()
    def explain(
        patent_id: Annotated[str, typer.Argument(help="Patent id, e.g. US9840323B1.")],
        db: DbOption,
        chain_id: Annotated[str, typer.Option("--chain", help="Chain id.")] = "uav",
        json_out: JsonOption = False,
    ) -> None:
        """Say why a patent is (or is not) on each node of a chain."""
        from chainnav.chains.explain import explain as run
        from chainnav.chains.registry import load_chain

        chain = load_chain(chain_id)
        with open_nav(db, read_only=True) as nav:
            result = run(nav, patent_id, chain)
        if json_out:
            print_json(result.to_dict())
            return
        console.print(f"[bold]{result.patent_id}[/] {result.title or ''}")
        if result.scope:
            mark = "[green]in scope[/]" if result.scope.assigned else "[red]outside scope[/]"
            console.print(f"chain {chain_id}: {mark} — {result.scope.reason}")
        table = Table()
        for column in ("node", "on node", "score", "reason", "rules that fired"):
            table.add_column(column, overflow="fold")
        for v in result.nodes:
            fired = ", ".join(f"{h.rule_id}" + (f" ({h.weight:g})" if h.polarity == "include" else "")
                              for h in v.hits)
            mark = "[green]yes[/]" if v.assigned else "no"
            if v.stored is not None and v.stored != v.assigned:
                mark += " [yellow](store differs: re-classify)[/]"
            table.add_row(v.node_id, mark, f"{v.score:.2f}", v.reason, fired)
        console.print(table)
