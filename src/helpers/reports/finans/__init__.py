"""The finans report (entry point for its notebook)."""

from helpers.reports.finans.analysis import *  # noqa: F403
