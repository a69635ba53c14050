"""The «Les meg» sheet: what each sheet is, units, signs and how to import (bokmål)."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font

from helpers.ingest.workbook.catalogue import PUBLIC_FILES

INTRO = [
    ("Grunnlag for hop-rapportene: kommunens egne tall", "title"),
    ("Denne arbeidsboken har ett ark per datafil med tall kommunen selv har: økonomiplanen, "
     "rammene per rammeområde, budsjett og regnskap, investeringsprogrammet og finansieringen, "
     "handlingsreglene med terskler, klimatiltak og klimamål, og tertialrapportens "
     "prognoser og periodisering. Offentlige tall (KOSTRA, folketall, befolkning og "
     "klimagassutslipp) er ikke her: de hentes med «hop hent».", ""),
    ("Slik bruker du arbeidsboken", "h"),
    ("1. Fyll ut eller rett arkene. Én rad er én observasjon; rad 1 er overskriften og må stå "
     "som den er. Pek på en overskrift for å se hva kolonnen skal inneholde og et utfylt "
     "eksempel.", ""),
    ("2. Lagre som Excel-arbeidsbok (.xlsx) med samme arknavn.", ""),
    ("3. Kjør «hop importer grunnlag.xlsx --data MAPPE». Hele arbeidsboken kontrolleres "
     "først, med de samme reglene som «hop validate» bruker. Er noe feil, skrives ingenting, "
     "og hver feil nevnes med ark og celle, for eksempel «Investering!F7: verdien «mye» er "
     "ikke gyldig – forventet et tall». Er alt riktig, skrives CSV-filene, og andre filer i "
     "mappen blir ikke rørt.", ""),
    ("4. «hop eksporter --data MAPPE grunnlag.xlsx» lager arbeidsboken på nytt fra mappen, "
     "så du kan fortsette i Excel neste tertial.", ""),
    ("Regler", "h"),
    ("Beløp er i 1000 kr der ikke annet står (regnskap og budsjett fra økonomisystemet kan "
     "være i kroner; kolonnen «enhet» sier hva).", ""),
    ("Fortegn: som i kommuneregnskapet – inntekter negative, utgifter positive, avsetning til "
     "fond positiv og bruk av fond negativ. Overskriften sier fortegnet der kolonnen har "
     "et annet (f.eks. prognoseavvik: positivt = merforbruk).", ""),
    ("En tom celle betyr at tallet mangler, ikke null. Skriv 0 bare når tallet er null.", ""),
    ("Tall skrives som tall (desimalkomma eller -punktum, slik Excel gjør det). Koder som "
     "ansvar, art (010) og kommunenummer er tekst.", ""),
    ("Lister: kolonner med faste verdier har en nedtrekksliste. Rammeområder, poster, "
     "prosjekter og lignende foreslås fra dataene; en ny verdi gir en advarsel som du kan "
     "godta.", ""),
    ("«kilde» skal si hvor tallet kommer fra (dokument, kapittel, tabell, kolonne, dato).", ""),
    ("Et tomt ark betyr at filen ikke finnes (f.eks. premieavvik før tallet er kjent). Tømmer "
     "du et ark som hadde rader, fjernes filen ved import (den forrige legges i "
     "«.grunnlag-forrige» i datamappen).", ""),
]


def write(ws, sheets) -> None:
    """Fill the «Les meg» sheet. ``sheets``: (Sheet, FileSpec, number of rows)."""
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["C"].width = 90
    ws.column_dimensions["D"].width = 10
    row = 1
    for text, style in INTRO:
        if style == "h":
            row += 1  # a blank line before a heading
        cell = ws.cell(row=row, column=1, value=text)
        if style == "title":
            cell.font = Font(bold=True, size=14)
        elif style == "h":
            cell.font = Font(bold=True, size=12)
        else:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            ws.row_dimensions[row].height = 15 * max(1, len(text) // 130 + 1)
        row += 1
    row += 1
    ws.cell(row=row, column=1, value="Arkene").font = Font(bold=True, size=12)
    row += 1
    for j, title in enumerate(("Ark", "Fil", "Innhold", "Rader"), start=1):
        ws.cell(row=row, column=j, value=title).font = Font(bold=True)
    row += 1
    for sheet, spec, n in sheets:
        ws.cell(row=row, column=1, value=sheet.title)
        ws.cell(row=row, column=2, value=spec.name)
        text = spec.description + ("" if spec.optional else " Brukes av rapportene; må fylles "
                                   "ut for at de skal kunne bygges.")
        c = ws.cell(row=row, column=3, value=text)
        c.alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(row=row, column=4, value=n)
        ws.row_dimensions[row].height = 15 * max(1, len(text) // 95 + 1)
        row += 1
    row += 1
    ws.cell(row=row, column=1, value="Ikke i arbeidsboken").font = Font(bold=True, size=12)
    row += 1
    c = ws.cell(row=row, column=1, value=(
        "Offentlige tall som hentes med «hop hent» (eller legges inn fra SSB og "
        "Miljødirektoratet), og kommunelisten fra «hop ny»: " + ", ".join(PUBLIC_FILES)
        + ". Alternative budsjetter er YAML-filer i mappen «alternativer»."))
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
    c.alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[row].height = 60
