"""Write the tertial report's EXAMPLE data (Eksempeldata) for Røros 2024 into eksempler/tertial/.

The HØP has no accounts, so the monthly accounts, forecasts and project status are invented
(seeded, so a re-run gives the same files). What is real: the 2024 frames per rammeområde and
virksomhet (data/finans_rammer.csv), the central incomes and finance items for 2024
(data/okonomiplan.csv) and the 2024 investment projects (data/investering.csv). Every row says
«Eksempeldata» in its kilde column.

Run: .venv/bin/python scripts/make_tertial_example.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"  # the plan files it reads
OUT = ROOT / "eksempler" / "tertial"  # issue 28: the example is kept apart from data/
KNR, AAR, MONTHS = "5025", 2024, 8
EX = "Eksempeldata (oppdiktet)"
SRC_FRAME = ("Eksempeldata: fordelingen på ansvar og art er oppdiktet; summen per rammeområde er "
             "rammen for 2024 i HØP 2024–2027 (finans_rammer.csv)")

# rammeområde -> [(ansvar, navn, funksjon, net 1000 kr)]; virksomheter as in finans_rammer.csv
ANSVAR = {
    "Stab og støtte": [("1100", "Kommunedirektøren og fellesutgifter", "120", 20977),
                       ("1200", "Økonomi", "120", 12000),
                       ("1300", "Personal og organisasjon", "120", 11000),
                       ("1400", "IKT og digitalisering", "120", 14000),
                       ("1500", "Politisk styring", "100", 7000)],
    "Oppvekst": [("2100", "Skolene", "202", 67614), ("2200", "Barnehagene", "201", 31449),
                 ("2300", "Røros lærings- og veiledningstjeneste", "223", -55),
                 ("2400", "NAV", "242", 8448), ("2500", "Barneverntjenesten", "244", 7472)],
    "Helse og omsorg": [("3100", "Institusjonsbaserte tjenester", "253", 73259),
                        ("3200", "Helse", "241", 42810),
                        ("3300", "Hjemmebaserte tjenester", "254", 69381)],
    "Næring": [("4500", "Næringsutvikling", "325", 0)],
    "Kultur": [("4100", "Kultur og fritid", "385", 23541)],
    "Tekniske områder": [("5100", "Administrasjon, plan og landbruk", "301", 9388),
                         ("5200", "VAR - Selvkost", "353", -1621),
                         ("5300", "Kommunalteknikk", "332", 1763),
                         ("5400", "Bygningsadministrasjon og drift", "221", 13516),
                         ("5500", "Brann", "339", 8823)],  # 8824 in the plan: sum = frame
    "Kirkelig administrasjon": [("7100", "Kirkelig fellesråd", "390", 3464)],
}
EXPENSE_SPLIT = [("010", 0.55), ("020", 0.05), ("090", 0.10), ("099", 0.08), ("120", 0.12),
                 ("370", 0.10)]
INCOME_SPLIT = [("600", 0.6), ("710", 0.4)]
FINANS = [  # (ansvar, art, funksjon, 1000 kr) from okonomiplan.csv 2024, accounting sign
    ("9000", "870", "800", -215334), ("9000", "800", "840", -204653),
    ("9000", "874", "800", -35150), ("9000", "810", "840", -2000),
    ("9100", "500", "870", 38822), ("9100", "900", "870", -6400),
    ("9100", "510", "870", 32150), ("9100", "940", "880", -24444),
    ("9100", "950", "880", -4542), ("9200", "270", "180", 3000),
]
FINANS_FRAME = -424230
REVISION = {("9200", "270"): -3000, ("3300", "010"): 2000, ("2500", "370"): 1000}

KEYS = {  # name: (art_fra, art_til, 12 shares)
    "lonn": ("010", "089", [0.0815] * 5 + [0.1035] + [0.0815] * 6),
    "skatt": ("870", "870", [0.02, 0.14] * 5 + [0.04, 0.16]),
    "eiendomsskatt": ("874", "875", [0, 0, 0.5, 0, 0, 0, 0, 0, 0.5, 0, 0, 0]),
    "avdrag": ("510", "510", [0, 0, 0, 0, 0.5, 0, 0, 0, 0, 0, 0.5, 0]),
    "arsoppgjor": ("930", "990", [0] * 11 + [1]),
}
# overspend (+) per rammeområde on expense lines, months 1–4 and 5–8
DRIFT = {"Helse og omsorg": (0.025, 0.045), "Oppvekst": (-0.01, -0.012),
         "Tekniske områder": (0.0, 0.025), "Kultur": (-0.004, -0.006)}
FORECAST = {  # rammeområde: (T1, comment T1, T2, comment T2)
    "Stab og støtte": (0, "Ingen vesentlige avvik så langt.", 0,
                       "Drift som budsjettert."),
    "Oppvekst": (-500, "Vakante stillinger i skolene gir noe mindreforbruk.", -1200,
                 "Lavere vikarbruk og vakante stillinger; barnevernet følger budsjettet."),
    "Helse og omsorg": (4500, "Høyt belegg og innleie av sykepleiere i institusjonene.", 7500,
                        "Innleie og overtid i sommer er høyere enn ventet; tiltak for å "
                        "redusere innleie er satt i gang fra september."),
    "Næring": (0, "Ingen avvik.", 0, "Ingen avvik."),
    "Kultur": (0, "Ingen vesentlige avvik.", -200, "Noe lavere aktivitet enn budsjettert."),
    "Tekniske områder": (0, "Ingen vesentlige avvik så langt.", 600,
                         "Høyere strømpris og vedlikehold av kommunale bygg."),
    "Kirkelig administrasjon": (0, "Overføring som budsjettert.", 0,
                                "Overføring som budsjettert."),
    "Finans": (0, "Skatteinngangen følger budsjettet hittil.", -1500,
               "Skatteinngangen er om lag 3 mill. kr over budsjett; høyere rente gir om lag "
               "1,5 mill. kr mer i renteutgifter."),
}


def budget_lines() -> pd.DataFrame:
    rows = []
    for ramme, items in ANSVAR.items():
        for ansvar, _navn, funk, net in items:
            if ramme == "Kirkelig administrasjon":
                rows.append((ansvar, "470", funk, float(net)))
                continue
            if net > 0:
                gross = net / 0.85
                income = gross - net
            else:
                gross = max(abs(net) * 5, 1500.0)
                income = gross - net
            parts = [(a, round(gross * s)) for a, s in EXPENSE_SPLIT]
            parts += [(a, -round(income * s)) for a, s in INCOME_SPLIT]
            diff = net - sum(v for _, v in parts)  # rounding on the salary line
            parts[0] = (parts[0][0], parts[0][1] + diff)
            rows += [(ansvar, a, funk, float(v)) for a, v in parts]
    fin = [(a, art, f, float(v)) for a, art, f, v in FINANS]
    rows += fin
    rows.append(("9100", "990", "860", float(FINANS_FRAME - sum(v for *_, v in fin))))
    return pd.DataFrame(rows, columns=["ansvar", "art", "funksjon", "belop"])


def share(art: str, month: int) -> float:
    for lo, hi, shares in KEYS.values():
        if lo <= art <= hi:
            return shares[month - 1]
    return 1 / 12


def main() -> None:
    ramme_of = {a: r for r, items in ANSVAR.items() for a, *_ in items}
    ramme_of.update({"9000": "Finans", "9100": "Finans", "9200": "Finans"})
    names = {a: n for items in ANSVAR.values() for a, n, *_ in items}
    names.update({"9000": "Skatt og rammetilskudd", "9100": "Renter, avdrag og fond",
                  "9200": "Sentral reserve"})
    pd.DataFrame({"kommunenummer": KNR, "ansvar": list(ramme_of),
                  "ansvar_navn": [names[a] for a in ramme_of],
                  "rammeomrade": list(ramme_of.values()),
                  "kilde": "Eksempeldata: ansvarene er oppdiktet; rammeområdene og "
                           "virksomhetene er de i HØP 2024–2027"}
                 ).to_csv(OUT / "ansvar_rammeomrade.csv", index=False)

    b = budget_lines()
    frames = b.assign(r=b["ansvar"].map(ramme_of)).groupby("r")["belop"].sum()
    assert frames["Helse og omsorg"] == 185450 and frames["Oppvekst"] == 114928, frames
    assert frames["Finans"] == FINANS_FRAME
    rev = b.copy()
    for (ansvar, art), change in REVISION.items():
        sel = (rev["ansvar"] == ansvar) & (rev["art"] == art)
        assert sel.sum() == 1
        rev.loc[sel, "belop"] += change
    out = pd.concat([
        b.assign(versjon="opprinnelig", kilde=SRC_FRAME),
        rev.assign(versjon="revidert", kilde="Eksempeldata: opprinnelig budsjett med en "
                   "oppdiktet fordeling av den sentrale reserven i mars"),
    ])
    out = out.assign(kommunenummer=KNR, aar=AAR, enhet="1000 kr")
    out[["kommunenummer", "aar", "versjon", "ansvar", "art", "funksjon", "belop", "enhet",
         "kilde"]].to_csv(OUT / "budsjett.csv", index=False)

    keys = []
    for name, (lo, hi, shares) in KEYS.items():
        assert abs(sum(shares) - 1) < 1e-9, name
        keys += [(KNR, AAR, name, lo, hi, m, s,
                  "Eksempeldata: typisk mønster (feriepenger i juni, skatteterminer, "
                  "eiendomsskatt i to terminer, avdrag halvårlig, årsoppgjørsposter i "
                  "desember)")
                 for m, s in enumerate(shares, start=1)]
    pd.DataFrame(keys, columns=["kommunenummer", "aar", "nokkel", "art_fra", "art_til",
                                "periode", "andel", "kilde"]
                 ).to_csv(OUT / "periodisering.csv", index=False)

    rng = np.random.default_rng(2024)
    acc = []
    for r in rev.itertuples():
        ramme = ramme_of[r.ansvar]
        for m in range(1, MONTHS + 1):
            base = r.belop * share(r.art, m)
            if base == 0:
                continue
            f = 0.0
            if r.belop > 0 and ramme in DRIFT:
                f = DRIFT[ramme][0 if m <= 4 else 1]
            if r.art == "870" and m > 4:
                f = 0.03  # more tax income (a negative amount grows)
            if r.art == "500":
                f = 0.04 if m <= 4 else 0.06
            noise = rng.normal(0, 0.03) if r.ansvar[0] not in "79" else 0.0
            acc.append((KNR, AAR, m, r.ansvar, r.art, r.funksjon,
                        round(base * (1 + f + noise) * 1000)))
    pd.DataFrame(acc, columns=["kommunenummer", "aar", "periode", "ansvar", "art", "funksjon",
                               "belop"]
                 ).assign(kilde=f"{EX}: månedsregnskap laget fra det reviderte budsjettet "
                          "med tilfeldig variasjon og et bevisst avvik per rammeområde; beløp "
                          "i kroner").to_csv(OUT / "regnskap.csv", index=False)

    prog = []
    for ramme, (t1, c1, t2, c2) in FORECAST.items():
        prog.append((KNR, AAR, 1, ramme, t1, c1, f"{EX}: prognose per 30.4"))
        prog.append((KNR, AAR, 2, ramme, t2, c2, f"{EX}: prognose per 31.8"))
    pd.DataFrame(prog, columns=["kommunenummer", "aar", "tertial", "rammeomrade",
                                "prognose_avvik", "kommentar", "kilde"]
                 ).to_csv(OUT / "prognose.csv", index=False)

    inv = pd.read_csv(DATA / "investering.csv", dtype={"kommunenummer": str})
    inv = inv[(inv["budsjettaar"] == AAR) & (inv["aar"] == AAR) & (inv["belop"] > 0)]
    inv = inv.sort_values("belop", ascending=False).head(8)
    status = []
    delayed = {"Utbygging legesenter": 4000, "Kirkemurer": 1500}
    for p in inv.itertuples():
        budget = float(p.belop)
        t1 = round(budget * rng.uniform(0.03, 0.2))
        t2 = t1 + round(budget * rng.uniform(0.15, 0.35))
        late = delayed.get(p.prosjekt)
        status.append((KNR, AAR, 1, p.prosjekt, t1, budget, budget,
                       "Planlegging og anbud." if late else "I rute."))
        status.append((KNR, AAR, 2, p.prosjekt, t2, budget,
                       late if late else budget,
                       "Forsinket; resten av bevilgningen overføres til neste år."
                       if late else "I rute."))
    pd.DataFrame(status, columns=["kommunenummer", "aar", "tertial", "prosjekt",
                                  "regnskap_hittil", "budsjett_aar", "prognose_aar", "status"]
                 ).assign(kilde=f"{EX}: prosjektene og årsbudsjettet er fra HØP 2024–2027 "
                          "(investering.csv); forbruk, prognose og status er oppdiktet"
                          ).to_csv(OUT / "investering_status.csv", index=False)


if __name__ == "__main__":
    main()
