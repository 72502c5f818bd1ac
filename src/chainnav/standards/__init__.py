"""Standards chain (标准链) and quality comparison (质量比对) over the patent store.

Catalogue import and number normalization (``catalogue``, ``numbers``), node linkage (``linkage``),
drafter ↔ applicant matching (``drafters``), per-node statistics, gaps and patent→standard
candidates (``analysis``), quality comparison (``quality``), outputs (``report``, ``pages``, ``tables``).
"""

from chainnav.standards.analysis import GapRule, node_standard_stats, patent_candidates, standard_gaps
from chainnav.standards.catalogue import import_catalogue, replacement_chain
from chainnav.standards.linkage import link_standards
from chainnav.standards.numbers import normalize_status, parse_number

__all__ = [
    "GapRule",
    "import_catalogue",
    "link_standards",
    "node_standard_stats",
    "normalize_status",
    "parse_number",
    "patent_candidates",
    "replacement_chain",
    "standard_gaps",
]
