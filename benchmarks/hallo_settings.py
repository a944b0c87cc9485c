"""Settings for benchmarks/publieke_cache.py: pokvolg's own, with the URLconf of benchmarks/hallo.py."""

from pokvolg.settings import *  # noqa: F403

ROOT_URLCONF = "hallo"
