"""The alternativer report (entry point for its notebook)."""

from helpers.reports.alternativer.analysis import *  # noqa: F403
