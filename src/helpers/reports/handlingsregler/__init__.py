"""The handlingsregler report (entry point for its notebook)."""

from helpers.reports.handlingsregler.analysis import *  # noqa: F403
from helpers.reports.handlingsregler.rapport import *  # noqa: F403
