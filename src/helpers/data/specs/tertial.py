"""Data files for the tertial report: the accounting system's monthly export, the year's
budget, which rammeområde each ansvar belongs to, how the budget is spread over the months,
the rammeområder's year-end forecasts and the investment projects' status.

The accounts and the budget may come straight from the accounting system: the usual header
names («Ansvar», «Art», «Funksjon», «Periode», «Beløp» …) are accepted through the columns'
aliases, and semicolons with decimal comma load as in every other file.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from helpers.data.specs import (
    AAR,
    ACCOUNTING_SIGNS,
    KILDE,
    KOMMUNENUMMER,
    WORKBOOK,
    Col,
    FileSpec,
    Sheet,
)

UNITS = ("kr", "1000 kr")
SHARE_TOLERANCE = 0.0005  # a key's 12 shares may differ from 1 by rounding only

_KNR = replace(KOMMUNENUMMER, aliases=("Kommunenr", "Kommunenr.", "Knr"))
_AAR = replace(AAR, aliases=("År", "Regnskapsår", "Budsjettår", "Ar"))
_KILDE = replace(KILDE, nullable=True)
ANSVAR = Col("str", "Ansvar (kostnadssted) i kommunens kontoplan",
             aliases=("Ansvarsnr", "Ansvarsnummer", "Ansvarssted", "Ansvar nr", "Ansv"))
ART = Col("str", "KOSTRA-art, tre siffer (f.eks. 010 fastlønn, 870 skatt på inntekt og formue)",
          pattern=r"^\d{3}$", aliases=("Artskonto", "Kontoart", "Art nr", "Konto"))
FUNKSJON = Col("str", "KOSTRA-funksjon, tre siffer (f.eks. 202 grunnskole)",
               pattern=r"^\d{3}$", aliases=("Funk", "Funksjonsnr", "Funksjon nr"))
PROSJEKT = Col("str", "Prosjekt, tomt for vanlig drift", nullable=True,
               aliases=("Prosjektnr", "Prosjektnummer", "Prosj"))
ENHET = Col("str", "Beløpets enhet: kr eller 1000 kr. Uten kolonnen er beløpene i kroner, "
                   "slik økonomisystemene eksporterer dem", nullable=True, allowed=UNITS)
PERIODE = Col("int", "Regnskapsperioden (måned 1–12); beløpet gjelder perioden alene, ikke "
                     "summen hittil", min=1, max=12,
              aliases=("Måned", "Mnd", "Periode nr", "Regnskapsperiode"))
RAMMEOMRADE = Col("str", "Rammeområdet, med samme navn som i økonomiplanens rammer "
                         "(f.eks. «Helse og omsorg»)", aliases=("Rammeområde", "Tjenesteområde"))
TERTIAL = Col("int", "Tertialet: 1 (per 30.4), 2 (per 31.8) eller 3 (årsslutt)", min=1, max=3)


def _line(idx) -> int:
    return int(idx) + 2


def _ansvar_map(frames: dict[str, pd.DataFrame]) -> pd.DataFrame | None:
    m = frames.get("ansvar_rammeomrade")
    if m is None:
        return None
    return m[m["rammeomrade"] != ""]


def _check_ansvar_known(df: pd.DataFrame, frames: dict[str, pd.DataFrame]) -> list[tuple]:
    """Every ansvar in the accounts or the budget has a rammeområde (first line per ansvar)."""
    m = _ansvar_map(frames)
    if m is None:
        return []
    known = set(zip(m["kommunenummer"], m["ansvar"], strict=True))
    rows = df[df["ansvar"] != ""]
    bad = rows[[(k, a) not in known for k, a in zip(rows["kommunenummer"], rows["ansvar"],
                                                   strict=True)]]
    out = []
    for (_knr, ansvar), grp in bad.groupby(["kommunenummer", "ansvar"], sort=False):
        n = len(grp)
        more = (f" (og {n - 1} {'linje' if n == 2 else 'linjer'} til)" if n > 1 else "")
        out.append((_line(grp.index[0]), "ansvar", None,
                    f"ansvaret «{ansvar}» har ikke noe rammeområde i ansvar_rammeomrade.csv"
                    f"{more} – forventet et ansvar som står der med rammeområde"))
    return out


def _check_budget_rows(df: pd.DataFrame, frames: dict[str, pd.DataFrame]) -> list[tuple]:
    """A budget row names an ansvar or (where that is all there is) a rammeområde."""
    out = []
    for idx, r in df.iterrows():
        if r["ansvar"] == "" and r["rammeomrade"] == "":
            out.append((_line(idx), "ansvar", None, "både ansvar og rammeområde er tomme – "
                        "forventet ansvar, eller rammeområde når budsjettet bare finnes per "
                        "rammeområde"))
    return out + _check_ansvar_known(df, frames)


def _check_mapping(df: pd.DataFrame, frames: dict[str, pd.DataFrame]) -> list[tuple]:
    return [(_line(idx), "rammeomrade", None,
             f"ansvaret «{r['ansvar']}» har ikke noe rammeområde – forventet rammeområdet "
             "ansvaret hører til")
            for idx, r in df.iterrows() if r["rammeomrade"] == ""]


def _check_keys(df: pd.DataFrame, frames: dict[str, pd.DataFrame]) -> list[tuple]:
    """Each key has the 12 months once, its shares add up to 1, and one art range."""
    out = []
    for (_knr, aar, nokkel), grp in df.groupby(["kommunenummer", "aar", "nokkel"], sort=False):
        first = _line(grp.index[0])
        months = sorted(int(p) for p in grp["periode"])
        if months != list(range(1, 13)):
            missing = sorted(set(range(1, 13)) - set(months))
            out.append((first, "periode", None,
                        f"nøkkelen «{nokkel}» for {aar} mangler månedene "
                        f"{', '.join(map(str, missing))} – forventet én rad for hver av de "
                        "12 månedene"))
        total = float(grp["andel"].sum())
        if abs(total - 1) > SHARE_TOLERANCE:
            shown = f"{total:.4f}".replace(".", ",")
            out.append((first, "andel", None,
                        f"andelene i nøkkelen «{nokkel}» for {aar} summerer til {shown} – "
                        "forventet at de 12 månedene summerer til 1"))
        if grp[["art_fra", "art_til"]].drop_duplicates().shape[0] > 1:
            out.append((first, "art_fra", None,
                        f"nøkkelen «{nokkel}» har ulike artsintervaller på sine linjer – "
                        "forventet samme art_fra og art_til på alle 12"))
        bad = grp[grp["art_fra"] > grp["art_til"]]
        if len(bad):
            out.append((_line(bad.index[0]), "art_til", bad["art_til"].iloc[0],
                        "en art som ikke er lavere enn art_fra"))
    return out


def _check_rammeomrade_known(df: pd.DataFrame, frames: dict[str, pd.DataFrame]) -> list[tuple]:
    m = _ansvar_map(frames)
    if m is None:
        return []
    known = set(zip(m["kommunenummer"], m["rammeomrade"], strict=True))
    out = []
    for idx, r in df.iterrows():
        if (r["kommunenummer"], r["rammeomrade"]) not in known:
            out.append((_line(idx), "rammeomrade", r["rammeomrade"],
                        "et rammeområde som står i ansvar_rammeomrade.csv"))
    return out


FILES = [
    FileSpec(
        name="regnskap.csv",
        description=(
            "Regnskapet per måned fra økonomisystemet: ett beløp per ansvar, art, funksjon "
            "(og prosjekt) og periode, med regnskapets fortegn (utgift positiv, inntekt "
            "negativ). Beløpet gjelder perioden, ikke summen hittil; ingen sumlinjer."
        ),
        columns={
            "kommunenummer": _KNR,
            "aar": _AAR,
            "periode": PERIODE,
            "ansvar": ANSVAR,
            "art": ART,
            "funksjon": FUNKSJON,
            "prosjekt": PROSJEKT,
            "belop": Col("float", "Beløpet i perioden, med regnskapets fortegn; i kroner med "
                                  "mindre kolonnen enhet sier 1000 kr",
                         aliases=("Beløp", "Belop", "Regnskap", "Periodebeløp", "Beløp periode",
                                  "Netto")),
            "enhet": ENHET,
            "kilde": _KILDE,
        },
        key=("kommunenummer", "aar", "periode", "ansvar", "art", "funksjon", "prosjekt"),
        optional=True,
        optional_columns=("prosjekt", "enhet", "kilde"),
        checks=(_check_ansvar_known,),
        source=WORKBOOK,
        holds="regnskapet hittil i år fra økonomisystemet",
        sheet=Sheet(
            "Regnskap",
            18,
            {
                "belop": "kr, eller 1000 kr når «enhet» sier det; "
                + ACCOUNTING_SIGNS
                + "; beløpet i perioden alene"
            },
            {
                "kommunenummer": "5025",
                "aar": "2024",
                "periode": "1",
                "ansvar": "1100",
                "art": "010",
                "funksjon": "120",
                "prosjekt": "",
                "belop": "1140427",
                "enhet": "kr",
                "kilde": "Økonomisystemets eksport per 30.4.2024",
            },
        ),
    ),
    FileSpec(
        name="budsjett.csv",
        description=(
            "Årets budsjett per ansvar, art og funksjon, opprinnelig og revidert, med "
            "regnskapets fortegn. Har kommunen bare budsjett per rammeområde, står "
            "rammeområdet i stedet for ansvar."
        ),
        columns={
            "kommunenummer": _KNR,
            "aar": _AAR,
            "versjon": Col("str", "opprinnelig (vedtatt i desember) eller revidert (med "
                                  "endringene vedtatt i løpet av året)",
                           allowed=("opprinnelig", "revidert")),
            "ansvar": replace(ANSVAR, nullable=True),
            "rammeomrade": replace(RAMMEOMRADE, nullable=True,
                                   description="Rammeområdet, bare når budsjettet ikke er "
                                               "fordelt på ansvar"),
            "art": replace(ART, nullable=True),
            "funksjon": replace(FUNKSJON, nullable=True),
            "belop": Col("float", "Årsbudsjettet, med regnskapets fortegn; i kroner med mindre "
                                  "kolonnen enhet sier 1000 kr",
                         aliases=("Beløp", "Belop", "Budsjett", "Årsbudsjett")),
            "enhet": ENHET,
            "kilde": _KILDE,
        },
        key=("kommunenummer", "aar", "versjon", "ansvar", "rammeomrade", "art", "funksjon"),
        optional=True,
        optional_columns=("rammeomrade", "art", "funksjon", "enhet", "kilde"),
        checks=(_check_budget_rows,),
        source=WORKBOOK,
        holds="revidert budsjett per ansvar",
        sheet=Sheet(
            "Budsjett",
            19,
            {"belop": "kr, eller 1000 kr når «enhet» sier det; " + ACCOUNTING_SIGNS},
            {
                "kommunenummer": "5025",
                "aar": "2024",
                "versjon": "opprinnelig",
                "ansvar": "1100",
                "rammeomrade": "",
                "art": "010",
                "funksjon": "120",
                "belop": "13574.0",
                "enhet": "1000 kr",
                "kilde": "Vedtatt budsjett 2024 fra økonomisystemet",
            },
        ),
    ),
    FileSpec(
        name="ansvar_rammeomrade.csv",
        description="Hvilket rammeområde hvert ansvar hører til.",
        columns={
            "kommunenummer": _KNR,
            "ansvar": ANSVAR,
            "ansvar_navn": Col("str", "Ansvarets navn", nullable=True,
                               aliases=("Ansvarsnavn", "Navn")),
            "rammeomrade": replace(RAMMEOMRADE, nullable=True),
            "kilde": _KILDE,
        },
        key=("kommunenummer", "ansvar"),
        optional=True,
        optional_columns=("ansvar_navn", "kilde"),
        checks=(_check_mapping,),
        source=WORKBOOK,
        holds="hvilket rammeområde hvert ansvar hører til",
        sheet=Sheet(
            "Ansvar",
            20,
            {},
            {
                "kommunenummer": "5025",
                "ansvar": "1100",
                "ansvar_navn": "Kommunedirektøren og fellesutgifter",
                "rammeomrade": "Stab og støtte",
                "kilde": "Kontoplanen 2024",
            },
        ),
    ),
    FileSpec(
        name="periodisering.csv",
        description=(
            "Periodiseringsnøkler: hvor stor andel av årsbudsjettet for et artsintervall som "
            "hører til hver måned. Arter uten nøkkel fordeles med 1/12 per måned."
        ),
        columns={
            "kommunenummer": KOMMUNENUMMER,
            "aar": AAR,
            "nokkel": Col("str", "Nøkkelens navn, f.eks. lonn"),
            "art_fra": replace(ART, description="Første art nøkkelen gjelder"),
            "art_til": replace(ART, description="Siste art nøkkelen gjelder"),
            "periode": PERIODE,
            "andel": Col("float", "Andelen av årsbudsjettet i måneden (0–1); de 12 månedene "
                                  "summerer til 1", min=0, max=1),
            "kilde": KILDE,
        },
        key=("kommunenummer", "aar", "nokkel", "periode"),
        optional=True,
        checks=(_check_keys,),
        source=WORKBOOK,
        holds="periodiseringen av budsjettet gjennom året",
        sheet=Sheet(
            "Periodisering",
            21,
            {"andel": "andel 0–1, de 12 månedene summerer til 1"},
            {
                "kommunenummer": "5025",
                "aar": "2024",
                "nokkel": "lonn",
                "art_fra": "010",
                "art_til": "089",
                "periode": "1",
                "andel": "0.0815",
                "kilde": "Periodiseringsnøklene i økonomisystemet 2024",
            },
        ),
    ),
    FileSpec(
        name="prognose.csv",
        description=(
            "Rammeområdenes årsprognose per tertial: forventet avvik fra revidert budsjett ved "
            "årsslutt i 1000 kr (positivt = merforbruk eller mindreinntekt, negativt = "
            "mindreforbruk eller merinntekt) og en kort kommentar."
        ),
        columns={
            "kommunenummer": KOMMUNENUMMER,
            "aar": AAR,
            "tertial": TERTIAL,
            "rammeomrade": RAMMEOMRADE,
            "prognose_avvik": Col("float", "Forventet avvik fra revidert budsjett ved "
                                           "årsslutt, 1000 kr; positivt = merforbruk",
                                  unit="1000 kr"),
            "kommentar": Col("str", "Rammeområdets forklaring", nullable=True),
            "kilde": KILDE,
        },
        key=("kommunenummer", "aar", "tertial", "rammeomrade"),
        optional=True,
        optional_columns=("kommentar",),
        checks=(_check_rammeomrade_known,),
        source=WORKBOOK,
        holds="rammeområdenes årsprognoser",
        sheet=Sheet(
            "Prognose",
            22,
            {"prognose_avvik": "positivt = merforbruk eller mindreinntekt"},
            {
                "kommunenummer": "5025",
                "aar": "2024",
                "tertial": "1",
                "rammeomrade": "Stab og støtte",
                "prognose_avvik": "0",
                "kommentar": "Ingen vesentlige avvik så langt.",
                "kilde": "1. tertialrapport 2024",
            },
        ),
    ),
    FileSpec(
        name="investering_status.csv",
        description=(
            "Investeringsprosjektene per tertial: brukt hittil i året, årsbudsjett, "
            "årsprognose og status, i 1000 kr."
        ),
        columns={
            "kommunenummer": KOMMUNENUMMER,
            "aar": AAR,
            "tertial": TERTIAL,
            "prosjekt": Col("str", "Prosjektets navn"),
            "regnskap_hittil": Col("float", "Brukt hittil i året", unit="1000 kr"),
            "budsjett_aar": Col("float", "Årsbudsjettet (revidert)", unit="1000 kr"),
            "prognose_aar": Col("float", "Forventet forbruk i året; tom når prosjektet ikke "
                                         "har gitt prognose", nullable=True, unit="1000 kr"),
            "status": Col("str", "Kort status", nullable=True),
            "kilde": KILDE,
        },
        key=("kommunenummer", "aar", "tertial", "prosjekt"),
        optional=True,
        optional_columns=("status",),
        source=WORKBOOK,
        holds="investeringsprosjektenes status",
        sheet=Sheet(
            "Investeringsstatus",
            26,
            {
                "regnskap_hittil": "utgift positiv",
                "budsjett_aar": "utgift positiv",
                "prognose_aar": "utgift positiv",
            },
            {
                "kommunenummer": "5025",
                "aar": "2024",
                "tertial": "1",
                "prosjekt": "Utbygging legesenter",
                "regnskap_hittil": "719",
                "budsjett_aar": "7000",
                "prognose_aar": "7000",
                "status": "Planlegging og anbud.",
                "kilde": "1. tertialrapport 2024",
            },
        ),
    ),
]
