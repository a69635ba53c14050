"""issue 28: one document per council case, the example data kept apart from data/ and
marked wherever they are printed, and the council's voice on the cover."""

from __future__ import annotations

import filecmp
from datetime import date, datetime
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from helpers.data.specs import all_specs
from helpers.pack import cases
from helpers.pack.appendix import ReportPart, appendix_html, index_html, notes_markdown
from helpers.pack.catalogue import available_reports, report_header
from helpers.pack.kontroll import control_notes, kontroll_markdown

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "data"
EKSEMPLER = ROOT / "eksempler"
# the files the examples invented (their kilde says «Eksempeldata»)
INVENTED = {"tertial": ["regnskap", "budsjett", "ansvar_rammeomrade", "periodisering",
                        "prognose", "investering_status"]}


# --- cases ------------------------------------------------------------------------------

def test_each_report_names_its_case_and_the_budget_case_is_the_default():
    found = {n: r.case for n, r in available_reports().items()}
    assert found["tertial"] == "tertial"
    assert found["alternativer"] == "alternativer"
    # the statements and the analyses are the budget case (no metadata.hop.case)
    for n in ("oppstillinger", "handlingsregler", "kostra", "finans", "investering",
              "klimabudsjett", "befolkning"):
        assert found[n] == "hop", n


def test_cases_are_grouped_in_document_order_and_reports_keep_theirs():
    case_of = {"tertial": "tertial", "finans": "hop", "alternativer": "alternativer",
               "oppstillinger": "hop", "ny": "oversikt"}
    got = cases.group(["tertial", "finans", "alternativer", "ny", "oppstillinger"], case_of)
    assert list(got) == ["hop", "tertial", "alternativer", "oversikt"]
    assert got["hop"] == ["finans", "oppstillinger"]
    # a report without a case is the budget case's
    assert cases.group(["x"], {}) == {"hop": ["x"]}


def test_document_files_and_titles():
    assert [c.pdf for c in cases.CASES.values()] == [
        "vedlegg.pdf", "tertialrapport.pdf", "alternativer.pdf", "oversikt.pdf"]
    assert cases.document_title("hop", "2024–2027") == (
        "Økonomiske analyser – vedlegg til handlings- og økonomiplan 2024–2027")
    assert cases.document_title("hop", "") == "Økonomiske analyser"
    assert cases.document_title("tertial", "2. tertial 2024") == "Tertialrapport 2. tertial 2024"


def test_the_alternatives_case_needs_its_yaml_files(tmp_path):
    assert cases.missing_case_files("alternativer", tmp_path) == ["alternativer/*.yaml"]
    (tmp_path / "alternativer").mkdir()
    (tmp_path / "alternativer" / "a.yaml").write_text("navn: a\n", encoding="utf-8")
    assert cases.missing_case_files("alternativer", tmp_path) == []
    assert cases.missing_case_files("hop", tmp_path) == []


def test_merknader_say_why_a_case_has_no_document(tmp_path):
    case_of = {"finans": "hop", "tertial": "tertial", "alternativer": "alternativer"}
    reports = {"finans": {}, "tertial": {"mangler": ["regnskap", "prognose"]},
               "alternativer": {}}
    notes = cases.not_built_notes(case_of, {"finans", "alternativer"}, reports, tmp_path)
    assert notes == [
        "tertialrapport.pdf er ikke laget: rapporten tertial mangler regnskap.csv, "
        "prognose.csv.",
        "alternativer.pdf er ikke laget: datamappen har ingen alternative budsjetter "
        "(alternativer/*.yaml)."]
    # a case that built says nothing
    assert cases.not_built_notes({"finans": "hop"}, {"finans"}, {"finans": {}}, tmp_path) == []


# --- examples kept apart ----------------------------------------------------------------

def _kilde_rows(folder: Path) -> dict[str, pd.Series]:
    out = {}
    for path in sorted(folder.glob("*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        if "kilde" in frame.columns:
            out[path.stem] = frame["kilde"]
    return out


def test_data_folder_holds_no_invented_figures():
    assert not cases.is_example(DATA)
    for stem, kilde in _kilde_rows(DATA).items():
        invented = kilde.str.contains("Eksempeldata|oppdiktet", case=False)
        assert not invented.any(), (stem, kilde[invented].iloc[0])
    assert not list(DATA.glob("alternativer/*.yaml"))
    for stems in INVENTED.values():
        assert not any((DATA / f"{s}.csv").exists() for s in stems)


@pytest.mark.parametrize("folder", ["tertial", "alternativer"])
def test_each_example_folder_is_declared_and_complete(folder):
    path = EKSEMPLER / folder
    assert cases.is_example(path)
    # every file a build validates is there
    for spec in all_specs().values():
        assert spec.optional or (path / spec.name).is_file(), (folder, spec.name)
    # the plan figures are copies of data/, not edited
    stale = [csv.name for csv in sorted(DATA.glob("*.csv"))
             if not (path / csv.name).is_file()
             or not filecmp.cmp(csv, path / csv.name, shallow=False)]
    assert not stale, (f"eksempler/{folder} har en annen utgave av {stale} enn data/; "
                       "kjør scripts/make_examples.py")
    # and nothing invented besides the example's own files
    own = set(INVENTED.get(folder, []))
    assert {p.stem for p in path.glob("*.csv")} - own == {p.stem for p in DATA.glob("*.csv")}


def test_the_invented_tertial_files_say_so_on_every_row():
    rows = _kilde_rows(EKSEMPLER / "tertial")
    for stem in INVENTED["tertial"]:
        assert rows[stem].str.startswith("Eksempeldata").all(), stem
    assert len(list((EKSEMPLER / "alternativer" / "alternativer").glob("*.yaml"))) == 2


def test_example_marks_the_running_header_and_key_figures(tmp_path):
    info = available_reports()["tertial"]
    plain = report_header(info, {"kommune": "Røros"}, DATA, "2. tertial 2024")
    marked = report_header(info, {"kommune": "Røros"}, EKSEMPLER / "tertial",
                           "2. tertial 2024")
    assert plain == "Røros kommune · Tertialrapport · 2. tertial 2024"
    assert marked == "Eksempel – oppdiktede tall · " + plain
    frame = pd.DataFrame({"rapport": ["tertial"], "verdi": [1.0]})
    assert list(cases.mark_key_figures(frame, DATA).columns) == ["rapport", "verdi"]
    out = cases.mark_key_figures(frame, EKSEMPLER / "tertial")
    assert list(out.columns) == ["eksempel", "rapport", "verdi"]
    assert out["eksempel"].tolist() == ["Eksempel – oppdiktede tall"]
    assert cases.example_banner(DATA) == ""
    assert "Eksempel – oppdiktede tall" in cases.example_banner(EKSEMPLER / "tertial")
    # a report's own file gets the column once
    csv = tmp_path / "nokkeltall.csv"
    frame.to_csv(csv, index=False)
    cases.mark_key_figure_file(csv, EKSEMPLER / "tertial")
    cases.mark_key_figure_file(csv, EKSEMPLER / "tertial")
    assert pd.read_csv(csv).columns.tolist() == ["eksempel", "rapport", "verdi"]


# --- the council's voice ----------------------------------------------------------------

PART = ReportPart("finans", "Finans", "Røros kommune · Finans · 2024–2027", "rapport-finans",
                  '<h1>Finans</h1><h2 id="rapport-finans-a">Sammendrag</h2>', [])


def _cover(text: str) -> str:
    return text[text.index('<section class="forside">'):text.index("</section>")]


def test_cover_shows_municipality_document_and_date_not_the_build():
    text = appendix_html([PART], municipality="Røros kommune", title="T",
                         built=datetime(2026, 12, 7), version="cf76f3be",
                         dato=date(2023, 12, 14))
    cover = _cover(text)
    assert "Røros kommune" in cover and "<h1>T</h1>" in cover
    assert "14. desember 2023" in cover
    for maintainer in ("cf76f3be", "7. desember 2026", "Dataversjon", "Laget",
                       "hop-rapporter"):
        assert maintainer not in cover, maintainer
    # the build is in the metadata
    assert '<meta name="description" content="T, dataversjon cf76f3be">' in text
    assert '<meta name="dcterms.created" content="2026-12-07T00:00:00">' in text
    assert '<meta name="generator" content="hop-rapporter' in text
    # no date given: no date line
    bare = _cover(appendix_html([PART], municipality="Røros kommune", title="T",
                                built=datetime(2026, 12, 7), version="x"))
    assert "Dato" not in bare and "desember" not in bare
    assert "Eksempel" not in bare


def test_example_cover_and_contents_are_marked():
    text = appendix_html([PART], municipality="Røros kommune", title="T",
                         built=datetime(2026, 12, 7), version="x",
                         example="Eksempel – oppdiktede tall")
    assert "Eksempel – oppdiktede tall" in _cover(text)
    nav = text[text.index('<nav class="innhold">'):text.index("</nav>")]
    assert '<div class="running-header">Eksempel – oppdiktede tall · T</div>' in nav


def test_no_tool_footer_on_the_pages():
    from helpers.pack.export import CSS_PATH

    assert "Generert med" not in CSS_PATH.read_text(encoding="utf-8")


def test_index_links_each_document_and_keeps_the_build_in_metadata():
    page = index_html([PART], municipality="Røros", title="Økonomiske analyser",
                      built=datetime(2026, 12, 7), version="cf76f3be", has_appendix=True,
                      documents=[("vedlegg.pdf", "Økonomiske analyser"),
                                 ("tertialrapport.pdf", "Tertialrapport 2. tertial 2024")])
    body = page[page.index("<body>"):]
    assert '<a href="vedlegg.pdf">Økonomiske analyser (PDF)</a>' in body
    assert '<a href="tertialrapport.pdf">Tertialrapport 2. tertial 2024 (PDF)</a>' in body
    assert "cf76f3be" not in body and "2026" not in body
    assert 'content="Dataversjon cf76f3be"' in page


def test_merknader_carry_the_build_and_the_documents():
    md = notes_markdown({"sist_bygget": "2026-12-07T12:00:00+00:00", "dataversjon": "cf76f3be",
                         "verktoy": "hop-rapporter 9.9", "eksempel": True,
                         "dokumenter": {"hop": {"fil": "vedlegg.pdf", "tittel": "Ø"}},
                         "ikke_laget": ["tertialrapport.pdf er ikke laget: x."],
                         "rapporter": {}})
    assert "hop-rapporter 9.9" in md and "cf76f3be" in md and "2026-12-07" in md
    assert "oppdiktet" in md
    assert "- vedlegg.pdf: Ø" in md and "- tertialrapport.pdf er ikke laget: x." in md


def test_source_checks_go_to_kontroll_not_to_the_page():
    from helpers.pack.export import _clean, maintainer_notes

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [nbformat.v4.new_output(
        "display_data", data={"text/plain": ""},
        metadata={"hop_merknad": "", "hop_kontroll": {
            "tittel": "Kontroll av kildens tabeller",
            "linjer": ["Helse: rammeoversikten gir 1, driftsbudsjettet 2."]}})]
    nb.cells = [cell]
    assert _clean(nb).cells == []  # not on the council's page
    assert maintainer_notes(nb) == []  # nor among the data notes
    checks = control_notes(nb)
    assert checks == [{"tittel": "Kontroll av kildens tabeller",
                       "linjer": ["Helse: rammeoversikten gir 1, driftsbudsjettet 2."]}]
    md = kontroll_markdown({"rapporter": {"finans": {"kontroll": checks},
                                          "kostra": {"kontroll": []}}})
    assert "## Finans (finans)" in md and "KOSTRA" not in md
    assert "- Helse: rammeoversikten gir 1, driftsbudsjettet 2." in md
    assert "Ingen avvik" in kontroll_markdown(
        {"rapporter": {"finans": {"kontroll": [{"tittel": "K", "linjer": []}]}}})


def test_the_finans_notebook_records_its_source_check_for_kontroll():
    nb = nbformat.read(ROOT / "notebooks" / "finans.ipynb", as_version=4)
    sources = "\n".join(c.source for c in nb.cells)
    assert "## Kontroll av kildens tabeller" not in sources
    assert 'report.control("Kontroll av kildens tabeller"' in sources


def test_cli_takes_the_meeting_date():
    import argparse

    from helpers.pack.cli import _iso_date

    assert _iso_date("2023-12-14") == "2023-12-14"
    with pytest.raises(argparse.ArgumentTypeError, match="ÅÅÅÅ-MM-DD"):
        _iso_date("14.12.2023")
