"""The set of municipalities an overview report covers (``gruppe.csv``).

A group folder (a county, a KOSTRA group, a hand-picked list) holds the public figures of
every municipality in it (``kostra.csv``, ``kommuner.csv``, ``folketall.csv``) and this
file, which says which of them the overview shows, in which order, with their county and
KOSTRA group. The file is optional: a municipality's own data folder has none, and the
overview is then built as a «mangler data» page and left out of the appendix.
"""

from helpers.data.specs import GRUPPE, Col, FileSpec

FILES = [
    FileSpec(
        name="gruppe.csv",
        description=(
            "Kommunene oversiktsrapporten viser, i den rekkefølgen de skal stå, med fylke og "
            "KOSTRA-gruppe. Tallene for hver kommune står i kostra.csv og folketall.csv i "
            "samme mappe."
        ),
        columns={
            "knr": Col("str", "Kommunenummer (4 siffer), som i kommuner.csv",
                       pattern=r"^\d{4}$", kommune=True),
            "navn": Col("str", "Kommunens navn"),
            "fylke": Col("str", "Fylket kommunen ligger i (navn)"),
            "kostragruppe": Col(
                "str", "KOSTRA-gruppens kode (f.eks. EKG11); tom når den ikke er kjent",
                nullable=True, pattern=r"^EKG\d{2}$"),
        },
        key=("knr",),
        optional=True,
        source=GRUPPE,  # hop hent --kommuner … --gruppe MAPPE writes it, not hop ny
        holds="hvilke kommuner oversikten gjelder, med fylke og KOSTRA-gruppe",
    ),
]
