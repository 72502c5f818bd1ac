"""Scale generator: PatentsView-format bulk tables (``g_*.tsv``) at a scale factor, seeded.

SF 1 is one million granted patents. The shapes follow public statistics of the US grant corpus
(PatentsView 1976–2024): grant years growing from ~70k to ~350k a year, ~5.5 current CPC rows and
~2.5 IPC rows per patent over a Zipf-like subclass distribution, ~12 US citations per patent with
a heavy forward-citation tail, ~2.8 inventors per patent, Zipf-sized assignees (largest ~1 %),
~12 % of patents without assignee, inventor and assignee countries and US states in their
published proportions. Exactly the files and columns ``chainnav.ingest.patentsview`` reads.

Everything is vectorized with numpy and written chunk by chunk with pyarrow's CSV writer, so
memory stays flat and SF 10 writes in minutes. Chunks draw from ``default_rng([seed, table, chunk])``:
the output depends only on (seed, SF), not on chunk order.

    python -m bench.generate --sf 0.1 --out bench/data/sf0.1
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import yaml

from chainnav.resources import CHAINS_DIR

PATENTS_PER_SF = 1_000_000
CHUNK = 250_000
FIRST_PATENT_NUMBER = 3_930_271  # first utility patent granted in 1976

# CPC subclasses in descending order of US grant frequency (approximate ranks, 2010–2023).
COMMON_SUBCLASSES = ["G06F", "H04L", "H01L", "H04W", "A61B", "H04N", "G06Q", "A61K", "G06T", "G01N", "B60W", "H01M", "G06N", "G02B", "H04B", "G01S", "C07D", "A61F", "B65D", "F16H", "G05B", "G06V", "C12N", "A61P", "H02J", "B32B", "F02C", "G01R", "C08L", "H05K", "B29C", "A61M", "F01D", "B60L", "G09G", "H01Q", "B62D", "G11C", "H02K", "C07K", "G01B", "F16K", "B01D", "B23K", "H03M", "A63B", "H01F", "B60R", "G08B", "C09D", "F21V", "A47L", "G06K", "H04R", "C08K", "E21B", "B41J", "G01M", "H02M", "G03F", "B64C", "G05D", "B25J", "F25B", "F16L", "H04M", "G10L", "A01N", "B01J", "C01B", "G08G", "A61N", "H03K", "B65G", "C12Q", "B33Y", "F24F", "B64D", "B64U", "A01B", "A01G", "H01R", "G01C", "F02D", "B60K", "E04B", "A23L", "C23C", "H01G", "G01J"]
SECTIONS_SUBGROUPS = ("00", "02", "04", "06", "08", "10", "12", "14", "16", "18", "20", "22", "24", "26", "28")

COUNTRIES = ("US", "JP", "KR", "DE", "CN", "TW", "GB", "FR", "CA", "CH", "NL", "SE", "IL", "IT", "IN", "AU")
COUNTRY_SHARE = (0.47, 0.16, 0.065, 0.055, 0.06, 0.035, 0.02, 0.02, 0.02, 0.01, 0.01, 0.01, 0.008, 0.008, 0.008, 0.007)
US_STATES = ("CA", "TX", "NY", "WA", "MA", "MI", "IL", "NJ", "MN", "PA", "FL", "OH", "NC", "GA", "AZ", "CO",
             "OR", "WI", "CT", "MD", "VA", "UT", "IN", "MO", "TN")
US_STATE_SHARE = (0.25, 0.07, 0.055, 0.05, 0.05, 0.045, 0.04, 0.04, 0.035, 0.035, 0.035, 0.03, 0.025, 0.025,
                  0.02, 0.02, 0.02, 0.015, 0.015, 0.015, 0.015, 0.012, 0.012, 0.01, 0.01)
SUFFIXES = ("Inc.", "Corporation", "LLC", "Co., Ltd.", "GmbH", "AG", "Kabushiki Kaisha", "Ltd.", "S.A.", "Technologies, Inc.")
SYLLABLES = ("al", "be", "cor", "da", "en", "fi", "gra", "ha", "in", "jo", "ka", "lu", "mo", "ne", "or", "pa",
             "qui", "ra", "so", "te", "ul", "ve", "wi", "xa", "yo", "zu", "tron", "tek", "sys", "gen", "med", "net")
FIRST_NAMES = ["John", "David", "Michael", "James", "Robert", "William", "Richard", "Thomas", "Mark", "Daniel", "Paul", "Steven", "Christopher", "Brian", "Kevin", "Jason", "Jeffrey", "Eric", "Scott", "Matthew", "Hiroshi", "Takashi", "Kenji", "Yuki", "Wei", "Jun", "Lei", "Ming", "Hao", "Yan", "Jing", "Min-Jun", "Seung", "Ji-Hoon", "Hans", "Peter", "Stefan", "Thomas", "Andreas", "Mary", "Jennifer", "Linda", "Susan", "Lisa", "Karen", "Laura", "Sarah", "Emily", "Anna", "Maria", "Julia", "Sophie", "Li", "Xin", "Mei", "Yuko", "Akiko"]
WORDS = ["system", "method", "apparatus", "device", "control", "data", "network", "signal", "image", "processing", "wireless", "battery", "vehicle", "sensor", "display", "memory", "circuit", "semiconductor", "optical", "communication", "module", "unit", "assembly", "composition", "compound", "electrode", "layer", "substrate", "power", "transmission", "receiving", "user", "interface", "machine", "learning", "autonomous", "unmanned", "aerial", "drone", "robot", "medical", "treatment", "protein", "cell", "antenna", "beam", "channel", "terminal", "storage", "light", "emitting", "structure", "motor", "engine", "fuel", "hydrogen", "charging"]


@dataclass(frozen=True)
class Plan:
    """Sizes derived from the scale factor."""

    sf: float
    patents: int
    assignees: int
    inventors: int
    locations: int

    @classmethod
    def for_sf(cls, sf: float) -> Plan:
        n = max(1000, round(sf * PATENTS_PER_SF))
        # Distinct holders grow slower than patents (PatentsView: ~0.5M assignees, ~4M inventors for 9M).
        return cls(sf, n, max(200, round(0.08 * n)), max(500, round(0.45 * n)), max(300, round(0.02 * n)))


def _rng(seed: int, table: int, chunk: int) -> np.random.Generator:
    return np.random.default_rng([seed, table, chunk])


def _zipf_sampler(n: int, exponent: float, rng: np.random.Generator) -> Callable[[int, np.random.Generator], np.ndarray]:
    """Draw ranks 0..n-1 with P(k) ∝ (k+1)^-exponent, through a shuffled rank → id map."""
    weights = np.arange(1, n + 1, dtype=np.float64) ** -exponent
    cdf = np.cumsum(weights)
    cdf /= cdf[-1]
    ids = rng.permutation(n)

    def draw(size: int, gen: np.random.Generator) -> np.ndarray:
        return ids[np.minimum(np.searchsorted(cdf, gen.random(size)), n - 1)]

    return draw


def _writer(path: Path, schema: pa.Schema) -> pacsv.CSVWriter:
    # PatentsView ships tab-separated text with a header; quotes only where needed.
    return pacsv.CSVWriter(path, schema, write_options=pacsv.WriteOptions(delimiter="\t", quoting_style="needed"))


def _strings(table: list[str]) -> pa.Array:
    return pa.array(table, pa.string())


def _join(parts: list[pa.Array], sep: str = " ") -> pa.Array:
    return pc.binary_join_element_wise(*parts, sep, null_handling="skip")


def chain_codes(chains_dir: Path) -> list[str]:
    """Concrete CPC codes for the prefixes of the shipped chains (so classification finds patents)."""
    codes: set[str] = set()
    for path in sorted(chains_dir.glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        blocks = [spec.get("scope") or {}] + [node.get("rules") or {} for node in spec.get("nodes", [])]
        for block in blocks:
            for prefix in block.get("cpc") or []:
                prefix = prefix.rstrip("*")
                if "/" not in prefix:
                    prefix = prefix[:4] + "1/"
                codes.add(prefix + "00" if prefix.endswith("/") else prefix)
    return sorted(codes)


def grant_dates(plan: Plan) -> tuple[np.ndarray, np.ndarray]:
    """Sorted grant dates (days since epoch) for every patent index, and the year weights used."""
    years = np.arange(1976, 2025)
    # ~70k grants in 1976 growing to ~350k in 2019–2024 (PatentsView g_patent counts).
    weights = np.interp(years, [1976, 1990, 2000, 2010, 2015, 2019, 2024], [70, 90, 160, 220, 300, 350, 330])
    cdf = np.concatenate([[0.0], np.cumsum(weights) / weights.sum()])
    position = (np.arange(plan.patents) + 0.5) / plan.patents
    year_index = np.searchsorted(cdf, position, side="right") - 1
    within = (position - cdf[year_index]) / (cdf[year_index + 1] - cdf[year_index])
    start = (years[year_index] - 1970) * 365.25
    # Patents are granted on Tuesdays: snap to the weekly grid.
    days = np.floor((start + within * 365) / 7) * 7 + 5
    return days.astype("int32"), weights


def generate(sf: float, out: Path, *, seed: int = 20261125, chains_dir: Path | None = None) -> dict:
    """Write the eight PatentsView tables for scale factor ``sf`` into ``out``; returns row counts."""
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    plan = Plan.for_sf(sf)
    base = np.random.default_rng([seed, 0, 0])
    subclasses = np.array(COMMON_SUBCLASSES)
    chained = np.array(chain_codes(chains_dir or CHAINS_DIR))
    subclass_draw = _zipf_sampler(len(subclasses), 1.0, base)
    assignee_draw = _zipf_sampler(plan.assignees, 1.05, base)
    inventor_draw = _zipf_sampler(plan.inventors, 0.75, base)
    location_draw = _zipf_sampler(plan.locations, 1.1, base)
    days, _ = grant_dates(plan)
    counts: dict[str, int] = {}

    # -- locations: country by published share, US state by share, cities by name --------------
    rng = _rng(seed, 1, 0)
    share = np.array(COUNTRY_SHARE) / sum(COUNTRY_SHARE)
    loc_country = np.array(COUNTRIES)[rng.choice(len(COUNTRIES), plan.locations, p=share)]
    state_share = np.array(US_STATE_SHARE) / sum(US_STATE_SHARE)
    loc_state = np.where(loc_country == "US", np.array(US_STATES)[rng.choice(len(US_STATES), plan.locations, p=state_share)], "")
    syll = _strings(list(SYLLABLES))
    city = pc.utf8_capitalize(_join([syll.take(rng.integers(0, len(SYLLABLES), plan.locations)) for _ in range(2)], ""))
    location_ids = pc.cast(pa.array(np.arange(plan.locations) + 1), pa.string())
    locations = pa.table({
        "location_id": location_ids,
        "disambig_city": city,
        "disambig_state": pa.array(loc_state).cast(pa.string()),
        "disambig_country": pa.array(loc_country).cast(pa.string()),
        "latitude": pa.array(np.round(rng.uniform(-50, 70, plan.locations), 4)),
        "longitude": pa.array(np.round(rng.uniform(-170, 170, plan.locations), 4)),
        "county": pa.nulls(plan.locations, pa.string()),
        "state_fips": pa.nulls(plan.locations, pa.string()),
        "county_fips": pa.nulls(plan.locations, pa.string()),
    })
    pacsv.write_csv(locations, out / "g_location_disambiguated.tsv",
                    write_options=pacsv.WriteOptions(delimiter="\t", quoting_style="needed"))
    counts["g_location_disambiguated"] = plan.locations

    # -- holder populations: names from syllables, a home location each -----------------------
    rng = _rng(seed, 2, 0)
    org = _join(
        [pc.utf8_capitalize(_join([syll.take(rng.integers(0, len(SYLLABLES), plan.assignees)) for _ in range(3)], "")),
         _strings(list(SUFFIXES)).take(rng.integers(0, len(SUFFIXES), plan.assignees))]
    )
    assignee_location = location_draw(plan.assignees, rng)
    assignee_uuid = pc.cast(pa.array(np.arange(plan.assignees) + 1), pa.string())
    assignee_type = np.where(loc_country[assignee_location] == "US", "2", "3")
    inv_first = rng.integers(0, len(FIRST_NAMES), plan.inventors)
    last_names = pc.utf8_capitalize(_join([syll.take(rng.integers(0, len(SYLLABLES), 4000)) for _ in range(3)], ""))
    inv_last = rng.integers(0, 4000, plan.inventors)
    inventor_location = location_draw(plan.inventors, rng)
    first_names = _strings(list(FIRST_NAMES))
    words = _strings(list(WORDS))

    patent_schema = pa.schema([(c, pa.string()) for c in (
        "patent_id", "patent_type", "patent_date", "patent_title", "wipo_kind", "num_claims", "withdrawn", "filename")])
    writers = {
        "g_patent": _writer(out / "g_patent.tsv", patent_schema),
    }
    names = {
        "g_application": ("application_id", "patent_id", "patent_application_type", "filing_date", "series_code", "rule_47_flag"),
        "g_cpc_current": ("patent_id", "cpc_sequence", "cpc_section", "cpc_class", "cpc_subclass", "cpc_group", "cpc_type"),
        "g_ipc_at_issue": ("patent_id", "ipc_sequence", "classification_level", "section", "ipc_class", "subclass",
                           "main_group", "subgroup", "symbol_position", "classification_value",
                           "classification_status", "classification_data_source", "action_date", "ipc_version_indicator"),
        "g_assignee_disambiguated": ("patent_id", "assignee_sequence", "assignee_id", "disambig_assignee_individual_name_first",
                                     "disambig_assignee_individual_name_last", "disambig_assignee_organization",
                                     "assignee_type", "location_id"),
        "g_inventor_disambiguated": ("patent_id", "inventor_sequence", "inventor_id", "disambig_inventor_name_first",
                                     "disambig_inventor_name_last", "gender_code", "location_id"),
        "g_us_patent_citation": ("patent_id", "citation_sequence", "citation_patent_id", "citation_date", "record_name",
                                 "wipo_kind", "citation_category"),
    }
    for table, columns in names.items():
        writers[table] = _writer(out / f"{table}.tsv", pa.schema([(c, pa.string()) for c in columns]))
    counts.update({t: 0 for t in writers})

    def write(table: str, data: dict[str, pa.Array]) -> None:
        batch = pa.table({k: (v if isinstance(v, pa.Array) else pa.array(v)).cast(pa.string()) for k, v in data.items()})
        writers[table].write_table(batch)
        counts[table] += batch.num_rows

    patent_numbers = FIRST_PATENT_NUMBER + np.arange(plan.patents)
    for chunk, lo in enumerate(range(0, plan.patents, CHUNK)):
        hi = min(plan.patents, lo + CHUNK)
        n = hi - lo
        rng = _rng(seed, 10, chunk)
        idx = np.arange(lo, hi)
        kind_u = rng.random(n)
        ptype = np.select([kind_u < 0.075, kind_u < 0.0775, kind_u < 0.08], ["design", "plant", "reissue"], "utility")
        numbers = patent_numbers[idx].astype(str)
        pid = np.where(ptype == "design", np.char.add("D", (idx + 200000).astype(str)),
                       np.where(ptype == "plant", np.char.add("PP", (idx + 5000).astype(str)),
                                np.where(ptype == "reissue", np.char.add("RE", (idx + 30000).astype(str)), numbers)))
        pid_arr = pa.array(pid)
        grant = pa.array(days[lo:hi], pa.date32())
        wipo = np.where(ptype == "utility", np.where(rng.random(n) < 0.12, "B1", "B2"),
                        np.where(ptype == "design", "S1", np.where(ptype == "plant", "P3", "E")))
        claims = np.where(ptype == "design", 1, np.clip(np.round(rng.gamma(3.0, 6.0, n)), 1, 150)).astype(int)
        title_len = rng.integers(3, 9, n)
        title_parts = [words.take(rng.integers(0, len(WORDS), n)) for _ in range(8)]
        title_parts = [pc.if_else(pa.array(title_len > k), part, pa.nulls(n, pa.string())) for k, part in enumerate(title_parts)]
        title = pc.utf8_capitalize(_join(title_parts))
        write("g_patent", {
            "patent_id": pid_arr, "patent_type": ptype, "patent_date": grant, "patent_title": title,
            "wipo_kind": wipo, "num_claims": claims, "withdrawn": np.zeros(n, int),
            "filename": np.char.add("ipg", (days[lo:hi] // 7).astype(str)),
        })
        lag = np.clip(rng.gamma(2.5, 365, n), 120, 6000).astype("int32")
        write("g_application", {
            "application_id": np.char.add(rng.integers(10, 18, n).astype(str), rng.integers(100000, 999999, n).astype(str)),
            "patent_id": pid_arr, "patent_application_type": np.where(ptype == "design", "29", "15"),
            "filing_date": pa.array(days[lo:hi] - lag, pa.date32()), "series_code": rng.integers(10, 18, n),
            "rule_47_flag": np.zeros(n, int),
        })

        # CPC: 1 + negative binomial (mean ~5.5 rows); 12 % of codes from the shipped chains.
        n_cpc = 1 + rng.negative_binomial(1.6, 1.6 / (1.6 + 4.5), n)
        owner = np.repeat(np.arange(n), n_cpc)
        m = owner.size
        seq = np.arange(m) - np.repeat(np.cumsum(n_cpc) - n_cpc, n_cpc)
        sub = subclasses[subclass_draw(m, rng)]
        group = np.char.add(np.char.add(sub, rng.zipf(1.6, m).clip(1, 99).astype(str)), "/")
        group = np.char.add(group, np.array(SECTIONS_SUBGROUPS)[rng.integers(0, len(SECTIONS_SUBGROUPS), m)])
        from_chain = rng.random(m) < 0.12
        if chained.size:
            group = np.where(from_chain, chained[rng.integers(0, chained.size, m)], group)
        cpc = pa.array(group)
        write("g_cpc_current", {
            "patent_id": pid_arr.take(pa.array(owner)), "cpc_sequence": seq,
            "cpc_section": pc.utf8_slice_codeunits(cpc, 0, 1), "cpc_class": pc.utf8_slice_codeunits(cpc, 0, 3),
            "cpc_subclass": pc.utf8_slice_codeunits(cpc, 0, 4), "cpc_group": cpc,
            "cpc_type": np.where(seq == 0, "inventional", np.where(rng.random(m) < 0.3, "inventional", "additional")),
        })

        # IPC at issue: the first 1–4 CPC codes outside Y, split into the data dictionary's parts.
        keep = (seq < 1 + (n_cpc.clip(max=4)[owner] * 0.6).astype(int)) & (np.char.find(group, "Y") != 0)
        ipc = pa.array(group[keep])
        parts = pc.split_pattern(pc.utf8_slice_codeunits(ipc, 4, 20), "/")
        k = int(keep.sum())
        write("g_ipc_at_issue", {
            "patent_id": pid_arr.take(pa.array(owner[keep])), "ipc_sequence": seq[keep],
            "classification_level": np.full(k, "A"), "section": pc.utf8_slice_codeunits(ipc, 0, 1),
            "ipc_class": pc.utf8_slice_codeunits(ipc, 1, 3), "subclass": pc.utf8_slice_codeunits(ipc, 3, 4),
            "main_group": pc.list_element(parts, 0), "subgroup": pc.list_element(parts, 1),
            "symbol_position": np.where(seq[keep] == 0, "F", "L"),
            "classification_value": np.where(seq[keep] == 0, "I", "N"), "classification_status": np.full(k, "B"),
            "classification_data_source": np.full(k, "H"), "action_date": np.full(k, "2006-01-01"),
            "ipc_version_indicator": np.full(k, "2006-01-01"),
        })

        # Assignees: 12 % none, else 1 (+ 7 % a second), Zipf over the assignee population.
        n_asg = np.where(rng.random(n) < 0.12, 0, 1 + (rng.random(n) < 0.07))
        owner = np.repeat(np.arange(n), n_asg)
        who = assignee_draw(owner.size, rng)
        who_arr = pa.array(who)
        write("g_assignee_disambiguated", {
            "patent_id": pid_arr.take(pa.array(owner)),
            "assignee_sequence": np.arange(owner.size) - np.repeat(np.cumsum(n_asg) - n_asg, n_asg),
            "assignee_id": assignee_uuid.take(who_arr),
            "disambig_assignee_individual_name_first": pa.nulls(owner.size, pa.string()),
            "disambig_assignee_individual_name_last": pa.nulls(owner.size, pa.string()),
            "disambig_assignee_organization": org.take(who_arr), "assignee_type": assignee_type[who],
            "location_id": location_ids.take(pa.array(assignee_location[who])),
        })

        # Inventors: 1 + negative binomial (mean ~2.8, tail past 20).
        n_inv = 1 + rng.negative_binomial(1.3, 1.3 / (1.3 + 1.8), n)
        owner = np.repeat(np.arange(n), n_inv)
        who = inventor_draw(owner.size, rng)
        write("g_inventor_disambiguated", {
            "patent_id": pid_arr.take(pa.array(owner)),
            "inventor_sequence": np.arange(owner.size) - np.repeat(np.cumsum(n_inv) - n_inv, n_inv),
            "inventor_id": np.char.add("fl:", who.astype(str)),
            "disambig_inventor_name_first": first_names.take(pa.array(inv_first[who])),
            "disambig_inventor_name_last": last_names.take(pa.array(inv_last[who])),
            "gender_code": np.where(inv_first[who] % 5 == 0, "F", "M"),
            "location_id": location_ids.take(pa.array(inventor_location[who])),
        })

        # Citations to earlier patents: negative binomial (mean ~12); 70 % recency-weighted
        # uniform, 30 % Zipf over a fixed set of "hot" patents (the forward-citation tail).
        n_cit = np.where(idx < 200, 0, rng.negative_binomial(0.9, 0.9 / (0.9 + 12.0), n))
        owner = np.repeat(np.arange(n), n_cit)
        citing = idx[owner]
        c = owner.size
        older = np.floor(citing * (1 - rng.random(c) ** 2.5)).astype(np.int64)
        hot = (plan.patents * (rng.zipf(1.3, c) % 1000) / 1000).astype(np.int64)
        cited = np.where((rng.random(c) < 0.3) & (hot < citing), hot, older)
        write("g_us_patent_citation", {
            "patent_id": pid_arr.take(pa.array(owner)),
            "citation_sequence": np.arange(c) - np.repeat(np.cumsum(n_cit) - n_cit, n_cit),
            "citation_patent_id": patent_numbers[cited].astype(str),
            "citation_date": pa.array(days[cited], pa.date32()),
            "record_name": np.full(c, ""), "wipo_kind": np.full(c, "B2"),
            "citation_category": np.where(rng.random(c) < 0.4, "cited by examiner", "cited by applicant"),
        })
    for writer in writers.values():
        writer.close()
    manifest = {
        "sf": sf, "seed": seed, "plan": plan.__dict__, "rows": counts,
        "bytes": {p.name: p.stat().st_size for p in sorted(out.glob("g_*.tsv"))},
        "seconds": round(time.perf_counter() - started, 2),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sf", type=float, default=0.01)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=20261125)
    args = parser.parse_args()
    manifest = generate(args.sf, args.out, seed=args.seed)
    print(json.dumps(manifest))


if __name__ == "__main__":
    main()
