"""Settings for the benchmark server: the application's, plus a minimal view."""

from faskel.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
