"""The investering report (entry point for its notebook)."""

from helpers.reports.investering.analysis import *  # noqa: F403
