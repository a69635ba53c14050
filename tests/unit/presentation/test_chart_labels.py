"""Chart labels clear of axes and threshold lines (issue 28, part 7)."""

from __future__ import annotations

import json

import pandas as pd

from helpers.presentation import charts


def test_a_label_just_below_the_threshold_is_lifted_above_the_line():
    # Røros' netto lånegjeld: 85,2 and 87,2 % in 2019–2020, the ceiling 90 %
    v = pd.Series([85.2, 87.2, 100.6, 104.7, 40.0, -3.0])
    placed = charts.label_heights(v, 90.0)
    assert placed.tolist() == [90.0, 90.0, 100.6, 104.7, 40.0, -3.0]
    assert charts.label_heights(v, None).tolist() == v.tolist()


def test_bars_keep_room_for_labels_beyond_the_axis():
    df = pd.DataFrame({"aar": [2023, 2024], "verdi": [-1.3, -4.2],
                       "datatype_navn": ["Budsjett", "Budsjett"]})
    spec = json.dumps(charts.bars_vs_threshold(df, threshold=1.75).to_dict())
    assert f'"padding": {charts.LABEL_ROOM}' in spec
