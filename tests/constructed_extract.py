"""The constructed KOSTRA accounts extract (``fixtures/kostra_uttrekk``) and its § 5-6
lines worked out by hand, shared by the unit test of the statement
(``unit/model/test_statements_art.py``) and the end-to-end test of the printed statement
(``e2e/test_oppstillinger.py``)."""

from __future__ import annotations

from pathlib import Path

EXTRACT = Path(__file__).resolve().parent / "fixtures" / "kostra_uttrekk" / \
    "0A_5025_2024_konstruert.dat"

# the constructed extract's § 5-6 lines (regulation's signs), worked out by hand
EXPECTED = {1: 204653, 2: 215334, 3: 35150, 4: 100, 5: 7000, 6: 1500, 7: 12000, 8: 8000,
            9: 483737, 10: 150000, 11: 50000, 12: 65000, 13: 3000, 14: 44249, 15: 312249,
            16: 171488, 17: 6000, 18: 400, 19: 300, 20: 38822, 21: 32150, 22: -64272,
            23: 44249, 24: 151465, 25: 0, 26: 1000, 27: -4542, 28: 179451, 29: -24444,
            30: 0, 31: 151465, 32: 0}
