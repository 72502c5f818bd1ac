"""Applicant and inventor disambiguation: match keys, fuzzy matching, reviewable manual decisions."""

from chainnav.entities.names import match_key
from chainnav.entities.resolver import KindReport, ResolveReport, resolve
from chainnav.entities.review import entities, entity_detail, merge, overrides, split

__all__ = [
    "KindReport",
    "ResolveReport",
    "entities",
    "entity_detail",
    "match_key",
    "merge",
    "overrides",
    "resolve",
    "split",
]
