"""The chart arithmetic of lib.grafiek: plain numbers in, coordinates out."""

import itertools

import pytest

from lib.grafiek import BREEDTE, TEKENS_PER_REGEL, TOTAAL_RUIMTE, gestapelde_balken, kolommen


def test_stacked_bars_share_one_scale_so_the_longest_bar_fills_the_room():
    grafiek = gestapelde_balken([("A", [("x", "x", 3), ("y", "y", 1)]), ("B", [("x", "x", 2)])])
    a, b = grafiek.balken
    assert a.totaal == 4 and b.totaal == 2
    assert a.eind == pytest.approx(BREEDTE - TOTAAL_RUIMTE)
    assert b.eind == pytest.approx(a.eind / 2)


def test_stacked_parts_follow_each_other_and_their_widths_are_proportional_to_their_counts():
    (balk,) = gestapelde_balken([("A", [("x", "x", 3), ("leeg", "leeg", 0), ("y", "y", 1)])]).balken
    x, y = balk.segmenten  # a part of 0 is not drawn
    assert (x.sleutel, x.aantal, y.sleutel, y.aantal) == ("x", 3, "y", 1)
    assert x.x == 0 and y.x == pytest.approx(x.breedte)
    assert x.breedte == pytest.approx(3 * y.breedte)
    assert balk.totaal_x > balk.eind


def test_rows_are_stacked_downwards_without_overlap():
    grafiek = gestapelde_balken([(str(i), [("x", "x", i + 1)]) for i in range(3)])
    ys = [b.y for b in grafiek.balken]
    assert ys == sorted(ys) and all(
        b2.label_y > b1.y + b1.hoogte for b1, b2 in itertools.pairwise(grafiek.balken)
    )
    assert grafiek.hoogte >= grafiek.balken[-1].y + grafiek.balken[-1].hoogte


def test_stacked_bars_of_nothing_have_no_parts_and_no_division_by_zero():
    grafiek = gestapelde_balken([("A", [("x", "x", 0)])])
    assert grafiek.balken[0].segmenten == () and grafiek.balken[0].totaal == 0
    assert gestapelde_balken([]).balken == ()


def test_columns_rise_from_one_baseline_in_proportion_to_their_values():
    grafiek = kolommen([("a", 4), ("b", 2), ("c", 0)])
    a, b, c = grafiek.kolommen
    assert a.y + a.hoogte == pytest.approx(grafiek.basis) == pytest.approx(b.y + b.hoogte)
    assert a.hoogte == pytest.approx(2 * b.hoogte) and c.hoogte == 0
    assert a.waarde_y < a.y and a.label_y > grafiek.basis  # value above, label below
    assert a.x + a.breedte < b.x < b.x + b.breedte < c.x  # side by side, never overlapping


def test_columns_of_only_zeros_are_flat():
    assert [k.hoogte for k in kolommen([("a", 0), ("b", 0)]).kolommen] == [0, 0]


def test_a_longer_series_gets_a_wider_chart_and_a_short_one_keeps_its_minimum_width():
    assert kolommen([("a", 1)] * 20).breedte > kolommen([("a", 1)] * 2).breedte
    assert kolommen([("a", 1)], min_breedte=BREEDTE).breedte == BREEDTE


def test_a_sparkline_keeps_no_room_for_labels():
    klein = kolommen([("a", 3), ("b", 6)], hoogte=24, slot=12, met_labels=False)
    assert klein.breedte == 24 and klein.basis == pytest.approx(24)
    assert max(k.hoogte for k in klein.kolommen) == pytest.approx(22)


def test_a_long_label_goes_on_lines_above_its_bar_and_pushes_the_next_row_down():
    lang = "INFORMATIEVOORZIENING EN POLITIEK AMBTELIJKE VERHOUDINGEN"
    grafiek = gestapelde_balken([(lang, [("x", "x", 1)]), ("B", [("x", "x", 2)])])
    a, b = grafiek.balken
    assert [r for r, _y in a.regels] == ["INFORMATIEVOORZIENING EN", "POLITIEK AMBTELIJKE VERHOUDINGEN"]
    assert all(len(r) <= TEKENS_PER_REGEL for r, _y in a.regels)
    eerste, tweede = (y for _r, y in a.regels)
    assert eerste == a.label_y < tweede < a.y < a.y + a.hoogte < b.label_y
    assert grafiek.hoogte >= b.y + b.hoogte
