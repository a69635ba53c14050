"""Municipality numbers that changed on 1 January 2024, old → new.

Derived from the municipality code lists in SSB's kostra-kontrollprogram
(statisticsnorway/kostra-kontrollprogram, commit c1f58486,
``kravspesifikasjon/file_description_11CF_2023.yaml`` and ``…_2024.yaml``): each number of
2023 that is gone in 2024 is paired with the 2024 number of the same name; Våler (Viken) →
Våler (Østfold) and Gratangen → Gratangen - Rivtták were paired by hand. Ålesund (1507) is
1508 from 2024, when Haram (1580) was split off again.

A KOSTRA file for a year before 2024 carries the old number; :func:`current` gives the
number the project's data use.
"""

from __future__ import annotations

RENUMBERED_2024: dict[str, str] = {
    "1507": "1508",  # Ålesund
    "3001": "3101",  # Halden
    "3002": "3103",  # Moss
    "3003": "3105",  # Sarpsborg
    "3004": "3107",  # Fredrikstad
    "3005": "3301",  # Drammen
    "3006": "3303",  # Kongsberg
    "3007": "3305",  # Ringerike
    "3011": "3110",  # Hvaler
    "3012": "3124",  # Aremark
    "3013": "3122",  # Marker
    "3014": "3118",  # Indre Østfold
    "3015": "3116",  # Skiptvet
    "3016": "3120",  # Rakkestad
    "3017": "3112",  # Råde
    "3018": "3114",  # Våler (Viken) → Våler (Østfold)
    "3019": "3216",  # Vestby
    "3020": "3207",  # Nordre Follo
    "3021": "3218",  # Ås
    "3022": "3214",  # Frogn
    "3023": "3212",  # Nesodden
    "3024": "3201",  # Bærum
    "3025": "3203",  # Asker
    "3026": "3226",  # Aurskog-Høland
    "3027": "3224",  # Rælingen
    "3028": "3220",  # Enebakk
    "3029": "3222",  # Lørenskog
    "3030": "3205",  # Lillestrøm
    "3031": "3232",  # Nittedal
    "3032": "3230",  # Gjerdrum
    "3033": "3209",  # Ullensaker
    "3034": "3228",  # Nes
    "3035": "3240",  # Eidsvoll
    "3036": "3238",  # Nannestad
    "3037": "3242",  # Hurdal
    "3038": "3310",  # Hole
    "3039": "3320",  # Flå
    "3040": "3322",  # Nesbyen
    "3041": "3324",  # Gol
    "3042": "3326",  # Hemsedal
    "3043": "3328",  # Ål
    "3044": "3330",  # Hol
    "3045": "3332",  # Sigdal
    "3046": "3318",  # Krødsherad
    "3047": "3316",  # Modum
    "3048": "3314",  # Øvre Eiker
    "3049": "3312",  # Lier
    "3050": "3334",  # Flesberg
    "3051": "3336",  # Rollag
    "3052": "3338",  # Nore og Uvdal
    "3053": "3236",  # Jevnaker
    "3054": "3234",  # Lunner
    "3801": "3901",  # Horten
    "3802": "3903",  # Holmestrand
    "3803": "3905",  # Tønsberg
    "3804": "3907",  # Sandefjord
    "3805": "3909",  # Larvik
    "3806": "4001",  # Porsgrunn
    "3807": "4003",  # Skien
    "3808": "4005",  # Notodden
    "3811": "3911",  # Færder
    "3812": "4010",  # Siljan
    "3813": "4012",  # Bamble
    "3814": "4014",  # Kragerø
    "3815": "4016",  # Drangedal
    "3816": "4018",  # Nome
    "3817": "4020",  # Midt-Telemark
    "3818": "4026",  # Tinn
    "3819": "4024",  # Hjartdal
    "3820": "4022",  # Seljord
    "3821": "4028",  # Kviteseid
    "3822": "4030",  # Nissedal
    "3823": "4032",  # Fyresdal
    "3824": "4034",  # Tokke
    "3825": "4036",  # Vinje
    "5401": "5501",  # Tromsø
    "5402": "5503",  # Harstad - Hárstták
    "5403": "5601",  # Alta
    "5404": "5634",  # Vardø
    "5405": "5607",  # Vadsø
    "5406": "5603",  # Hammerfest - Hámmerfeasta
    "5411": "5510",  # Kvæfjord
    "5412": "5512",  # Dielddanuorri - Tjeldsund
    "5413": "5514",  # Ibestad
    "5414": "5516",  # Gratangen → Gratangen - Rivtták
    "5415": "5518",  # Loabák - Lavangen
    "5416": "5520",  # Bardu
    "5417": "5522",  # Salangen
    "5418": "5524",  # Målselv
    "5419": "5526",  # Sørreisa
    "5420": "5528",  # Dyrøy
    "5421": "5530",  # Senja
    "5422": "5532",  # Balsfjord
    "5423": "5534",  # Karlsøy
    "5424": "5536",  # Lyngen
    "5425": "5538",  # Storfjord - Omasvuotna - Omasvuono
    "5426": "5540",  # Gáivuotna - Kåfjord - Kaivuono
    "5427": "5542",  # Skjervøy
    "5428": "5544",  # Nordreisa - Ráisa - Raisi
    "5429": "5546",  # Kvænangen
    "5430": "5612",  # Guovdageaidnu - Kautokeino
    "5432": "5614",  # Loppa
    "5433": "5616",  # Hasvik
    "5434": "5618",  # Måsøy
    "5435": "5620",  # Nordkapp
    "5436": "5622",  # Porsanger - Porsángu - Porsanki
    "5437": "5610",  # Kárášjohka - Karasjok
    "5438": "5624",  # Lebesby
    "5439": "5626",  # Gamvik
    "5440": "5630",  # Berlevåg
    "5441": "5628",  # Deatnu - Tana
    "5442": "5636",  # Unjárga - Nesseby
    "5443": "5632",  # Båtsfjord
    "5444": "5605",  # Sør-Varanger
}


def current(kommunenummer: str) -> str:
    """The municipality's number from 2024 (unchanged when it did not change)."""
    return RENUMBERED_2024.get(kommunenummer, kommunenummer)


def former(kommunenummer: str) -> str | None:
    """The number before 2024 of a municipality renumbered in 2024, else None."""
    for old, new in RENUMBERED_2024.items():
        if new == kommunenummer:
            return old
    return None
