"""The investering report's analysis: what the report shows, computed once from the
data and the model."""

from __future__ import annotations


def _year_labels(years: tuple[int, ...]) -> dict[int, str]:
    return {y: str(y) for y in years}
