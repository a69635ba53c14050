"""Check build parameters before anything is built: against the type each notebook
declares in its ``parameters`` cell, and against the data (municipalities, plan years).

A wrong parameter would otherwise fail deep inside a notebook with an English error, or,
worse, build a report of gaps that replaces the good one.
"""

from __future__ import annotations

import pandas as pd

# papermill's inferred type name → accepted Python types, and how to say it in bokmål.
_ACCEPTED: dict[str, tuple[type, ...]] = {
    "int": (int,),
    "float": (int, float),
    "str": (str, int),  # a kommunenummer given as 5025 is read by YAML as a number
    "list": (list,),
    "dict": (dict,),
    "bool": (bool,),
}
_EXPECTED = {
    "int": "et heltall",
    "float": "et tall",
    "str": "tekst",
    "list": "en liste, f.eks. '[Tynset, Oppdal]'",
    "dict": "en ordbok, f.eks. '{2025: 3.0}'",
    "bool": "true eller false",
}
KOMMUNE_PARAMS = ("kommune", "regler_fra")
KOMMUNE_LIST_PARAMS = ("sammenligning",)
REFERANSE_WORDS = ("kostragruppe", "snitt")


class ParameterError(Exception):
    """Parameters that do not fit the notebooks or the data. ``problems`` lists them all."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(self.message())

    def message(self) -> str:
        n = len(self.problems)
        head = "Feil i parameterne:" if n == 1 else f"{n} feil i parameterne:"
        return head + "\n" + "\n".join(f"- {p}" for p in self.problems)


def _shown(value: object) -> str:
    return f"«{value}»" if not isinstance(value, str) else f"«{value}» (tekst)"


def _type_ok(value: object, type_name: str, default: str) -> bool:
    if value is None:
        return default.strip() == "None"
    accepted = _ACCEPTED.get(type_name)
    if accepted is None:  # no annotation: papermill passes anything through
        return True
    if isinstance(value, bool) and type_name != "bool":
        return False
    return isinstance(value, accepted)


def check_types(params: dict, declared: dict[str, dict[str, dict]]) -> list[str]:
    """Problems with ``params`` against the declared parameters of each report
    (``{report: papermill.inspect_notebook(...)}``)."""
    problems: list[str] = []
    for name, value in params.items():
        for report, decl in declared.items():
            if name not in decl:
                continue
            type_name = str(decl[name].get("inferred_type_name", "None"))
            if not _type_ok(value, type_name, str(decl[name].get("default", ""))):
                problems.append(f"{name}: forventet {_EXPECTED.get(type_name, type_name)}, "
                                f"fikk {_shown(value)} (i rapporten {report})")
                break
            if type_name == "list" and isinstance(value, list):
                odd = [v for v in value if isinstance(v, list | dict)]
                if odd:
                    problems.append(f"{name}: elementene i listen skal være enkeltverdier, "
                                    f"fikk {_shown(odd[0])}")
                    break
    return problems


def check_against_data(params: dict, data: dict[str, pd.DataFrame]) -> list[str]:
    """Problems with municipality names and the budget year against the loaded data."""
    from helpers.data.kommuner import UnknownKommune, resolve

    problems: list[str] = []
    kommuner = data.get("kommuner")
    known = ""
    if kommuner is not None:
        known = ", ".join(str(n) for n in kommuner["navn"])

    def check_kommune(name: str, value: object) -> None:
        if kommuner is None or value is None or value == "":
            return
        try:
            resolve(kommuner, value)
        except UnknownKommune:
            problems.append(f"{name}: kjenner ikke kommunen «{value}» – den står ikke i "
                            f"kommuner.csv (kjente: {known})")

    for name in KOMMUNE_PARAMS:
        if name in params:
            check_kommune(name, params[name])
    for name in KOMMUNE_LIST_PARAMS:
        if isinstance(params.get(name), list):
            for value in params[name]:
                check_kommune(name, value)
    ref = params.get("referanse")
    if ref is not None and str(ref).strip().casefold() not in REFERANSE_WORDS:
        check_kommune("referanse", ref)

    year = params.get("budsjettaar")
    plan = data.get("okonomiplan")
    if isinstance(year, int) and not isinstance(year, bool) and plan is not None:
        years = sorted({int(y) for y in plan.loc[plan["datatype"] == "okonomiplan", "aar"]})
        if years and year not in years:
            span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
            problems.append(f"budsjettaar: {year} er ikke et år i økonomiplanen i dataene "
                            f"(okonomiplan.csv har planårene {span})")
    return problems
