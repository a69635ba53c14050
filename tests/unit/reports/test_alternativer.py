"""Alternative budgets on the shared economic model: hand-computed answers."""

from __future__ import annotations

import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from helpers.model.economy import economy
from helpers.reports import alternativer as A
from helpers.reports import finans as F
from helpers.reports import handlingsregler as hrr

PLAN_NDR_2025 = -10_707  # «Totale avsetninger» 2025 in the plan


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


@pytest.fixture
def unfinanced(tmp_path):
    return write(tmp_path, "a.yaml", """\
        navn: Mer til helse
        endringer:
          rammer:
            - {rammeomrade: helse og omsorg, aar: 2025, belop: 10000}
        """)


@pytest.fixture
def financed(tmp_path):
    return write(tmp_path, "b.yaml", """\
        navn: Mer til helse, finansiert
        endringer:
          rammer:
            - {rammeomrade: Helse og omsorg, aar: 2025, belop: 10000}
          inntekter:
            - {post: Skatt på eiendom, aar: 2025, belop: 4000}
          fond:
            - {aar: 2025, belop: 6000}
        """)


def test_unfinanced_frame_gives_a_deficit_and_lowers_the_result(data, unfinanced):
    a = A.analyse(data, "Røros", 2024, [unfinanced])
    c = a.columns["Mer til helse"].set_index("aar")
    assert c.loc[2025, "budsjettbalanse"] == -10_000
    assert c.loc[2024, "budsjettbalanse"] == 0 and c.loc[2026, "budsjettbalanse"] == 0
    assert c.loc[2025, "netto_driftsresultat"] == PLAN_NDR_2025 - 10_000
    assert not A.balanced(a.columns["Mer til helse"]).all()
    text = " ".join(A.summary(a))
    assert "**Mer til helse** er IKKE i balanse i 2025 (−10\u00a0000 i 1000 kr)" in text
    assert "**Økonomiplanen** er i balanse i alle planår" in text


def test_income_and_fund_finance_it(data, financed):
    a = A.analyse(data, "Røros", 2024, [financed])
    c = a.columns["Mer til helse, finansiert"].set_index("aar")
    p = a.columns[A.PLAN_NAME].set_index("aar")
    assert (c["budsjettbalanse"] == 0).all()
    assert c.loc[2025, "netto_driftsresultat"] == PLAN_NDR_2025 - 10_000 + 4_000
    # use of the fund does not change the result, but the fund from that year on
    assert c.loc[2025, "disposisjonsfond"] == pytest.approx(p.loc[2025, "disposisjonsfond"] - 6_000)
    assert c.loc[2027, "disposisjonsfond"] == pytest.approx(p.loc[2027, "disposisjonsfond"] - 6_000)
    assert c.loc[2024, "disposisjonsfond"] == pytest.approx(p.loc[2024, "disposisjonsfond"])
    # more income raises brutto driftsinntekter: −16 707 / (688 234 + 4 000), the plan's
    # income lines of 2025 plus the new income
    assert c.loc[2025, "netto_driftsresultat_pst"] == pytest.approx(
        -16_707 / (688_234 + 4_000) * 100)
    # Røros' rule is read gross (what the budget sets aside): more use of the fund does not
    # change it; read net, the extra use lowers the net change of the fund
    assert c.loc[2025, "avsetning_vurdert"] == 0
    e = a.economy
    rules = dict(e.rules)
    rules["avsetning_disposisjonsfond"] = replace(rules["avsetning_disposisjonsfond"],
                                                  lesing="netto")
    net = A.compute(data, replace(e, rules=rules), a.alternatives[0])
    assert net.set_index("aar").loc[2025, "avsetning_vurdert"] == -6_021 - 6_000


def test_postponing_a_project_moves_its_loans_and_capital_costs(data, tmp_path):
    f = write(tmp_path, "c.yaml", """\
        navn: Utsatt legesenter
        endringer:
          investeringer:
            utsett: [utbygging legesenter]
            utsett_aar: 1
        """)
    a = A.analyse(data, "Røros", 2024, [f])
    c = a.columns["Utsatt legesenter"].set_index("aar")
    p = a.columns[A.PLAN_NAME].set_index("aar")
    assert c.loc[2024, "nye_lan"] == p.loc[2024, "nye_lan"] - 7_000
    assert c.loc[2025, "nye_lan"] == p.loc[2025, "nye_lan"] + 7_000
    # the 7 000 drawn at the end of 2025 instead of 2024: no interest and repayment in 2025
    # (5,4 % of 7 000 = 378; 7 000 / 22 years = 318,2)
    assert c.loc[2025, "renteutgifter"] == pytest.approx(p.loc[2025, "renteutgifter"] - 378)
    assert c.loc[2025, "avdrag"] == pytest.approx(p.loc[2025, "avdrag"] - 7_000 / 22)
    assert c.loc[2025, "budsjettbalanse"] == pytest.approx(378 + 7_000 / 22)


def test_plan_column_equals_the_other_reports(data, financed):
    a = A.analyse(data, "Røros", 2024, [financed])
    p = a.columns[A.PLAN_NAME].set_index("aar")
    e = economy(data, "Røros", 2024).table.set_index("aar")
    for col in ("netto_driftsresultat", "netto_driftsresultat_pst", "disposisjonsfond_pst",
                "netto_lanegjeld_pst", "nye_lan"):
        assert p[col].to_dict() == e.loc[2024:2027, col].to_dict()
    hk = hrr.key_figures(hrr.analyse(data, "Røros", 2024))
    ak = A.key_figures(a)
    for key in A.MEASURES:
        h = hk[(hk["nokkel"] == key) & (hk["kommune"] == "Røros")
               & hk["aar"].between(2024, 2027)].set_index("aar")["verdi"].to_dict()
        al = ak[(ak["nokkel"] == key) & (ak["dimensjon"] == A.PLAN_NAME)
                ].set_index("aar")["verdi"].to_dict()
        assert h == al, key
    fk = F.report_key_figures(F.analyse(data, "Røros", 2024))
    fb = fk[(fk["nokkel"] == "budsjettbalanse") & fk["aar"].between(2024, 2027)]
    assert set(fb["verdi"]) == {0.0}
    assert set(ak.loc[(ak["nokkel"] == "budsjettbalanse")
                      & (ak["dimensjon"] == A.PLAN_NAME), "verdi"]) == {0.0}


@pytest.mark.parametrize("body, message", [
    ("navn: X\nendringer:\n  rammer:\n    - {rammeomrade: Eldre, aar: 2025, belop: 1}\n",
     "x.yaml, linje 4: ukjent rammeområde «Eldre»"),
    ("navn: X\nendringer:\n  fond:\n    - {aar: 2031, belop: 1}\n",
     "x.yaml, linje 4: året «2031» er ikke et planår – planen gjelder 2024–2027"),
    ("navn: X\nendringer:\n  fond:\n    - {aar: 2025, belop: mye}\n",
     "x.yaml, linje 4: belop må være et tall"),
    ("navn: X\nendringer: [\n", "x.yaml, linje"),
    ("navn: &a X\nbeskrivelse: *a\n", "x.yaml, linje 2: YAML-aliaser"),
    ("navn: X\nendringer:\n  investeringer:\n    utsett: [Svømmehall]\n",
     "x.yaml, linje 4: ukjent prosjekt «Svømmehall»"),
    ("navn: Økonomiplanen\n", "reservert for planen"),
])
def test_bad_alternatives_name_file_and_line(data, tmp_path, body, message):
    f = tmp_path / "x.yaml"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(A.AlternativeError) as err:
        A.analyse(data, "Røros", 2024, [f])
    assert message in str(err.value)


def test_shipped_examples_one_balances_one_does_not(data):
    files = A.alternative_files(Path(__file__).resolve().parents[3] / "eksempler" / "alternativer"
                                / "alternativer")  # issue 28: kept apart from data/
    assert len(files) == 2
    a = A.analyse(data, "Røros", 2024, files)
    ok = {n: bool(A.balanced(c).all()) for n, c in a.columns.items()}
    assert sorted(ok.values()) == [False, True, True]
    assert all("(eksempel)" in x.navn for x in a.alternatives)
