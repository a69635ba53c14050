"""One model of the municipality's economy, read by every report.

- :mod:`helpers.model.bdi`: brutto driftsinntekter per year (KOSTRA history, the plan's own
  figures, and projection only where nothing is given);
- :mod:`helpers.model.economy`: the yearly table (netto driftsresultat, avsetninger,
  disposisjonsfond, investeringer and loans, netto lånegjeld, renter and avdrag) and the
  shared rule of thumb for debt and finance costs.

Handlingsregler, finans and investering all read these; none recomputes a figure another
report also shows.
"""
