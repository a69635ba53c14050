"""KOSTRA comparison: expenditure per service area against peers and a reference.

The question the report answers: where does the municipality spend more per inhabitant
than comparable municipalities, and what is the difference worth for the whole
population? Every figure here is ``kr per innbygger`` corrected for the calculated
expenditure need (``utgiftsbehov``): ``corrected = expenditure ÷ index × 100``, where the
index is 100 for the national average. Published corrected figures are used as they are;
where only uncorrected figures and an index per service area exist, the corrected figure
is computed (:func:`correct_for_utgiftsbehov`). When no corrected figure can be had for
the municipality (a new municipality's data from ``hop hent ssb`` have only SSB's
uncorrected figures), the comparison uses the uncorrected ``utgift_per_innb`` for the
municipality and every peer instead, never a mix, and says so (``Comparison.korrigert``).

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
(``kostra_merknader.csv``), the report shows the remark beside the service area."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from helpers.data.coverage import require_year
from helpers.data.kommuner import Kommune, comparison, resolve
from helpers.data.queries import kostra_rows
from helpers.presentation.formatting import fmt_kr, fmt_list, fmt_mill
from helpers.presentation.merknad import Note

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
    published = kostra_rows(kostra, CORRECTED, dimensjon=None)[keys + ["verdi"]].copy()
    published["grunnlag"] = "publisert"
    parts = [published]
    if utgiftsbehov is not None and not utgiftsbehov.empty:
        raw = kostra_rows(kostra, UNCORRECTED, dimensjon=None)
        idx = utgiftsbehov[utgiftsbehov["indikator"] == INDEX]
        computed = correct_for_utgiftsbehov(raw, idx)[keys + ["verdi"]]
        computed["grunnlag"] = "beregnet"
        have = pd.MultiIndex.from_frame(published[keys])
        computed = computed[~pd.MultiIndex.from_frame(computed[keys]).isin(have)]
        parts.append(computed)
    out = pd.concat([p for p in parts if not p.empty] or [published], ignore_index=True)
    return _with_totals(out)


def uncorrected_expenditure(kostra: pd.DataFrame) -> pd.DataFrame:
    """Every uncorrected expenditure figure per service area (``utgift_per_innb``, as SSB
    publishes it in table 12362), in the shape of :func:`corrected_expenditure`:
    ``grunnlag`` is ``ukorrigert``, or ``sum`` for a total summed from the service areas."""
    keys = ["kommunenummer", "aar", "dimensjon"]
    raw = kostra_rows(kostra, UNCORRECTED, dimensjon=None)[keys + ["verdi"]].copy()
    raw["grunnlag"] = "ukorrigert"
    return _with_totals(raw)


def _with_totals(out: pd.DataFrame) -> pd.DataFrame:
    """Add a summed total where a region-year has service areas but no total, and name the
    total :data:`TOTAL`. Only a region-year with every service area that some region has
    that year is summed: a total without an area would be compared as if it cost nothing."""
    out = out.copy()
    out["dimensjon"] = out["dimensjon"].fillna("").astype(str)
    areas = out[out["dimensjon"] != ""]
    totals = out[out["dimensjon"] == ""]
    have_total = set(zip(totals["kommunenummer"], totals["aar"], strict=True))
    in_year = areas.groupby("aar")["dimensjon"].nunique()
    summed = (areas.groupby(["kommunenummer", "aar"], as_index=False)
              .agg(verdi=("verdi", "sum"), n=("dimensjon", "nunique")))
    # .loc: an empty list of booleans would select no columns instead of no rows.
    summed = summed.loc[[(k, a) not in have_total and n == in_year[a] for k, a, n in
                         zip(summed["kommunenummer"], summed["aar"], summed["n"],
                             strict=True)]]
    summed["dimensjon"] = ""
    summed["grunnlag"] = "sum"
    out = pd.concat([out, summed[out.columns]], ignore_index=True)
    out.loc[out["dimensjon"] == "", "dimensjon"] = TOTAL
    out["aar"] = out["aar"].astype(int)
    return out.sort_values(["aar", "kommunenummer", "dimensjon"]).reset_index(drop=True)


@dataclass(frozen=True)
class Reference:
    """What the municipality is compared against."""

    kind: str  # "kommune", "kommunegruppe" or "snitt"
    navn: str
    kommunenummer: str | None = None
    # Why this reference was used instead of the one asked for (empty: as asked).
    merknad: str = ""


def resolve_reference(kommuner: pd.DataFrame, kommune: Kommune, referanse: str,
                      has_peers: bool = True) -> Reference:
    """Turn the ``referanse`` parameter into a :class:`Reference`.

    ``"kostragruppe"`` = the municipality's KOSTRA group (column ``kostragruppe`` in
    ``kommuner.csv``; when that is empty, the comparison average with a ``merknad`` saying
    so, or, without comparison municipalities (``has_peers`` false), the national figures:
    :func:`national_reference`); ``"snitt"`` = the unweighted average of the comparison
    municipalities; anything else = a municipality or group by name, number or alias.
    """
    word = " ".join(str(referanse).casefold().split())
    if word in _REF_GROUP_WORDS:
        row = kommuner[kommuner["kommunenummer"] == kommune.kommunenummer]
        group = str(row["kostragruppe"].iloc[0]) if not row.empty else ""
        if not group or group == "nan":
            national = None if has_peers else national_reference(kommuner, kommune)
            return national or Reference(REF_MEAN, MEAN_LABEL, merknad=(
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


def national_reference(kommuner: pd.DataFrame, kommune: Kommune) -> Reference | None:
    """The national figures as reference when the municipality's KOSTRA group is unknown and
    there are no comparison municipalities to average: «Landet uten Oslo» (EAKUO) if
    ``kommuner.csv`` has it, else «Landet» (EAK); ``None`` when it has neither. The codes
    are SSB's, as the municipality list declares them (:mod:`helpers.ingest.kommuneliste`)."""
    from helpers.ingest.kommuneliste import LANDET, LANDET_UTEN_OSLO

    for code, _ in (LANDET_UTEN_OSLO, LANDET):
        row = kommuner[(kommuner["kommunenummer"] == code) & (kommuner["type"] != "kommune")]
        if not row.empty:
            navn = str(row["navn"].iloc[0])
            return Reference(str(row["type"].iloc[0]), navn, code, merknad=(
                f"Dataene sier ikke hvilken KOSTRA-gruppe {kommune.navn} hører til, og det er "
                f"ingen sammenligningskommuner, så referansen er {navn} i stedet for "
                "KOSTRA-gruppen."))
    return None


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

    @property
    def ranked(self) -> bool:
        """Whether there is a ranking: at least one other municipality to rank among (a
        place «1 av 1» is no ranking, and is printed nowhere)."""
        return len(self.rank_codes) > 1
    # The source's remarks on distorted figures for the regions in the table and the year:
    # kommunenummer, dimensjon (TOTAL for the total), merknad, virkning_per_innb.
    merknader: pd.DataFrame = field(default_factory=pd.DataFrame)
    data: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    # False: the data cannot give the subject's figures corrected for utgiftsbehov, so every
    # figure in the comparison is the uncorrected utgift_per_innb (the report says so).
    korrigert: bool = True

    @property
    def codes(self) -> list[str]:
        """Region codes in the table: the municipality first, then its peers."""
        return [self.kommune.kommunenummer] + [p.kommunenummer for p in self.peers]


def _uncorrected_note(kommune: Kommune) -> Note:
    return Note(
        "**Tallene er ikke korrigert for utgiftsbehov.** Grunnlaget har ikke inntektssystemets "
        f"indeks for beregnet utgiftsbehov per tjenesteområde for {kommune.navn}, så "
        "rapporten viser de ukorrigerte utgiftene slik SSB publiserer dem. Forskjellene kan "
        "derfor skyldes ulikt behov for tjenestene like mye som ulik ressursbruk.",
        f"Utgiftene for {kommune.navn} er ukorrigerte. Korrigerte tall får rapporten med "
        "indeksen per tjenesteområde fra inntektssystemets «Grønt hefte» i "
        "`data/kostra_utgiftsbehov.csv` (indikator `utgiftsbehov_indeks`, tjenesteområdet i "
        "`dimensjon`; arket «Utgiftsbehov» i grunnlagsarbeidsboken), eller med korrigerte tall "
        "i `data/kostra.csv` (indikator "
        "`utgift_per_innb_korrigert`).")


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
    named = comparison(kommuner, chosen, sammenligning)
    peers = [p for p in named if p.type == "kommune"]
    reference = resolve_reference(kommuner, chosen, referanse, has_peers=bool(peers))
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
    korrigert = bool(own_years) if aar is None else aar in own_years
    if not korrigert:
        raw = uncorrected_expenditure(data["kostra"])
        raw_years = sorted(raw.loc[raw["kommunenummer"] == chosen.kommunenummer,
                                   "aar"].unique())
        if raw_years and (aar is None or aar in raw_years or not own_years):
            # No corrected figure can be made for the subject: compare everyone's
            # uncorrected figures instead, never a mix of the two.
            corrected, own_years = raw, raw_years
            notes.insert(0, _uncorrected_note(chosen))
        else:
            korrigert = True  # the year check below reports the year that is missing
    if not own_years:
        raise KostraError(f"Det finnes ingen utgifter per tjenesteområde for {chosen.navn} i "
                          "kostra.csv (indikator utgift_per_innb_korrigert eller "
                          "utgift_per_innb).")
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
    own_col = table[chosen.kommunenummer]
    if TOTAL in table.index and pd.isna(own_col[TOTAL]):
        lacking = [_lower_first(d) for d, v in own_col.items() if d != TOTAL and pd.isna(v)]
        notes.append(f"Dataene har ikke tall for {chosen.navn} totalt i {aar}"
                     + (f", og mangler {fmt_list(lacking)}, så totalen kan ikke regnes ut som "
                        "summen av tjenesteområdene" if lacking else "") + ".")
    diff = differences(own_col, ref_values, folk)
    grunnlag = corrected[(corrected["aar"] == aar)
                         & corrected["kommunenummer"].isin(table_codes)][
        ["kommunenummer", "dimensjon", "grunnlag"]].reset_index(drop=True)
    return Comparison(
        kommune=chosen, peers=peers, reference=reference, aar=aar, table=table,
        reference_values=ref_values, differences=diff,
        ranks=ranks(table, chosen.kommunenummer, rank_codes), rank_codes=rank_codes,
        folketall=folk, names=names,
        grunnlag=grunnlag, notes=notes, data=data, korrigert=korrigert,
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


def _lower_first(text: str) -> str:
    """'Pleie og omsorg' → 'pleie og omsorg' (leaves 'KOSTRA' alone)."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def remark_lines(cmp: Comparison) -> list[str]:
    """Every remark for the regions in the table: '{region}, {area}: {remark}'."""
    return [f"{cmp.names[r.kommunenummer]}, {_lower_first(r.dimensjon)}: {r.merknad.strip()}"
            for r in cmp.merknader.itertuples()]


def _reference_phrase(cmp: Comparison) -> str:
    if cmp.reference.kind == REF_MEAN:
        return "snittet av sammenligningskommunene"
    return cmp.reference.navn


def correction_words(cmp: Comparison) -> str:
    """'korrigert for utgiftsbehov', or 'ukorrigert (ikke korrigert for utgiftsbehov)' for
    an uncorrected comparison."""
    return ("korrigert for utgiftsbehov" if cmp.korrigert
            else "ukorrigert (ikke korrigert for utgiftsbehov)")


def title_line(cmp: Comparison) -> str:
    """One generated line under the report title."""
    peers = fmt_list([p.navn for p in cmp.peers])
    compared = (f"{peers}; referansen er {_reference_phrase(cmp)}" if peers
                else _reference_phrase(cmp))  # no other municipality: the reference alone
    return (f"Netto driftsutgifter per innbygger i {cmp.aar}, {correction_words(cmp)}. "
            f"{cmp.kommune.navn} sammenlignes med {compared}.")


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
    if cmp.ranked and TOTAL in r.index and pd.notna(r.loc[TOTAL, "rang"]):
        out.append((f"{r.loc[TOTAL, 'rang']} av {r.loc[TOTAL, 'antall']}",
                    "plass totalt (1 = høyest utgift)"))
    return out
