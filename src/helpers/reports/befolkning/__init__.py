"""The befolkning report (entry point for its notebook)."""

from helpers.reports.befolkning.analysis import *  # noqa: F403
