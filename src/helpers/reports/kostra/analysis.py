"""KOSTRA comparison: expenditure per service area against peers and a reference.

The question the report answers: where does the municipality spend more per inhabitant
than comparable municipalities, and what is the difference worth for the whole
population? Every figure here is ``kr per innbygger`` corrected for the calculated
expenditure need (``utgiftsbehov``): ``corrected = expenditure ÷ index × 100``, where the
index is 100 for the national average. Published corrected figures are used as they are;
where only uncorrected figures and an index per service area exist, the corrected figure
is computed (:func:`correct_for_utgiftsbehov`).

Data (all validated by :func:`helpers.data.load_data`):

- ``kostra.csv``: indicator ``utgift_per_innb_korrigert`` (corrected, per service area in
  ``dimensjon``, empty ``dimensjon`` = the table's total) and ``utgift_per_innb``
  (uncorrected), plus the key-figure indicators listed in ``kostra_indikatorer.csv``.
- ``kostra_utgiftsbehov.csv``: ``utgiftsbehov_indeks`` per service area (and in total).
- ``folketall.csv``: inhabitants 31.12 of the KOSTRA year, to turn kr per innbygger into
  1000 kr for the whole municipality.

Sign convention: a positive difference means the municipality spends MORE than the
reference; ``merutgift`` (1000 kr) is that difference for the whole population. Both are
corrected for expenditure need, so they indicate a difference in resource use, not an
amount the municipality could save. Where the source itself says a figure is distorted
(``kostra_merknader.csv``), the report shows the remark beside the service area.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from helpers.data.coverage import require_year
from helpers.data.kommuner import Kommune, comparison, resolve
from helpers.presentation.formatting import fmt_kr, fmt_list, fmt_mill, fmt_number, fmt_pct
from helpers.presentation.merknad import Note
from helpers.presentation.nokkeltall import key_figure_frame

if TYPE_CHECKING:
    import altair as alt

RAPPORT = "kostra"
CORRECTED = "utgift_per_innb_korrigert"
UNCORRECTED = "utgift_per_innb"
INDEX = "utgiftsbehov_indeks"
TOTAL = "Totalt"

REF_GROUP = "kostragruppe"
REF_MEAN = "snitt"
_REF_GROUP_WORDS = {"kostragruppe", "kostragruppen", "kostra-gruppe", "kostra-gruppen",
                    "kommunegruppe", "gruppe"}
_REF_MEAN_WORDS = {"snitt", "gjennomsnitt", "snittet", "gjennomsnittet",
                   "snitt sammenligning", "sammenligning", "sammenligningskommuner"}
MEAN_LABEL = "Snitt"  # column heading; the text says "snittet av sammenligningskommunene"


class KostraError(ValueError):
    """A comparison that the data cannot support (message in bokmål)."""

    def _render_traceback_(self) -> list[str]:
        return [str(self)]


# ---------------------------------------------------------------- correction


def correct_for_utgiftsbehov(expenditure: pd.DataFrame, index: pd.DataFrame) -> pd.DataFrame:
    """Corrected expenditure per inhabitant: ``expenditure ÷ index × 100``.

    ``expenditure`` and ``index`` are long frames with ``kommunenummer``, ``aar``,
    ``dimensjon`` and ``verdi`` (kr per innbygger, and the index with 100 = national
    average). Rows are matched on region, year and service area; rows without a match
    are left out. Returns ``kommunenummer, aar, dimensjon, verdi, ukorrigert, indeks``.
    """
    keys = ["kommunenummer", "aar", "dimensjon"]
    left = expenditure[keys + ["verdi"]].rename(columns={"verdi": "ukorrigert"})
    right = index[keys + ["verdi"]].rename(columns={"verdi": "indeks"})
    bad = right[~(right["indeks"] > 0)]
    if not bad.empty:
        row = bad.iloc[0]
        raise KostraError(f"Utgiftsbehovsindeksen må være større enn null, men er "
                          f"{row['indeks']} for {row['kommunenummer']} {row['aar']} "
                          f"«{row['dimensjon'] or 'totalt'}».")
    out = left.merge(right, on=keys, how="inner", validate="one_to_one")
    out["verdi"] = out["ukorrigert"] / out["indeks"] * 100
    return out[keys + ["verdi", "ukorrigert", "indeks"]].reset_index(drop=True)


def corrected_expenditure(kostra: pd.DataFrame,
                          utgiftsbehov: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every corrected expenditure figure per service area the data gives or implies.

    Returns ``kommunenummer, aar, dimensjon, verdi, grunnlag`` with ``dimensjon`` =
    :data:`TOTAL` for the total. ``grunnlag`` says where the figure comes from:
    ``publisert`` (a corrected figure in ``kostra.csv``), ``beregnet`` (uncorrected
    figure ÷ index × 100) or ``sum`` (a total summed from the service areas because no
    total was given). Published figures win over computed ones.
    """
    keys = ["kommunenummer", "aar", "dimensjon"]
    published = kostra.loc[kostra["indikator"] == CORRECTED, keys + ["verdi"]].copy()
    published["grunnlag"] = "publisert"
    parts = [published]
    if utgiftsbehov is not None and not utgiftsbehov.empty:
        raw = kostra[kostra["indikator"] == UNCORRECTED]
        idx = utgiftsbehov[utgiftsbehov["indikator"] == INDEX]
        computed = correct_for_utgiftsbehov(raw, idx)[keys + ["verdi"]]
        computed["grunnlag"] = "beregnet"
        have = pd.MultiIndex.from_frame(published[keys])
        computed = computed[~pd.MultiIndex.from_frame(computed[keys]).isin(have)]
        parts.append(computed)
    out = pd.concat([p for p in parts if not p.empty] or [published], ignore_index=True)
    out["dimensjon"] = out["dimensjon"].fillna("").astype(str)
    areas = out[out["dimensjon"] != ""]
    totals = out[out["dimensjon"] == ""]
    have_total = set(zip(totals["kommunenummer"], totals["aar"], strict=True))
    summed = (areas.groupby(["kommunenummer", "aar"], as_index=False)["verdi"].sum())
    summed = summed[[(k, a) not in have_total for k, a in
                     zip(summed["kommunenummer"], summed["aar"], strict=True)]]
    summed["dimensjon"] = ""
    summed["grunnlag"] = "sum"
    out = pd.concat([out, summed[out.columns]], ignore_index=True)
    out.loc[out["dimensjon"] == "", "dimensjon"] = TOTAL
    out["aar"] = out["aar"].astype(int)
    return out.sort_values(["aar", "kommunenummer", "dimensjon"]).reset_index(drop=True)


# ---------------------------------------------------------------- comparison pieces


@dataclass(frozen=True)
class Reference:
    """What the municipality is compared against."""

    kind: str  # "kommune", "kommunegruppe" or "snitt"
    navn: str
    kommunenummer: str | None = None
    # Why this reference was used instead of the one asked for (empty: as asked).
    merknad: str = ""


def resolve_reference(kommuner: pd.DataFrame, kommune: Kommune, referanse: str) -> Reference:
    """Turn the ``referanse`` parameter into a :class:`Reference`.

    ``"kostragruppe"`` = the municipality's KOSTRA group (column ``kostragruppe`` in
    ``kommuner.csv``; when that is empty, the comparison average with a ``merknad`` saying
    so); ``"snitt"`` = the unweighted average of the comparison municipalities; anything
    else = a municipality or group by name, number or alias.
    """
    word = " ".join(str(referanse).casefold().split())
    if word in _REF_GROUP_WORDS:
        row = kommuner[kommuner["kommunenummer"] == kommune.kommunenummer]
        group = str(row["kostragruppe"].iloc[0]) if not row.empty else ""
        if not group or group == "nan":
            return Reference(REF_MEAN, MEAN_LABEL, merknad=(
                f"Dataene sier ikke hvilken KOSTRA-gruppe {kommune.navn} hører til, så "
                f"referansen er snittet av sammenligningskommunene i stedet for "
                f"KOSTRA-gruppen."))
        ref = resolve(kommuner, group)
        return Reference(ref.type, ref.navn, ref.kommunenummer)
    if word in _REF_MEAN_WORDS:
        return Reference(REF_MEAN, MEAN_LABEL)
    ref = resolve(kommuner, referanse)
    if ref.kommunenummer == kommune.kommunenummer:
        raise KostraError(f"Referansen kan ikke være {kommune.navn} selv – velg en annen "
                          "kommune, KOSTRA-gruppen eller snitt.")
    return Reference(ref.type, ref.navn, ref.kommunenummer)


def expenditure_table(corrected: pd.DataFrame, aar: int, codes: list[str],
                      order: list[str] | None = None) -> pd.DataFrame:
    """Wide table for one year: one row per service area (``Totalt`` last), one column per
    region code in ``codes`` (in that order). Missing figures are NaN.

    ``order`` lists the service areas top-down; areas not in it follow alphabetically.
    """
    year = corrected[(corrected["aar"] == aar) & corrected["kommunenummer"].isin(codes)]
    wide = year.pivot(index="dimensjon", columns="kommunenummer", values="verdi")
    wide = wide.reindex(columns=codes)
    areas = [d for d in wide.index if d != TOTAL]
    ordered = [d for d in (order or []) if d in areas]
    ordered += sorted(d for d in areas if d not in ordered)
    wide = wide.reindex(ordered + ([TOTAL] if TOTAL in wide.index else []))
    wide.index.name = "dimensjon"
    wide.columns.name = None
    return wide


def reference_values(table: pd.DataFrame, reference: Reference,
                     comparison_codes: list[str]) -> pd.Series:
    """The reference's figure per service area.

    For :data:`REF_MEAN` this is the unweighted mean of the comparison municipalities
    (NaN where one of them lacks the figure, so an average never silently changes
    membership).
    """
    if reference.kind == REF_MEAN:
        if not comparison_codes:
            raise KostraError("Snitt av sammenligningskommunene krever minst én "
                              "sammenligningskommune.")
        return table[comparison_codes].mean(axis=1, skipna=False).rename(reference.navn)
    return table[reference.kommunenummer].rename(reference.navn)


def differences(own: pd.Series, reference: pd.Series,
                folketall: int | None) -> pd.DataFrame:
    """Difference against the reference per service area and in total.

    ``own`` and ``reference`` are kr per innbygger indexed by service area. Returns
    ``dimensjon, kommune, referanse, differanse_per_innb, merutgift`` where ``merutgift``
    (1000 kr) = difference × folketall ÷ 1000 (NaN without a population figure). Service
    areas are sorted from the largest positive difference to the most negative;
    :data:`TOTAL` comes last.
    """
    df = pd.DataFrame({"kommune": own.astype(float), "referanse": reference.astype(float)})
    df.index.name = "dimensjon"
    df["differanse_per_innb"] = df["kommune"] - df["referanse"]
    df["merutgift"] = (df["differanse_per_innb"] * folketall / 1000
                       if folketall is not None else float("nan"))
    df = df.reset_index()
    areas = df[df["dimensjon"] != TOTAL].sort_values(
        "differanse_per_innb", ascending=False, kind="stable")
    return pd.concat([areas, df[df["dimensjon"] == TOTAL]], ignore_index=True)


def ranks(table: pd.DataFrame, kommune: str, codes: list[str]) -> pd.DataFrame:
    """The municipality's rank among ``codes`` per service area (1 = highest expenditure).

    Returns ``dimensjon, rang, antall`` where ``antall`` counts the regions with a figure;
    ties share the best rank.
    """
    sub = table[codes]
    rank = sub.rank(axis=1, ascending=False, method="min")[kommune]
    out = pd.DataFrame({"rang": rank.astype("Int64"), "antall": sub.notna().sum(axis=1)})
    out.index.name = "dimensjon"
    return out.reset_index()


def population(folketall: pd.DataFrame | None, kommunenummer: str, aar: int) -> int | None:
    """Inhabitants 31.12 of ``aar`` (None when the data do not give it)."""
    if folketall is None:
        return None
    row = folketall[(folketall["kommunenummer"] == kommunenummer) & (folketall["aar"] == aar)]
    return None if row.empty else int(row["folketall"].iloc[0])


def key_figure_table(kostra: pd.DataFrame, indikatorer: pd.DataFrame | None,
                     kommune: str, others: list[str], aar: int,
                     names: dict[str, str]) -> pd.DataFrame:
    """The key-figure table: the municipality's previous and current year side by side,
    then the other regions in ``aar``.

    Rows are the indicators with a place (``nokkeltabell``) in ``kostra_indikatorer.csv``,
    in that order; columns ``indikator, navn, enhet`` and one per region-year, named
    ``"Røros 2021"``, ``"Røros 2022"``, ``"Tynset"``. Empty without indicator metadata.
    """
    if indikatorer is None or indikatorer.empty:
        return pd.DataFrame()
    meta = indikatorer[indikatorer["nokkeltabell"].notna()].sort_values("nokkeltabell")
    rows = []
    for m in meta.itertuples():
        vals = kostra[(kostra["indikator"] == m.indikator) & (kostra["dimensjon"] == "")]
        lookup = {(r.kommunenummer, int(r.aar)): r.verdi for r in vals.itertuples()}
        row = {"indikator": m.indikator, "navn": m.navn, "enhet": m.enhet}
        for year in (aar - 1, aar):
            row[f"{names[kommune]} {year}"] = lookup.get((kommune, year), float("nan"))
        for code in others:
            row[names[code]] = lookup.get((code, aar), float("nan"))
        rows.append(row)
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- the whole comparison


@dataclass
class Comparison:
    """Everything the report shows, computed from the data and the parameters."""

    kommune: Kommune
    peers: list[Kommune]
    reference: Reference
    aar: int
    table: pd.DataFrame  # service area × region code (kommune, peers, reference if a region)
    reference_values: pd.Series
    differences: pd.DataFrame
    ranks: pd.DataFrame
    rank_codes: list[str]  # the municipalities the rank is among
    folketall: int | None
    names: dict[str, str]
    grunnlag: pd.DataFrame  # kommunenummer, dimensjon, grunnlag for the shown figures
    notes: list[str] = field(default_factory=list)
    # The source's remarks on distorted figures for the regions in the table and the year:
    # kommunenummer, dimensjon (TOTAL for the total), merknad, virkning_per_innb.
    merknader: pd.DataFrame = field(default_factory=pd.DataFrame)
    data: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    @property
    def codes(self) -> list[str]:
        """Region codes in the table: the municipality first, then its peers."""
        return [self.kommune.kommunenummer] + [p.kommunenummer for p in self.peers]


def _service_order(tjenesteomrader: pd.DataFrame | None) -> list[str]:
    if tjenesteomrader is None or tjenesteomrader.empty:
        return []
    return list(tjenesteomrader.sort_values("rekkefolge")["dimensjon"])


def compare(data: dict[str, pd.DataFrame], kommune: str, sammenligning: list[str] | None,
            referanse: str = REF_GROUP, aar: int | None = None) -> Comparison:
    """Build the comparison for the report's parameters from loaded data.

    ``data`` is what :func:`helpers.data.load_data` returns. ``aar`` defaults to the
    latest year with figures for the municipality. Peers without figures for the year are
    left out with a note; a missing municipality or reference raises :class:`KostraError`.
    """
    kommuner = data["kommuner"]
    names = dict(zip(kommuner["kommunenummer"], kommuner["navn"], strict=True))
    chosen = resolve(kommuner, kommune)
    reference = resolve_reference(kommuner, chosen, referanse)
    named = comparison(kommuner, chosen, sammenligning)
    peers = [p for p in named if p.type == "kommune"]
    notes: list[str] = [reference.merknad] if reference.merknad else []
    groups = [p.navn for p in named if p.type != "kommune"]
    if groups:
        notes.append(f"{fmt_list(groups)} er en kommunegruppe og vises bare som referanse, "
                     "ikke som sammenligningskommune.")
    if reference.kommunenummer is not None:
        peers = [p for p in peers if p.kommunenummer != reference.kommunenummer]
    corrected = corrected_expenditure(data["kostra"], data.get("kostra_utgiftsbehov"))
    own_years = sorted(corrected.loc[corrected["kommunenummer"] == chosen.kommunenummer,
                                     "aar"].unique())
    if not own_years:
        raise KostraError(f"Det finnes ingen utgifter per tjenesteområde for {chosen.navn} i "
                          "kostra.csv (indikator utgift_per_innb_korrigert, eller "
                          "utgift_per_innb sammen med utgiftsbehovsindeks).")
    if aar is None:
        aar = int(own_years[-1])
    else:
        aar = require_year("kostra_aar", aar, own_years,
                           f"utgiftene per tjenesteområde for {chosen.navn}")
    in_year = set(corrected.loc[corrected["aar"] == aar, "kommunenummer"])
    missing = [p for p in peers if p.kommunenummer not in in_year]
    if missing:
        notes.append(f"Ingen tall for {fmt_list([p.navn for p in missing])} i {aar}; "
                     "utelatt fra sammenligningen.")
    peers = [p for p in peers if p.kommunenummer in in_year]
    if reference.kommunenummer is not None and reference.kommunenummer not in in_year:
        raise KostraError(f"Det finnes ingen utgifter per tjenesteområde for referansen "
                          f"{reference.navn} i {aar}.")
    codes = [chosen.kommunenummer] + [p.kommunenummer for p in peers]
    table_codes = codes + ([reference.kommunenummer]
                           if reference.kommunenummer is not None else [])
    table = expenditure_table(corrected, aar, table_codes,
                              _service_order(data.get("kostra_tjenesteomrader")))
    ref_values = reference_values(table, reference, codes[1:])
    # The rank is among municipalities: a named reference municipality counts, a group not.
    rank_codes = codes + ([reference.kommunenummer] if reference.kind == "kommune" else [])
    folk = population(data.get("folketall"), chosen.kommunenummer, aar)
    if folk is None:
        notes.append(Note(
            f"Folketallet for {chosen.navn} per 31.12.{aar} er ikke med i grunnlaget, så "
            "forskjellene kan ikke regnes om til kroner for hele kommunen.",
            f"Legg folketallet for {chosen.navn} per 31.12.{aar} inn i `data/folketall.csv`."))
    diff = differences(table[chosen.kommunenummer], ref_values, folk)
    grunnlag = corrected[(corrected["aar"] == aar)
                         & corrected["kommunenummer"].isin(table_codes)][
        ["kommunenummer", "dimensjon", "grunnlag"]].reset_index(drop=True)
    return Comparison(
        kommune=chosen, peers=peers, reference=reference, aar=aar, table=table,
        reference_values=ref_values, differences=diff,
        ranks=ranks(table, chosen.kommunenummer, rank_codes), rank_codes=rank_codes,
        folketall=folk, names=names,
        grunnlag=grunnlag, notes=notes, data=data,
        merknader=remarks(data.get("kostra_merknader"), table_codes, aar),
    )


def remarks(merknader: pd.DataFrame | None, codes: list[str], aar: int) -> pd.DataFrame:
    """The source's remarks on distorted figures for ``codes`` in ``aar``
    (``kostra_merknader.csv``), with an empty ``dimensjon`` turned into :data:`TOTAL`."""
    cols = ["kommunenummer", "dimensjon", "merknad", "virkning_per_innb"]
    if merknader is None or merknader.empty:
        return pd.DataFrame(columns=cols)
    m = merknader[merknader["kommunenummer"].isin(codes) & (merknader["aar"] == aar)].copy()
    m["dimensjon"] = m["dimensjon"].fillna("").replace({"": TOTAL})
    return m[cols].reset_index(drop=True)


# ---------------------------------------------------------------- text and key figures


def _lower_first(text: str) -> str:
    """'Pleie og omsorg' → 'pleie og omsorg' (leaves 'KOSTRA' alone)."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _more_or_less(diff: float) -> str:
    return "mer" if diff > 0 else "mindre"


def commentary(cmp: Comparison, top: int = 3) -> list[str]:
    """Bokmål sentences from the figures: the ``top`` service areas with the largest
    difference in kroner (either direction) and the total. What the data lack is in
    ``cmp.notes``, for the report to show as notices."""
    d = cmp.differences
    areas = d[(d["dimensjon"] != TOTAL) & d["differanse_per_innb"].notna()]
    areas = areas.reindex(areas["differanse_per_innb"].abs()
                          .sort_values(ascending=False, kind="stable").index).head(top)
    ref = cmp.reference.navn if cmp.reference.kind != REF_MEAN else \
        "snittet av sammenligningskommunene"
    navn = cmp.kommune.navn
    out = []
    if not areas.empty:
        parts = []
        for r in areas.itertuples():
            diff = r.differanse_per_innb
            text = (f"{_lower_first(r.dimensjon)} ({fmt_kr(abs(diff))} {_more_or_less(diff)} "
                    "per innbygger")
            if pd.notna(r.merutgift):
                text += f", {fmt_mill(abs(r.merutgift))} for hele kommunen"
            parts.append(text + ")")
        word = {1: "Området", 2: "De to områdene", 3: "De tre områdene"}.get(
            len(parts), f"De {len(parts)} områdene")
        sentence = (f"{word} der {navn} skiller seg mest fra {ref} i {cmp.aar}, er "
                    f"{fmt_list(parts)}.")
        for dim in areas["dimensjon"]:
            note = remark_sentence(cmp, dim)
            if note:
                sentence += " " + note
        out.append(sentence)
    total = d[d["dimensjon"] == TOTAL]
    if not total.empty and pd.notna(total["differanse_per_innb"].iloc[0]):
        t = total.iloc[0]
        diff = t["differanse_per_innb"]
        if round(diff) == 0:
            out.append(f"Samlet bruker {navn} omtrent det samme per innbygger som {ref}.")
        else:
            sentence = (f"Samlet bruker {navn} {fmt_kr(abs(diff))} {_more_or_less(diff)} per "
                        f"innbygger enn {ref} ({fmt_kr(t['kommune'])} mot "
                        f"{fmt_kr(t['referanse'])}).")
            if pd.notna(t["merutgift"]):
                sentence += (f" Med {fmt_number(cmp.folketall)} innbyggere per 31.12.{cmp.aar} "
                             f"svarer forskjellen til {fmt_mill(abs(t['merutgift']))}.")
            sentence += (" Tallet er en pekepinn på forskjellen i ressursbruk etter "
                         "korrigering for beregnet utgiftsbehov, ikke et beløp kommunen "
                         + ("kan spare" if diff > 0 else "må bruke i tillegg")
                         + ": korrigeringen bygger på inntektssystemets anslag for "
                         "behovet, og kommunene fører utgiftene ulikt.")
            note = remark_sentence(cmp, TOTAL)
            if note:
                sentence += " " + note
            out.append(sentence)
    return out


def remark_sentence(cmp: Comparison, dimensjon: str) -> str:
    """What the source says about the municipality's figure for one service area (or
    :data:`TOTAL`), as a sentence for the report; empty without a remark."""
    m = cmp.merknader
    if m.empty:
        return ""
    rows = m[(m["kommunenummer"] == cmp.kommune.kommunenummer) & (m["dimensjon"] == dimensjon)]
    if rows.empty:
        return ""
    area = "totalen" if dimensjon == TOTAL else _lower_first(dimensjon)
    texts = []
    for r in rows.itertuples():
        text = f"Merk om {area} i {cmp.aar}: {r.merknad.strip()}"
        texts.append(text if text.endswith(".") else text + ".")
    return " ".join(texts)


def remark_lines(cmp: Comparison) -> list[str]:
    """Every remark for the regions in the table: '{region}, {area}: {remark}'."""
    return [f"{cmp.names[r.kommunenummer]}, {_lower_first(r.dimensjon)}: {r.merknad.strip()}"
            for r in cmp.merknader.itertuples()]


def key_figures(cmp: Comparison) -> pd.DataFrame:
    """The report's rows for ``nokkeltall.csv``, rounded as the report shows them.

    ``utgift_per_innb_korrigert`` (kr per innbygger, corrected for utgiftsbehov) for the
    municipality, its peers and the reference when that is a region (the mean of the
    comparison municipalities, ``Snitt``, too); ``differanse_per_innb_korrigert`` (kr per
    innbygger) and ``differanse_korrigert`` (1000 kr, only with a population figure) for
    the municipality minus the reference, positive when the municipality spends more. Every
    row per service area and ``Totalt``. ``netto_driftsutgifter_per_innb`` (kr per
    innbygger, NOT corrected, the total only) where the data give it.
    """
    records = []
    for code in cmp.table.columns:
        for dim, value in cmp.table[code].items():
            if pd.notna(value):
                records.append({"nokkel": "utgift_per_innb_korrigert",
                                "kommune": cmp.names[code], "dimensjon": dim, "verdi": value,
                                "enhet": "kr per innbygger", "desimaler": 0})
    if cmp.reference.kind == REF_MEAN:
        for dim, value in cmp.reference_values.items():
            if pd.notna(value):
                records.append({"nokkel": "utgift_per_innb_korrigert",
                                "kommune": cmp.reference.navn, "dimensjon": dim,
                                "verdi": value, "enhet": "kr per innbygger", "desimaler": 0})
    for r in cmp.differences.itertuples():
        if pd.notna(r.differanse_per_innb):
            records.append({"nokkel": "differanse_per_innb_korrigert",
                            "kommune": cmp.kommune.navn, "dimensjon": r.dimensjon,
                            "verdi": r.differanse_per_innb, "enhet": "kr per innbygger",
                            "desimaler": 0})
        if pd.notna(r.merutgift):
            records.append({"nokkel": "differanse_korrigert", "kommune": cmp.kommune.navn,
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
    return key_figure_frame(records)


# ---------------------------------------------------------------- presentation

_OWN_STYLE = {"font-weight": "bold", "background-color": "#e8eef5"}
_REF_COLOR = "#6e6e6e"
_PEER_COLOR = "#b3b3b3"
_LESS_COLOR = "#d0d0d0"


def _keep_together(styler):
    """Ask the PDF renderer not to split a short table across pages."""
    styler = styler.set_table_attributes(
        'style="break-inside: avoid; page-break-inside: avoid;"')
    return styler.set_table_styles(
        [{"selector": "caption", "props": "break-after: avoid; page-break-after: avoid;"}],
        overwrite=False)


def reference_label(cmp: Comparison) -> str:
    """The reference as a column heading: 'Kostragruppe 11', 'Oppdal (referanse)'."""
    if cmp.reference.kind == "kommune":
        return f"{cmp.reference.navn} (referanse)"
    return cmp.reference.navn


def _reference_phrase(cmp: Comparison) -> str:
    if cmp.reference.kind == REF_MEAN:
        return "snittet av sammenligningskommunene"
    return cmp.reference.navn


def _area_names(cmp: Comparison) -> dict[str, str]:
    t = cmp.data.get("kostra_tjenesteomrader")
    short = {} if t is None else dict(zip(t["dimensjon"], t["kortnavn"], strict=True))
    return {d: short.get(d, d) for d in cmp.table.index}


def _columns(cmp: Comparison) -> list[tuple[str, pd.Series]]:
    """(heading, values) for the municipality, its peers and the reference."""
    cols = [(cmp.names[c], cmp.table[c]) for c in cmp.codes]
    cols.append((reference_label(cmp), cmp.reference_values))
    return cols


def title_line(cmp: Comparison) -> str:
    """One generated line under the report title."""
    peers = fmt_list([p.navn for p in cmp.peers]) or "ingen andre kommuner"
    return (f"Netto driftsutgifter per innbygger i {cmp.aar}, korrigert for utgiftsbehov. "
            f"{cmp.kommune.navn} sammenlignes med {peers}; referansen er "
            f"{_reference_phrase(cmp)}.")


def summary_facts(cmp: Comparison) -> list[tuple[str, str]]:
    """Key facts for the top of the report: (formatted value, label)."""
    d = cmp.differences.set_index("dimensjon")
    out = []
    if TOTAL in d.index and pd.notna(d.loc[TOTAL, "differanse_per_innb"]):
        ref = _reference_phrase(cmp)
        out.append((fmt_kr(d.loc[TOTAL, "differanse_per_innb"], sign=True),
                    f"per innbygger mot {ref}"))
        if pd.notna(d.loc[TOTAL, "merutgift"]):
            out.append((fmt_mill(d.loc[TOTAL, "merutgift"], sign=True),
                        "for hele kommunen – ikke en innsparing"))
    r = cmp.ranks.set_index("dimensjon")
    if TOTAL in r.index and pd.notna(r.loc[TOTAL, "rang"]):
        out.append((f"{r.loc[TOTAL, 'rang']} av {r.loc[TOTAL, 'antall']}",
                    "plass totalt (1 = høyest utgift)"))
    return out


def expenditure_display(cmp: Comparison):
    """The service-area table (kr per innbygger), the municipality's column highlighted."""
    from helpers.presentation import report

    df = pd.DataFrame({"Tjenesteområde": list(cmp.table.index)})
    for heading, values in _columns(cmp):
        df[heading] = [fmt_number(v) for v in values.reindex(cmp.table.index)]
    styler = report.table(df, text_columns=["Tjenesteområde"], sum_row=TOTAL in cmp.table.index,
                          caption=f"Kroner per innbygger i {cmp.aar}, korrigert for "
                                  "utgiftsbehov")
    return _keep_together(styler.set_properties(subset=[cmp.kommune.navn], **_OWN_STYLE))


def expenditure_chart(cmp: Comparison) -> alt.FacetChart:
    """Small multiples, one panel per service area: a bar per region (the municipality
    dark blue, peers light grey, the reference mid grey) and a dashed line at the
    reference's level. Each panel has its own scale so small areas can be read too."""
    import altair as alt

    from helpers.presentation import charts

    names = _area_names(cmp)
    rows = []
    cols = _columns(cmp)
    for i, (heading, values) in enumerate(cols):
        role = "kommune" if i == 0 else ("referanse" if i == len(cols) - 1 else "sammenligning")
        for dim, v in values.items():
            if dim != TOTAL and pd.notna(v):
                rows.append({"omrade": names[dim], "region": heading, "verdi": float(v),
                             "rolle": role})
    df = pd.DataFrame(rows)
    order = [h for h, _ in cols]
    areas = [names[d] for d in cmp.table.index if d != TOTAL]
    roles = ["kommune", "sammenligning", "referanse"]
    colors = [charts.HIGHLIGHT, _PEER_COLOR, _REF_COLOR]
    step = 9
    bars = alt.Chart().mark_bar(height=7, stroke="#1a1a1a", strokeWidth=0.3).encode(
        y=alt.Y("region:N", sort=order, title=None,
                axis=alt.Axis(labelFontSize=9, ticks=False, domain=False)),
        x=alt.X("verdi:Q", title=None, axis=alt.Axis(format=",.0f", tickCount=2,
                                                     labelFontSize=9, labelOverlap="greedy")),
        color=alt.Color("rolle:N", scale=alt.Scale(domain=roles, range=colors), legend=None),
        tooltip=["region:N", alt.Tooltip("verdi:Q", format=",.0f")],
    )
    rule = alt.Chart().mark_rule(color=charts.THRESHOLD, strokeDash=[4, 3],
                                 strokeWidth=1.3).encode(x="verdi:Q").transform_filter(
        "datum.rolle == 'referanse'")
    layer = alt.layer(bars, rule, data=df).properties(width=140, height=step * len(order))
    return layer.facet(
        facet=alt.Facet("omrade:N", sort=areas, title=None,
                        header=alt.Header(labelFontSize=10, labelFontWeight="bold",
                                          labelAnchor="start", labelPadding=1)),
        columns=3, spacing={"row": 4, "column": 12},
        title=alt.TitleParams(f"Kroner per innbygger per tjenesteområde, {cmp.aar}",
                              subtitle=[f"Korrigert for utgiftsbehov. Mørk blå: "
                                        f"{cmp.kommune.navn}. Stiplet linje og mørk grå: "
                                        f"{_reference_phrase(cmp)}.",
                                        "Hvert felt har sin egen skala."]),
    ).resolve_scale(x="independent")


def difference_display(cmp: Comparison):
    """The differences against the reference, sorted, total last."""
    from helpers.presentation import report

    d = cmp.differences
    own = cmp.merknader[cmp.merknader["kommunenummer"] == cmp.kommune.kommunenummer] \
        if not cmp.merknader.empty else cmp.merknader
    marked = set(own["dimensjon"]) if not own.empty else set()
    df = pd.DataFrame({
        "Tjenesteområde": [f"{a} *" if a in marked else a for a in d["dimensjon"]],
        cmp.kommune.navn: d["kommune"].map(fmt_number),
        reference_label(cmp): d["referanse"].map(fmt_number),
        "Differanse, kr per innbygger": d["differanse_per_innb"].map(
            lambda v: fmt_number(v, sign=True)),
    })
    if cmp.folketall is not None:
        df["Differanse, 1000\u00a0kr"] = d["merutgift"].map(lambda v: fmt_number(v, sign=True))
    styler = report.table(df, text_columns=["Tjenesteområde"],
                          sum_row=bool((d["dimensjon"] == TOTAL).any()),
                          caption=f"{cmp.kommune.navn} minus {_reference_phrase(cmp)}, "
                                  f"{cmp.aar}, korrigert for utgiftsbehov. Positivt tall: "
                                  f"{cmp.kommune.navn} bruker mer."
                                  + (" * Kilden sier at tallet er skjevt; se merknaden under."
                                     if marked else ""))
    return _keep_together(styler)


def difference_chart(cmp: Comparison) -> alt.LayerChart:
    """Sorted horizontal bars of the difference per service area, labelled, zero line.

    In mill. kr for the whole municipality when the population is known, otherwise in kr
    per innbygger. Dark bars: the municipality spends more; light bars: less.
    """
    import altair as alt

    from helpers.presentation import charts

    names = _area_names(cmp)
    d = cmp.differences[(cmp.differences["dimensjon"] != TOTAL)
                        & cmp.differences["differanse_per_innb"].notna()].copy()
    in_money = cmp.folketall is not None
    if in_money:
        d["verdi"] = d["merutgift"] / 1000
        label = d["verdi"].map(lambda v: fmt_number(v, 1, sign=True))
        unit = "mill. kr for hele kommunen"
    else:
        d["verdi"] = d["differanse_per_innb"]
        label = d["verdi"].map(lambda v: fmt_number(v, 0, sign=True))
        unit = "kr per innbygger"
    d["omrade"] = d["dimensjon"].map(names)
    d["etikett"] = label
    d["mer"] = d["verdi"] > 0
    order = list(d.sort_values("verdi", ascending=False)["omrade"])
    lo, hi = min(d["verdi"].min(), 0), max(d["verdi"].max(), 0)
    pad = (hi - lo) * 0.14 or 1
    scale = alt.Scale(domain=[lo - (pad if lo < 0 else 0), hi + (pad if hi > 0 else 0)],
                      nice=True)
    fmt = ",.0f"
    base = alt.Chart(d).encode(y=alt.Y("omrade:N", sort=order, title=None,
                                       axis=alt.Axis(labelLimit=200)))
    bars = base.mark_bar(height=15, stroke="#1a1a1a", strokeWidth=0.5).encode(
        x=alt.X("verdi:Q", title=unit, scale=scale, axis=alt.Axis(format=fmt)),
        color=alt.condition("datum.mer", alt.value(charts.HIGHLIGHT), alt.value(_LESS_COLOR)),
        tooltip=["omrade:N", alt.Tooltip("verdi:Q", format=",.1f")],
    )
    right = base.mark_text(align="left", dx=3, fontSize=10, color="#222222").encode(
        x="verdi:Q", text="etikett:N").transform_filter("datum.verdi >= 0")
    left = base.mark_text(align="right", dx=-3, fontSize=10, color="#222222").encode(
        x="verdi:Q", text="etikett:N").transform_filter("datum.verdi < 0")
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#1a1a1a").encode(x="x:Q")
    title = alt.TitleParams(
        f"Forskjell mot {_reference_phrase(cmp)} per tjenesteområde, {cmp.aar}",
        subtitle=f"Mørke søyler: {cmp.kommune.navn} bruker mer; lyse: mindre. Enhet: {unit}.")
    return (bars + right + left + zero).properties(
        title=title, width=charts.WIDTH - 190, height=22 * len(d))


def rank_display(cmp: Comparison) -> pd.DataFrame:
    """Rank per service area with the highest and lowest region, as text."""
    rows = []
    for r in cmp.ranks.itertuples():
        vals = cmp.table.loc[r.dimensjon, cmp.rank_codes].dropna()
        hi, lo = vals.idxmax(), vals.idxmin()
        rows.append({
            "Tjenesteområde": r.dimensjon,
            "Plass": "–" if pd.isna(r.rang) else f"{r.rang} av {r.antall}",
            "Høyest": f"{cmp.names[hi]}: {fmt_number(vals[hi])}",
            "Lavest": f"{cmp.names[lo]}: {fmt_number(vals[lo])}",
        })
    return pd.DataFrame(rows)


def rank_text(cmp: Comparison) -> str:
    """Where the municipality is highest and lowest among the municipalities."""
    r = cmp.ranks[(cmp.ranks["dimensjon"] != TOTAL) & cmp.ranks["rang"].notna()]
    if r.empty:
        return ""
    n = int(r["antall"].max())
    top = [_lower_first(d) for d in r.loc[r["rang"] == 1, "dimensjon"]]
    bottom = [_lower_first(d) for d in r.loc[r["rang"] == r["antall"], "dimensjon"]]
    parts = [f"Blant de {n} kommunene"]
    if top:
        parts.append(f" har {cmp.kommune.navn} høyest utgift per innbygger på {fmt_list(top)}")
    if bottom:
        parts.append((" og" if top else f" har {cmp.kommune.navn}")
                     + f" lavest på {fmt_list(bottom)}")
    if not top and not bottom:
        parts.append(f" ligger {cmp.kommune.navn} verken høyest eller lavest på noe område")
    return "".join(parts) + "."


def correction_text(cmp: Comparison) -> str:
    """Which figures are corrected, and the municipality's expenditure-need figures."""
    g = cmp.grunnlag
    own = g[g["kommunenummer"] == cmp.kommune.kommunenummer]
    lines = []
    if (g["grunnlag"] == "publisert").all():
        lines.append("Alle utgiftstallene per tjenesteområde i rapporten er korrigert for "
                     "utgiftsbehov allerede i kilden. Nøkkeltalltabellen til slutt er ikke "
                     "korrigert.")
    else:
        computed = sorted({cmp.names[c] for c in g.loc[g["grunnlag"] == "beregnet",
                                                       "kommunenummer"]})
        if computed:
            lines.append(f"For {fmt_list(computed)} er de korrigerte tallene regnet ut her, "
                         "fra ukorrigerte tall og indeks per tjenesteområde. De andre tallene "
                         "er korrigert i kilden. Nøkkeltalltabellen er ikke korrigert.")
        summed = sorted({cmp.names[c] for c in g.loc[g["grunnlag"] == "sum", "kommunenummer"]})
        if summed:
            lines.append(f"Totalen for {fmt_list(summed)} er summen av tjenesteområdene, fordi "
                         "dataene ikke har en egen total.")
    u = cmp.data.get("kostra_utgiftsbehov")
    if u is not None and not u.empty:
        mine = u[(u["kommunenummer"] == cmp.kommune.kommunenummer) & (u["dimensjon"] == "")]
        val = {(r.indikator, int(r.aar)): r.verdi for r in mine.itertuples()}
        idx_years = sorted(a for i, a in val if i == INDEX)
        if idx_years:
            y = idx_years[-1]
            text = (f"I inntektssystemet for {y} har {cmp.kommune.navn} en kostnadsindeks på "
                    f"{fmt_number(val[(INDEX, y)], 2).rstrip('0').rstrip(',')}")
            if y - 1 in idx_years:
                text += (f" ({fmt_number(val[(INDEX, y - 1)], 2).rstrip('0').rstrip(',')} "
                         "året før)")
            own_kr = val.get(("utgiftsbehov_per_innb", y))
            avg_kr = val.get(("utgiftsbehov_per_innb_landsgjennomsnitt", y))
            if own_kr is not None and avg_kr is not None:
                text += (f": kommunen er beregnet å trenge {fmt_kr(own_kr)} per innbygger, mot "
                         f"{fmt_kr(avg_kr)} i en gjennomsnittskommune")
            text += "."
            if y != cmp.aar:
                text += (f" Indeksen gjelder {y}, ikke KOSTRA-året {cmp.aar}; dataene har ikke "
                         f"indeksen for {cmp.aar}.")
            lines.append(text)
    k = cmp.data["kostra"]
    raw = k[(k["indikator"] == "netto_driftsutgifter_per_innb") & (k["aar"] == cmp.aar)
            & (k["kommunenummer"] == cmp.kommune.kommunenummer) & (k["dimensjon"] == "")]
    own_total = own.loc[own["dimensjon"] == TOTAL]
    if not raw.empty and not own_total.empty:
        lines.append(f"Ukorrigert brukte {cmp.kommune.navn} netto "
                     f"{fmt_kr(raw['verdi'].iloc[0])} per innbygger i {cmp.aar}; den "
                     f"korrigerte totalen i sammenligningen er "
                     f"{fmt_kr(cmp.table.loc[TOTAL, cmp.kommune.kommunenummer])}. De to tallene "
                     "er ikke nødvendigvis avgrenset likt, så forholdet mellom dem er ikke "
                     "nødvendigvis kommunens indeks.")
    return " ".join(lines)


def correction_table(cmp: Comparison) -> pd.DataFrame:
    """Uncorrected figure, index and corrected figure where the report computed the
    correction itself (empty when every figure was corrected in the source)."""
    u = cmp.data.get("kostra_utgiftsbehov")
    if u is None or u.empty:
        return pd.DataFrame()
    k = cmp.data["kostra"]
    raw = k[(k["indikator"] == UNCORRECTED) & (k["aar"] == cmp.aar)]
    idx = u[(u["indikator"] == INDEX) & (u["aar"] == cmp.aar)]
    c = correct_for_utgiftsbehov(raw, idx)
    c = c[c["kommunenummer"].isin(cmp.table.columns)]
    used = cmp.grunnlag[cmp.grunnlag["grunnlag"] == "beregnet"]
    c = c.merge(used[["kommunenummer", "dimensjon"]], on=["kommunenummer", "dimensjon"])
    if c.empty:
        return pd.DataFrame()
    return pd.DataFrame({
        "Kommune": c["kommunenummer"].map(cmp.names),
        "Tjenesteområde": c["dimensjon"].replace({"": TOTAL}),
        "Ukorrigert, kr per innbygger": c["ukorrigert"].map(fmt_number),
        "Indeks": c["indeks"].map(lambda v: fmt_number(v, 1)),
        "Korrigert, kr per innbygger": c["verdi"].map(fmt_number),
    })


def missing_correction_notice(cmp: Comparison) -> str | None:
    """A notice when the data have no index per service area for the municipality."""
    u = cmp.data.get("kostra_utgiftsbehov")
    has_index = u is not None and not u[
        (u["indikator"] == INDEX) & (u["dimensjon"] != "") & (u["aar"] == cmp.aar)
        & (u["kommunenummer"] == cmp.kommune.kommunenummer)].empty
    if has_index:
        return None
    return Note(
        "**Bare korrigerte tall finnes.** Grunnlaget har ikke ukorrigerte utgifter og "
        f"utgiftsbehovsindeks per tjenesteområde for {cmp.kommune.navn} i {cmp.aar}, så "
        "rapporten kan ikke vise hvor mye korrigeringen utgjør per område.",
        "Legg de ukorrigerte tallene inn i `data/kostra.csv` (indikator `utgift_per_innb`, "
        "tjenesteområdet i `dimensjon`) og indeksen i `data/kostra_utgiftsbehov.csv` "
        "(indikator `utgiftsbehov_indeks`), så regner rapporten ut de korrigerte tallene "
        "selv.")


def _key_table(cmp: Comparison) -> tuple[pd.DataFrame, list[str]]:
    """The key-figure table for the municipality, its peers and the reference (when that is
    a region with figures), and the names of regions left out for lack of figures."""
    others = [p.kommunenummer for p in cmp.peers]
    if cmp.reference.kommunenummer is not None:
        others.append(cmp.reference.kommunenummer)
    t = key_figure_table(cmp.data["kostra"], cmp.data.get("kostra_indikatorer"),
                         cmp.kommune.kommunenummer, others, cmp.aar, cmp.names)
    if t.empty:
        return t, []
    empty = [cmp.names[c] for c in others if t[cmp.names[c]].isna().all()]
    return t.drop(columns=empty), empty


def key_table_display(cmp: Comparison):
    """The key-figure table with Norwegian labels, the municipality's two years bold.
    None when the indicator descriptions (kostra_indikatorer.csv) are missing."""
    from helpers.presentation import report

    t, _ = _key_table(cmp)
    if t.empty:
        return None
    value_cols = [c for c in t.columns if c not in ("indikator", "navn", "enhet")]
    df = pd.DataFrame({"Nøkkeltall": t["navn"]})
    for col in value_cols:
        df[col] = [fmt_pct(v, 1) if unit == "%" else fmt_number(v, 0)
                   for v, unit in zip(t[col], t["enhet"], strict=True)]
    own = [c for c in value_cols if c.startswith(f"{cmp.kommune.navn} ")]
    styler = report.table(df, text_columns=["Nøkkeltall"],
                          caption=f"Økonomiske nøkkeltall (KOSTRA, konserntall). "
                                  f"{cmp.kommune.navn} i {cmp.aar - 1} og {cmp.aar}, de "
                                  f"andre i {cmp.aar}.")
    return _keep_together(styler.set_properties(subset=own, **_OWN_STYLE))


def key_table_notes(cmp: Comparison) -> list[str]:
    """What the key-figure table lacks."""
    meta = cmp.data.get("kostra_indikatorer")
    if meta is None or meta.empty:
        return [Note("Nøkkeltalltabellen kan ikke vises: grunnlaget sier ikke hvilke "
                     "nøkkeltall den skal ha.",
                     "`data/kostra_indikatorer.csv` mangler (den sier hvilke indikatorer "
                     "nøkkeltalltabellen skal vise).")]
    t, empty = _key_table(cmp)
    out = []
    if empty:
        out.append(Note(
            f"Grunnlaget har ingen nøkkeltall for {fmt_list(empty)} i {cmp.aar}, så "
            f"{'den' if len(empty) == 1 else 'de'} står ikke i tabellen.",
            f"`data/kostra.csv` har ingen nøkkeltall for {fmt_list(empty)} i {cmp.aar}."))
    if cmp.reference.kind == REF_MEAN:
        out.append("Snittet av sammenligningskommunene regnes bare ut for utgiftene per "
                   "tjenesteområde, ikke for nøkkeltallene.")
    own_prev = f"{cmp.kommune.navn} {cmp.aar - 1}"
    if own_prev in t.columns and t[own_prev].isna().all():
        out.append(f"Dataene har ingen nøkkeltall for {cmp.kommune.navn} i {cmp.aar - 1}.")
    return out


def rank_table(cmp: Comparison):
    """:func:`rank_display` as a table kept on one page."""
    from helpers.presentation import report

    return _keep_together(report.table(
        rank_display(cmp), text_columns=["Tjenesteområde", "Plass", "Høyest", "Lavest"],
        caption=f"Plass blant {len(cmp.rank_codes)} kommuner i {cmp.aar} "
                "(1 = høyest utgift per innbygger)"))
