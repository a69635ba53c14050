"""The kostra report (entry point for its notebook)."""

from helpers.reports.kostra.analysis import *  # noqa: F403
