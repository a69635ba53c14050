"""The kostra report's key figures for ``nokkeltall.csv`` (documented in the key table of
``data/README.md``)."""

from __future__ import annotations

import pandas as pd

from helpers.presentation.nokkeltall import key_figure_frame
from helpers.reports.kostra.analysis import REF_MEAN, Comparison

# What the key figures rest on (``grunnlag`` statistikk in nokkeltall.csv).
KILDE = "KOSTRA (SSB)"

RAPPORT = "kostra"


def key_figures(cmp: Comparison) -> pd.DataFrame:
    """The report's rows for ``nokkeltall.csv``, rounded as the report shows them.

    ``utgift_per_innb_korrigert`` (kr per innbygger, corrected for utgiftsbehov) for the
    municipality, its peers and the reference when that is a region (the mean of the
    comparison municipalities, ``Snitt``, too); ``differanse_per_innb_korrigert`` (kr per
    innbygger) and ``differanse_korrigert`` (1000 kr, only with a population figure) for
    the municipality minus the reference, positive when the municipality spends more. Every
    row per service area and ``Totalt``. ``netto_driftsutgifter_per_innb`` (kr per
    innbygger, NOT corrected, the total only) where the data give it.

    An uncorrected comparison (``cmp.korrigert`` false) writes the same rows under the
    uncorrected names ``utgift_per_innb``, ``differanse_per_innb`` and ``differanse``.
    """
    suffix = "_korrigert" if cmp.korrigert else ""
    expenditure = f"utgift_per_innb{suffix}"
    records = []
    for code in cmp.table.columns:
        for dim, value in cmp.table[code].items():
            if pd.notna(value):
                records.append({"nokkel": expenditure,
                                "kommune": cmp.names[code], "dimensjon": dim, "verdi": value,
                                "enhet": "kr per innbygger", "desimaler": 0})
    if cmp.reference.kind == REF_MEAN:
        for dim, value in cmp.reference_values.items():
            if pd.notna(value):
                records.append({"nokkel": expenditure,
                                "kommune": cmp.reference.navn, "dimensjon": dim,
                                "verdi": value, "enhet": "kr per innbygger", "desimaler": 0})
    for r in cmp.differences.itertuples():
        if pd.notna(r.differanse_per_innb):
            records.append({"nokkel": f"differanse_per_innb{suffix}",
                            "kommune": cmp.kommune.navn, "dimensjon": r.dimensjon,
                            "verdi": r.differanse_per_innb, "enhet": "kr per innbygger",
                            "desimaler": 0})
        if pd.notna(r.merutgift):
            records.append({"nokkel": f"differanse{suffix}", "kommune": cmp.kommune.navn,
                            "dimensjon": r.dimensjon, "verdi": r.merutgift, "enhet": "1000 kr",
                            "desimaler": 0})
    k = cmp.data["kostra"]
    raw = k[(k["indikator"] == "netto_driftsutgifter_per_innb") & (k["aar"] == cmp.aar)
            & (k["kommunenummer"] == cmp.kommune.kommunenummer) & (k["dimensjon"] == "")]
    if not raw.empty:
        records.append({"nokkel": "netto_driftsutgifter_per_innb", "kommune": cmp.kommune.navn,
                        "dimensjon": "", "verdi": raw["verdi"].iloc[0],
                        "enhet": "kr per innbygger", "desimaler": 0})
    for rec in records:
        rec.update(rapport=RAPPORT, aar=cmp.aar)
    return key_figure_frame(records, grunnlag="statistikk", kilde=KILDE)
