"""Indicator families; importing this package registers every indicator in the registry."""

from chainnav.analytics.indicators import (  # noqa: F401
    collaboration,
    geography,
    players,
    talent,
    technology,
    trends,
    value,
)
