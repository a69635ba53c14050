from helpers.presentation.formatting import (
    fmt_1000kr,
    fmt_kr,
    fmt_list,
    fmt_mill,
    fmt_number,
    fmt_pct,
    fmt_pp,
    fmt_years,
)

NB = "\u00a0"


def test_numbers():
    assert fmt_number(1234.5, 1) == f"1{NB}234,5"
    assert fmt_number(-215334) == f"\u2212215{NB}334"
    assert fmt_number(1234567) == f"1{NB}234{NB}567"
    assert fmt_number(999) == "999"
    assert fmt_number(-0.04, 1) == "0,0"  # no negative zero
    assert fmt_number(None) == "–"
    assert fmt_number(float("nan")) == "–"
    # Half away from zero on the written decimals, not float/banker's rounding
    assert fmt_number(12.5, 0) == "13"
    assert fmt_number(-12.5, 0) == "\u221213"
    assert fmt_number(2.05, 1) == "2,1"
    assert fmt_number(81.25, 1) == "81,3"


def test_percent_and_points():
    assert fmt_pct(4.2) == f"4,2{NB}%"
    assert fmt_pct(1.75, 2) == f"1,75{NB}%"
    assert fmt_pct(-4.2) == f"\u22124,2{NB}%"
    assert fmt_pp(14.7) == f"+14,7{NB}pp"
    assert fmt_pp(-2.05) == f"\u22122,1{NB}pp"


def test_amounts():
    assert fmt_mill(-24444) == f"\u221224,4{NB}mill.{NB}kr"
    assert fmt_mill(8333.33) == f"8,3{NB}mill.{NB}kr"
    assert fmt_kr(68039) == f"68{NB}039{NB}kr"
    assert fmt_1000kr(6043, sign=True) == f"+6{NB}043"


def test_list():
    assert fmt_list(["2019", "2021"]) == "2019 og 2021"
    assert fmt_list(["a", "b", "c"]) == "a, b og c"
    assert fmt_list([]) == ""


def test_years():
    assert fmt_years([2022, 2019, 2020, 2019]) == "2019–2022"
    assert fmt_years(["2024"]) == "2024"
    assert fmt_years([]) == ""
    assert fmt_years([2023.0, float("nan"), 2027.0, None]) == "2023–2027"
