"""The tertial report (entry point for its notebook)."""

from helpers.reports.tertial.analysis import *  # noqa: F403
