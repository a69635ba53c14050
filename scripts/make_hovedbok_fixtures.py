"""Write the constructed ledger exports in tests/fixtures/hovedbok/ (one per profile) from
the example's budsjett.csv and regnskap.csv in eksempler/tertial/ (Røros 2024, invented).

They are not real exports: no public ledger export from Visma Enterprise, Unit4 or Xledger
was found. They carry the quirks real exports have: BOM, «;», amounts in whole kroner with
spaces as thousands separators, income negative, Nynorsk headers, alphanumeric ansvar
(«A1200»), five-digit tjeneste (funksjon + «01»), a sum line and blank trailing lines.
Run: python scripts/make_hovedbok_fixtures.py
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "fixtures" / "hovedbok"
# The example's budget is 1 (1000 kr) short of balance (docs/bruk/tertial.md: Brann is set 1 lower);
# this line gets the 1 000 kr back so the export balances as a real budget does.
BALANCE_FIX = ("1100", "010", "120")
# Two investment lines (kontoklasse 0) that balance: a building project and its loan.
INVESTMENT = [("A1100", "230", "222", "P1001", 5_000_000),
              ("A1100", "910", "870", "P1001", -5_000_000)]


def kroner(v: float) -> str:
    """1234567 → «1 234 567», -1234567 → «-1 234 567» (whole kroner)."""
    n = int(round(v))
    return ("-" if n < 0 else "") + f"{abs(n):,}".replace(",", " ")


def budget(versjon: str) -> pd.DataFrame:
    b = pd.read_csv(ROOT / "eksempler" / "tertial" / "budsjett.csv", dtype=str)
    b = b[(b["versjon"] == versjon) & (b["aar"] == "2024")].copy()
    b["kr"] = b["belop"].astype(float) * 1000
    fix = (b["ansvar"] == BALANCE_FIX[0]) & (b["art"] == BALANCE_FIX[1]) & \
        (b["funksjon"] == BALANCE_FIX[2])
    b.loc[fix, "kr"] += 1000
    return b


def accounts() -> pd.DataFrame:
    r = pd.read_csv(ROOT / "eksempler" / "tertial" / "regnskap.csv", dtype=str)
    r = r[r["periode"].astype(int) <= 4].copy()
    r["kr"] = r["belop"].astype(float)
    return r


def write_csv(path: Path, header: list[str], rows: list[list[str]], sep: str = ";",
              encoding: str = "utf-8-sig", tail: list[str] = ()) -> None:
    lines = [sep.join(header)] + [sep.join(r) for r in rows] + list(tail) + ["", "", ""]
    path.write_bytes("\r\n".join(lines).encode(encoding))


def visma() -> None:
    b = budget("opprinnelig")
    head = ["Ansvar", "Ansvarsnamn", "Art", "Teneste", "Prosjekt", "Kontoklasse",
            "Rekneskapsår", "Budsjett"]
    rows = [[f"A{r.ansvar}", "", r.art, r.funksjon + "01", "", "1", "2024", kroner(r.kr)]
            for r in b.itertuples()]
    rows += [[a, "", art, f + "01", p, "0", "2024", kroner(v)] for a, art, f, p, v in INVESTMENT]
    write_csv(OUT / "visma_budsjett_2024.csv", head, rows,
              tail=[";".join(["Sum", "", "", "", "", "", "", kroner(b["kr"].sum())])])
    r = accounts()
    head = ["Ansvar", "Art", "Teneste", "Prosjekt", "Kontoklasse", "Periode", "År", "Rekneskap"]
    rows = [[f"A{x.ansvar}", x.art, x.funksjon + "01", "", "1", x.periode, "2024",
             kroner(x.kr)] for x in r.itertuples()]
    write_csv(OUT / "visma_regnskap_2024_04.csv", head, rows)


def unit4() -> None:
    b = budget("revidert")
    head = ["Ansvar", "Konto", "Tjeneste", "Prosjekt", "Periode", "Beløp"]
    rows = [[f"A{r.ansvar}", f"1{r.art}0", r.funksjon + "01", "", "202401", kroner(r.kr)]
            for r in b.itertuples()]
    rows += [[a, f"0{art}0", f + "01", p, "202401", kroner(v)] for a, art, f, p, v in INVESTMENT]
    write_csv(OUT / "unit4_budsjett_2024.csv", head, rows, encoding="cp1252")
    r = accounts()
    rows = [[f"A{x.ansvar}", f"1{x.art}0", x.funksjon + "01", "", f"2024{int(x.periode):02d}",
             kroner(x.kr)] for x in r.itertuples()]
    write_csv(OUT / "unit4_regnskap_2024_04.csv", head, rows, encoding="cp1252")


def xledger() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Hovedbok"
    ws.append(["Hovedbok Røros kommune 2024, periode 1–4"])   # a title line above the header
    ws.append([])
    ws.append(["Ansvar", "Art", "Funksjon", "Prosjekt", "Kontoklasse", "Periode", "Beløp NOK"])
    for x in accounts().itertuples():
        # Excel keeps codes as numbers: art 010 becomes 10, funksjon 120 stays 120
        ws.append([f"A{x.ansvar}", int(x.art), int(x.funksjon), None, 1,
                   f"2024-{int(x.periode):02d}", round(x.kr)])
    ws.append([None] * 7)
    ws.append(["Totalt", None, None, None, None, None, round(accounts()["kr"].sum())])
    wb.save(OUT / "xledger_regnskap_2024_04.xlsx")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    visma()
    unit4()
    xledger()
