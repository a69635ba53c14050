"""One model of the municipality's economy, read by every report.

- :mod:`helpers.model.bdi`: brutto driftsinntekter per year (KOSTRA history, the plan's own
  figures, and projection only where nothing is given);
- :mod:`helpers.model.economy`: the yearly table (netto driftsresultat, avsetninger,
  disposisjonsfond, investeringer and loans, netto lånegjeld, renter and avdrag) and the
  shared rule of thumb for debt and finance costs;
- :mod:`helpers.model.provenance`: what each figure of that table and of the debt path rests
  on (plan, regnskap, statistikk, beregnet, anslag with what it assumes, eksempel), and
  :mod:`helpers.model.statement_provenance` the same for the statements' lines.

Handlingsregler, finans and investering all read these; none recomputes a figure another
report also shows.

The model computes numbers and codes only: what a figure rests on or why a line is missing
comes back as a code (a column such as ``grunn`` or ``grunnlag``, or a
:class:`helpers.model.statements.Finding`), and the reports' text modules word it. The one
exception is :mod:`helpers.model.labels`, the table of the regulation's line names and of
the source references and assumptions the provenance names.
tests/unit/project/test_layers.py (``test_model_holds_no_sentences``) keeps it so.
"""
