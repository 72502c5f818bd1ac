"""chainnav: industrial-chain patent navigation (产业链专利导航) and chain-leader decision support."""

from chainnav.errors import ChainnavError, ConfigError, FormatError, InputError, NotFoundError
from chainnav.navigator import Navigator, open

__version__ = "0.1.0"

__all__ = [
    "ChainnavError",
    "ConfigError",
    "FormatError",
    "InputError",
    "Navigator",
    "NotFoundError",
    "open",
]
