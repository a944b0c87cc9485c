"""Follow and export: Atom feeds of new and changed texts; the filtered list as CSV, XLSX and JSON."""

import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET

from openpyxl import load_workbook

from acties.models import Actie
from lib.tekst import normaliseer
from tests.conftest import voeg_ronde_toe

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return [
        (e.find(f"{ATOM}title").text, e.find(f"{ATOM}summary").text or "") for e in feed.iter(f"{ATOM}entry")
    ]


def test_feed_lists_new_and_changed_texts_but_not_unchanged_or_draft_ones(client, demodata):
    tekst_1 = Actie.objects.get(nummer=1).voortgang.get().tekst
    voeg_ronde_toe(
        "December 2021",
        datetime.date(2021, 12, 1),
        {1: (tekst_1, "in uitvoering"), 2: ("Nieuwe tekst voor actie 2.", "vertraagd")},
    )
    voeg_ronde_toe("Open", datetime.date(2022, 6, 1), {3: ("GEHEIM", "afgerond")}, toestand="open")
    items = entries(client, "/feeds/acties.atom")
    titels = [t for t, _ in items]
    assert titels[0] == "Actie 2 – December 2021 (vertraagd, gewijzigd)"
    assert "Actie 1 – December 2021 (in uitvoering, gewijzigd)" not in titels  # unchanged text
    assert not any("GEHEIM" in s for _, s in items)
    assert len(items) == 50


def test_feed_escapes_text_as_html(client, demodata):
    voeg_ronde_toe("December 2021", datetime.date(2021, 12, 1), {2: ("<script>x</script>", "vertraagd")})
    _titel, samenvatting = entries(client, "/feeds/acties.atom")[0]
    assert "&lt;script&gt;" in samenvatting and "<script>" not in samenvatting


def test_feeds_per_theme_motion_and_ministry(client, demodata):
    per_thema = entries(client, "/feeds/thema/toekomst-toeslagen.atom")
    assert len(per_thema) == 4
    per_motie = entries(client, "/feeds/motie/35510-21.atom")
    assert sorted(t.split(" – ")[0] for t, _ in per_motie) == ["Actie 12", "Actie 81"]
    per_ministerie = entries(client, "/feeds/ministerie/fin.atom")
    assert {t.split(" – ")[0] for t, _ in per_ministerie} == {
        f"Actie {a.nummer}" for a in Actie.objects.filter(actieministeries__ministerie__afkorting="FIN")
    }
    for url in ("/feeds/thema/niets.atom", "/feeds/motie/35510-999.atom", "/feeds/motie/x.atom"):
        assert client.get(url).status_code == 404


def test_csv_export_follows_the_filters(client, demodata):
    response = client.get("/acties/export.csv?motie=35510-21")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="pokvolg-acties.csv"'
    rijen = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["Nummer"] for r in rijen] == ["12", "81"]
    assert rijen[0]["Moties"] == "35510-21 deel 1"
    assert rijen[0]["Status"] == "in uitvoering"
    assert rijen[0]["Adres"] == "http://testserver/acties/12/"


def test_xlsx_and_json_exports_follow_the_filters(client, demodata):
    boek = load_workbook(io.BytesIO(client.get("/acties/export.xlsx?thema=toekomst-toeslagen").content))
    rijen = list(boek.active.iter_rows(values_only=True))
    assert rijen[0][0] == "Nummer" and len(rijen) == 5
    data = json.loads(client.get("/acties/export.json?thema=toekomst-toeslagen").content)
    assert data["aantal"] == 4 and [a["nummer"] for a in data["acties"]] == [r[0] for r in rijen[1:]]
    assert data["acties"][0]["ministeries"][0]["afkorting"] == "FIN"


def test_exports_refuse_bad_filters_instead_of_exporting_everything(client, demodata):
    for formaat in ("csv", "xlsx", "json"):
        response = client.get(f"/acties/export.{formaat}?status=bogus")
        assert response.status_code == 400
        assert "status" in json.loads(response.content)["velden"]
    assert client.get("/acties/export.exe").status_code == 404


FORMULES = ['=HYPERLINK("http://x","klik")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"]


def test_formula_injection_is_neutralised_in_csv_and_xlsx(client, demodata):
    for nummer, formule in enumerate(FORMULES, start=1):
        actie = Actie.objects.get(nummer=nummer)
        actie.omschrijving = formule
        actie.save()
    # Stored in normal form (lib.tekst: a leading tab goes), and every formula start still neutralised.
    verwacht = ["'" + normaliseer(f) for f in FORMULES]
    assert verwacht[-1] == "'=1"
    rijen = list(csv.DictReader(io.StringIO(client.get("/acties/export.csv").content.decode("utf-8-sig"))))
    assert [r["Omschrijving"] for r in rijen[:5]] == verwacht

    blad = load_workbook(io.BytesIO(client.get("/acties/export.xlsx").content)).active
    cellen = [blad.cell(row=i, column=4) for i in range(2, 7)]
    assert [c.value for c in cellen] == verwacht
    assert all(c.data_type == "s" for c in cellen)  # text, never a formula


def test_feed_per_action_has_every_published_text_per_closed_round(client, demodata):
    tekst_1 = Actie.objects.get(nummer=1).voortgang.get().tekst
    voeg_ronde_toe("December 2021", datetime.date(2021, 12, 1), {1: (tekst_1, "vertraagd")})
    voeg_ronde_toe("Juni 2022", datetime.date(2022, 6, 1), {1: ("Nieuwe tekst.", "afgerond")})
    voeg_ronde_toe("Open", datetime.date(2022, 12, 1), {1: ("GEHEIM", "afgerond")}, toestand="open")
    items = entries(client, "/feeds/acties/1.atom")
    assert [t for t, _ in items] == [
        "Actie 1 – Juni 2022 (afgerond, gewijzigd)",
        "Actie 1 – December 2021 (vertraagd, ongewijzigd)",
        "Actie 1 – Stand van zaken juni 2021 (in uitvoering, nieuw)",
    ]
    assert items[0][1] == "<p>Nieuwe tekst.</p>" and not any("GEHEIM" in s for _, s in items)
    assert client.get("/feeds/acties/9999.atom").status_code == 404
    pagina = client.get("/acties/1/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml" href="/feeds/acties/1.atom"' in pagina
    assert '<a href="/feeds/acties/1.atom">Volg deze actie via Atom</a>' in pagina


def test_csv_for_dutch_excel_opens_in_columns(client, demodata):
    response = client.get("/acties/export.nl.csv?motie=35510-21")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="pokvolg-acties-excel-nl.csv"'
    # Excel NL reads UTF-8 only after a byte-order mark, and splits on its list separator ";".
    assert response.content.startswith(b"\xef\xbb\xbf")
    tekst = response.content.decode("utf-8-sig")
    kop = tekst.splitlines()[0].split(";")
    assert kop[:3] == ["Nummer", "Thema", "Subthema"] and len(kop) == 16
    rijen = list(csv.reader(io.StringIO(tekst), delimiter=";"))
    assert [len(r) for r in rijen] == [16, 16, 16]
    assert [r[0] for r in rijen[1:]] == ["12", "81"]
    assert rijen[1][kop.index("Gewijzigd op")].count(":") == 1  # "2021-06-29 10:00", no ISO offset
    # The standard CSV, read the same way, is one column: the reason for the variant.
    standaard = client.get("/acties/export.csv?motie=35510-21").content.decode("utf-8-sig")
    assert len(standaard.splitlines()[0].split(";")) == 1


def test_csv_for_dutch_excel_is_offered_beside_the_standard_one(client, demodata):
    pagina = client.get("/acties/?thema=hersteloperatie").content.decode()
    assert '<a href="/acties/export.csv?thema=hersteloperatie">CSV</a>' in pagina
    assert '<a href="/acties/export.nl.csv?thema=hersteloperatie">CSV (Excel NL)</a>' in pagina


def test_xlsx_has_a_frozen_filterable_header_widths_and_real_dates(client, demodata):
    Actie.objects.filter(nummer=12).update(streefdatum=datetime.date(2022, 3, 1))
    blad = load_workbook(io.BytesIO(client.get("/acties/export.xlsx?motie=35510-21").content)).active
    assert blad.freeze_panes == "A2"
    assert blad.auto_filter.ref == "A1:P3"
    kop = [c.value for c in blad[1]]
    assert blad.column_dimensions["D"].width >= 50  # Omschrijving
    assert all(blad.column_dimensions[c].width for c in "ABCDEFGHIJKLMNOP")
    streefdatum = blad.cell(row=2, column=kop.index("Streefdatum") + 1)
    assert streefdatum.is_date and streefdatum.value == datetime.datetime(2022, 3, 1)
    assert streefdatum.number_format == "dd-mm-yyyy"
    gewijzigd = blad.cell(row=2, column=kop.index("Gewijzigd op") + 1)
    assert gewijzigd.is_date and isinstance(gewijzigd.value, datetime.datetime)
    assert blad.cell(row=3, column=kop.index("Streefdatum") + 1).value is None


def test_atom_ids_are_tag_uris_that_stay_the_same_for_every_request_and_host(client, demodata, settings):
    settings.ALLOWED_HOSTS = ["testserver", "alias.example"]
    settings.SITE_URL = "https://pokvolg.example.nl"

    def ids(**extra):
        feed = ET.fromstring(client.get("/feeds/acties/1.atom", **extra).content)
        return [e.find(f"{ATOM}id").text for e in feed.iter(f"{ATOM}entry")]

    juni = Actie.objects.get(nummer=1).voortgang.get().rapportage_id
    eerste = ids()
    assert eerste == [f"tag:pokvolg.example.nl,2021:actie/1/rapportage/{juni}"]
    assert ids(HTTP_HOST="alias.example") == eerste
    voeg_ronde_toe("December 2021", datetime.date(2021, 12, 1), {1: ("Nieuwe tekst.", "vertraagd")})
    assert ids()[1:] == eerste  # an older entry keeps its id when a round is added
    assert ids()[0].startswith("tag:pokvolg.example.nl,2021:actie/1/rapportage/")
