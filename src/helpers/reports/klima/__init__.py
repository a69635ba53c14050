"""The klima report (entry point for its notebook)."""

from helpers.reports.klima.analysis import *  # noqa: F403
