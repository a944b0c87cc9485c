"""The redactie's web flow for dated promises in letters: upload a letter, the background job proposes
its promises, accept one as an indicator's target or an action's target date, reject one for good;
hostile letters give a Dutch message and leave nothing behind; only the redactie gets in."""

import datetime
import io
import zipfile
from pathlib import Path

import docx
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from acties.models import Actie, ActieOpdracht
from beloftes import voorstellen
from beloftes.models import Beloftevoorstel, Brief, Uitkomst, periode_in_woorden
from indicatoren import beheer
from indicatoren.models import Doel, Indicator
from jobs.models import Job
from lib.beloftes.vinden import Belofte, vind_beloftes
from moties.models import Opdracht
from rapportage.models import StreefdatumWijziging

BRIEF = settings.BASE_DIR / "tests" / "brieven" / "brief-2021-06-29.txt"
ANNEXEN = Path(__file__).parent / "annexen"
D = datetime.date


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _upload(client, data, naam="brief.txt", django_capture_on_commit_callbacks=None, **velden):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("beloftes:brieven"), {"bestand": SimpleUploadedFile(naam, data), **velden})


@pytest.fixture
def upload(client, redactie, media, django_capture_on_commit_callbacks):
    client.force_login(redactie)

    def doe(data=None, naam="brief.txt", **velden):
        data = BRIEF.read_bytes() if data is None else data
        return _upload(client, data, naam, django_capture_on_commit_callbacks, **velden)

    return doe


def _brief_van(response):
    job = Job.objects.order_by("-aangemaakt_op").first()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:job", args=[job.pk])
    assert job.status == Job.Status.KLAAR, job.melding
    return Brief.objects.get(pk=int(job.resultaat_url.rstrip("/").rsplit("/", 1)[1]))


def _indicator(redactie):
    actie = Actie.objects.order_by("nummer").first()
    return beheer.bewaar_indicator(
        Indicator(actie=actie, naam="Integrale beoordelingen", eenheid="%", wat_telt="Afgerond."), redactie
    )


def test_an_uploaded_letter_is_read_by_the_job_and_its_proposals_listed(client, upload, db):
    brief = _brief_van(upload())
    tekst = BRIEF.read_text(encoding="utf-8")
    verwacht = {(b.citaat, b.van, b.tot) for b in vind_beloftes(tekst)}
    assert (brief.kamerstuk, brief.briefdatum, brief.sleutel) == ("35510-60", D(2021, 6, 29), "kst:35510-60")
    gevonden = {
        (v.citaat, v.van.isoformat(), v.tot and v.tot.isoformat()) for v in Beloftevoorstel.objects.all()
    }
    assert gevonden == verwacht and len(verwacht) > 5
    html = client.get(reverse("jobs:job", args=[Job.objects.get().pk]), follow=True).content.decode()
    prinsjesdag = Beloftevoorstel.objects.get(tijd="In aanloop naar Prinsjesdag")
    assert prinsjesdag.citaat in html  # exactly as in the letter
    assert "29 juni t/m 21 september 2021" in html and "Kamerstuk 35\xa0510, nr.\xa060" in html
    assert prinsjesdag.wie == "staatssecretaris"
    # The page to decide on it offers the period's last day, in the format a date field reads.
    pagina = client.get(reverse("beloftes:voorstel", args=[prinsjesdag.pk])).content.decode()
    assert pagina.count('value="2021-09-21"') == 2
    assert "<h1>Belofte voor 29 juni t/m 21 september 2021</h1>" in pagina


@pytest.mark.parametrize(
    "van,tot,woorden",
    [
        (D(2023, 6, 1), D(2023, 6, 10), "1 t/m 10 juni 2023"),
        (D(2021, 6, 29), D(2021, 7, 2), "29 juni t/m 2 juli 2021"),
        (D(2021, 6, 29), D(2022, 3, 1), "29 juni 2021 t/m 1 maart 2022"),
        (D(2024, 1, 1), D(2024, 1, 1), "1 januari 2024"),
        (D(2023, 9, 5), None, "een open termijn vanaf 5 september 2023"),
    ],
)
def test_the_period_is_said_in_dutch_words(van, tot, woorden):
    assert periode_in_woorden(van, tot) == woorden


def test_accepted_as_an_indicator_target_the_doel_carries_the_quote_and_kamerstuk(
    client, upload, redactie, demodata
):
    brief = _brief_van(upload())
    indicator = _indicator(redactie)
    voorstel = Beloftevoorstel.objects.filter(tot__isnull=False).order_by("pk").first()
    response = client.post(
        reverse("beloftes:als_doel", args=[voorstel.pk]),
        {"doel-indicator": indicator.pk, "doel-waarde": "90", "doel-datum": voorstel.tot.isoformat()},
    )
    assert response.status_code == 302 and response["Location"] == reverse("beloftes:brief", args=[brief.pk])
    doel = Doel.objects.get()
    assert doel.toelichting == voorstel.citaat and doel.kamerstuk == "35510-60"
    assert doel.bron == "Kamerbrief van 29 juni 2021" and doel.datum == voorstel.tot
    voorstel.refresh_from_db()
    assert (voorstel.uitkomst, voorstel.doel, voorstel.door) == (Uitkomst.GEACCEPTEERD, doel, redactie)
    assert voorstel.history.count() == 2
    html = client.get(reverse("beloftes:brief", args=[brief.pk])).content.decode()
    assert "Werd een doel van de indicator" in html
    # Decided once: a second accept is refused with a message and writes nothing.
    nogmaals = client.post(
        reverse("beloftes:als_doel", args=[voorstel.pk]),
        {"doel-indicator": indicator.pk, "doel-waarde": "90", "doel-datum": "2025-03-31"},
    )
    assert nogmaals.status_code == 400 and "al besloten" in nogmaals.content.decode()
    assert Doel.objects.count() == 1


@pytest.mark.parametrize("met_ronde", [False, True], ids=["buiten-ronde", "tijdens-ronde"])
def test_accepted_as_a_target_date_it_lands_in_the_shift_log_with_the_quote(
    client, upload, redactie, demodata, request, met_ronde
):
    if met_ronde:
        request.getfixturevalue("open_ronde")
    _brief_van(upload())
    actie = Actie.objects.order_by("nummer").first()
    voorstel = Beloftevoorstel.objects.get(tijd="In aanloop naar Prinsjesdag")
    voor = StreefdatumWijziging.objects.count()
    response = client.post(
        reverse("beloftes:als_streefdatum", args=[voorstel.pk]),
        {"streef-actie": actie.nummer, "streef-datum": "2021-09-21"},
    )
    assert response.status_code == 302
    assert StreefdatumWijziging.objects.count() == voor + 1
    wijziging = StreefdatumWijziging.objects.order_by("-pk").first()
    assert wijziging.actie == actie and wijziging.naar == D(2021, 9, 21)
    assert voorstel.citaat in wijziging.reden and "Kamerstuk 35\xa0510, nr.\xa060" in wijziging.reden
    # During a round the change waits for its publication, as every target-date change does.
    assert (wijziging.gepubliceerd_op is None) is met_ronde
    actie.refresh_from_db()
    assert (actie.streefdatum == D(2021, 9, 21)) is not met_ronde
    voorstel.refresh_from_db()
    assert voorstel.uitkomst == Uitkomst.GEACCEPTEERD and voorstel.streefdatumwijziging == wijziging


def test_accepted_as_a_belofte_it_is_registered_with_its_quote_source_deadline_and_action(
    client, upload, redactie, demodata
):
    brief = _brief_van(upload())
    actie = Actie.objects.order_by("nummer").first()
    voorstel = Beloftevoorstel.objects.get(tijd="In aanloop naar Prinsjesdag")
    pagina = client.get(reverse("beloftes:voorstel", args=[voorstel.pk])).content.decode()
    assert "21 september 2021 als uiterste datum" in pagina and 'value="staatssecretaris"' in pagina
    response = client.post(
        reverse("beloftes:als_belofte", args=[voorstel.pk]),
        {"belofte-adressaat": "de staatssecretaris van Financiën", "belofte-actie": actie.nummer},
    )
    assert response.status_code == 302 and response["Location"] == reverse("beloftes:brief", args=[brief.pk])
    belofte = Opdracht.objects.get(soort="belofte")
    assert (belofte.dictum, belofte.uiterste_datum, belofte.datum) == (
        voorstel.citaat,
        D(2021, 9, 21),
        D(2021, 6, 29),
    )
    assert belofte.bron == "Kamerbrief van 29 juni 2021 (Kamerstuk 35\xa0510, nr.\xa060)"
    assert (belofte.dossier, belofte.nummer, belofte.adressaat) == (
        35510,
        60,
        "de staatssecretaris van Financiën",
    )
    assert ActieOpdracht.objects.get(opdracht=belofte).actie == actie
    assert belofte.history.get().history_change_reason.startswith(
        "Belofte uit de Kamerbrief van 29 juni 2021"
    )
    voorstel.refresh_from_db()
    assert (voorstel.uitkomst, voorstel.opdracht, voorstel.door) == (Uitkomst.GEACCEPTEERD, belofte, redactie)
    assert voorstel.reden == (
        f"Belofte {belofte.sleutel} met uiterste datum 21 september 2021, "
        f"uitgevoerd door actie {actie.nummer}"
    )
    assert voorstel.history.first().history_change_reason == "Geaccepteerd als belofte"
    html = client.get(reverse("beloftes:brief", args=[brief.pk])).content.decode()
    assert f"Werd belofte {belofte.sleutel}, uiterlijk 21 september 2021." in html


def test_a_promise_without_an_end_becomes_a_belofte_due_at_its_start_without_an_action(redactie, demodata):
    brief = _brief_met(redactie, 0, "b")
    belofte = Belofte(
        "Na zes maanden evalueer ik de regeling.", "2021-12-29", None, "minister", "x", "x", False, "", 0
    )
    voorstellen.bewaar_gelezen(brief, [belofte], D(2021, 6, 29))
    voorstel = voorstellen.do_accepteer_als_belofte(Beloftevoorstel.objects.get(brief=brief), redactie)
    opdracht = voorstel.opdracht
    assert (opdracht.uiterste_datum, opdracht.adressaat, opdracht.dossier) == (
        D(2021, 12, 29),
        "minister",
        None,
    )
    assert opdracht.bron == "Kamerbrief van 29 juni 2021" and not opdracht.actieopdrachten.exists()


def test_accepting_as_a_belofte_with_an_unknown_action_is_a_form_error_and_writes_nothing(
    client, upload, demodata
):
    _brief_van(upload())
    voorstel = Beloftevoorstel.objects.first()
    response = client.post(
        reverse("beloftes:als_belofte", args=[voorstel.pk]),
        {"belofte-adressaat": "", "belofte-actie": "9999"},
    )
    html = response.content.decode()
    assert (
        response.status_code == 400
        and "Er is geen actie 9999." in html
        and "Geef aan wie het belooft." in html
    )
    assert not Opdracht.objects.filter(soort="belofte").exists()
    voorstel.refresh_from_db()
    assert voorstel.is_open


def test_an_unknown_action_is_a_form_error_and_writes_nothing(client, upload, demodata):
    _brief_van(upload())
    voorstel = Beloftevoorstel.objects.first()
    response = client.post(
        reverse("beloftes:als_streefdatum", args=[voorstel.pk]), {"streef-actie": "9999", "streef-datum": ""}
    )
    html = response.content.decode()
    assert response.status_code == 400 and "Er is geen actie 9999." in html and "Geef de streefdatum." in html
    assert not StreefdatumWijziging.objects.filter(reden__contains=voorstel.citaat).exists()
    voorstel.refresh_from_db()
    assert voorstel.is_open


def test_a_rejected_proposal_is_not_proposed_again_for_that_letter(client, upload, db):
    eerste = _brief_van(upload())
    voorstel = Beloftevoorstel.objects.get(tijd="In aanloop naar Prinsjesdag")
    aantal = Beloftevoorstel.objects.count()
    response = client.post(reverse("beloftes:afwijzen", args=[voorstel.pk]), {"af-reden": "Geen belofte."})
    assert response.status_code == 302
    voorstel.refresh_from_db()
    assert (voorstel.uitkomst, voorstel.reden) == (Uitkomst.AFGEWEZEN, "Geen belofte.")

    tweede = _brief_van(upload())
    assert tweede.pk != eerste.pk and tweede.sleutel == eerste.sleutel
    assert Beloftevoorstel.objects.count() == aantal  # nothing new: the same promises, one rejected
    html = client.get(reverse("beloftes:brief", args=[tweede.pk])).content.decode()
    assert voorstel.citaat not in html
    assert "1 voorstel uit deze brief is eerder afgewezen" in html
    open_ = Beloftevoorstel.objects.filter(uitkomst=Uitkomst.OPEN).first()
    assert open_.citaat in html


def test_the_same_letter_as_html_word_or_without_its_kamerstuk_keeps_the_decisions(client, upload, db):
    tekst = BRIEF.read_text(encoding="utf-8")
    _brief_van(upload())
    voorstel = Beloftevoorstel.objects.get(tijd="In aanloop naar Prinsjesdag")
    voorstellen.do_afwijzen(voorstel, Brief.objects.get().door)
    # As officielebekendmakingen.nl serves it: other bytes, the same Kamerstuk.
    alineas = "".join(f"<p>{a.replace(chr(10), '<br>')}</p>" for a in tekst.split("\n\n"))
    html = f"<!DOCTYPE html><html><body>{alineas}</body></html>"
    aantal = Beloftevoorstel.objects.count()
    als_html = _brief_van(upload(html.encode(), naam="kst-35510-60.html"))
    assert als_html.sleutel == "kst:35510-60"
    document = docx.Document()
    for alinea in tekst.split("\n\n"):
        document.add_paragraph(alinea)
    als_word = io.BytesIO()
    document.save(als_word)
    assert _brief_van(upload(als_word.getvalue(), naam="brief.docx")).sleutel == "kst:35510-60"
    assert Beloftevoorstel.objects.count() == aantal  # the same proposals, not new ones beside them
    assert not Beloftevoorstel.objects.filter(
        tijd="In aanloop naar Prinsjesdag", uitkomst=Uitkomst.OPEN
    ).exists()
    # Without the head that names the Kamerstuk, but with it typed in: the same letter again.
    romp = tekst.split("\n\n", 2)[2]
    zonder = _brief_van(upload(romp.encode(), kamerstuk="35 510, nr. 60"))
    assert zonder.sleutel == "kst:35510-60"
    assert Beloftevoorstel.objects.filter(tijd="In aanloop naar Prinsjesdag").count() == 1


def test_decisions_on_a_letter_without_kamerstuk_move_with_it_when_one_is_typed_later(client, upload, db):
    romp = BRIEF.read_text(encoding="utf-8").split("\n\n", 2)[2].encode()
    eerste = _brief_van(upload(romp))
    assert eerste.sleutel == f"sha256:{eerste.sha256}"
    voorstel = Beloftevoorstel.objects.get(tijd="In aanloop naar Prinsjesdag")
    voorstellen.do_afwijzen(voorstel, eerste.door, "Geen belofte.")
    aantal = Beloftevoorstel.objects.count()
    tweede = _brief_van(upload(romp, kamerstuk="35510-60"))
    eerste.refresh_from_db()
    voorstel.refresh_from_db()
    assert tweede.sleutel == eerste.sleutel == voorstel.brief_sleutel == "kst:35510-60"
    assert Beloftevoorstel.objects.count() == aantal and voorstel.uitkomst == Uitkomst.AFGEWEZEN
    assert voorstel.citaat not in client.get(reverse("beloftes:brief", args=[tweede.pk])).content.decode()


def _docx_bom():
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<w:document>" + b" " * (80 * 1024 * 1024) + b"</w:document>")
    return data.getvalue()


# What the upload form refuses from the first bytes, and what only the job finds out.
IN_HET_FORMULIER = [
    (b"", "brief.pdf", "Het bestand is leeg."),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "brief.doc", "oud Word-bestand"),
]
IN_DE_JOB = [
    ((ANNEXEN / "fout-beveiligd.pdf").read_bytes(), "brief.pdf", "beveiligd met een wachtwoord"),
    ((ANNEXEN / "fout-afgekapt.pdf").read_bytes(), "brief.pdf", "beschadigd"),
    ((ANNEXEN / "fout-scan.pdf").read_bytes(), "brief.pdf", "geen leesbare tekst"),
    (_docx_bom(), "brief.docx", "zip-bom"),
    (b"PK\x03\x04" + b"\0" * 100, "brief.docx", "geen Word-document"),
    (bytes(range(256)) * 100, "brief.txt", "geen PDF, geen Word-bestand"),
    (b"Voor de zomer stuur ik een plan.", "brief.txt", "geef de briefdatum op"),
]


def _niets_geschreven(media):
    assert not Brief.objects.exists() and not Beloftevoorstel.objects.exists()
    assert not Doel.objects.exists() and not StreefdatumWijziging.objects.exists()
    assert [p for p in media.rglob("*") if p.is_file()] == []


@pytest.mark.parametrize("data,naam,melding", IN_HET_FORMULIER, ids=["leeg", "doc"])
def test_a_hostile_letter_refused_by_the_form_gives_a_dutch_message(upload, media, data, naam, melding):
    response = upload(data, naam=naam)
    assert response.status_code == 400 and melding in response.content.decode()
    assert not Job.objects.exists()
    _niets_geschreven(media)


@pytest.mark.parametrize(
    "data,naam,melding",
    IN_DE_JOB,
    ids=["beveiligd", "afgekapt", "scan", "zipbom", "zip", "binair", "geen-datum"],
)
def test_a_hostile_letter_fails_its_job_with_a_dutch_message_and_writes_nothing(
    client, upload, media, data, naam, melding
):
    response = upload(data, naam=naam)
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:job", args=[job.pk])
    assert job.status == Job.Status.MISLUKT and melding in job.melding
    assert melding in client.get(response["Location"]).content.decode()
    _niets_geschreven(media)


def test_only_the_redactie_gets_in(client, redactie, coordinator_fin, upload, db):
    brief = _brief_van(upload())
    voorstel = Beloftevoorstel.objects.first()
    pagina = [
        reverse("beloftes:brieven"),
        reverse("beloftes:brief", args=[brief.pk]),
        reverse("beloftes:voorstel", args=[voorstel.pk]),
    ]
    posts = [
        reverse(f"beloftes:{naam}", args=[voorstel.pk])
        for naam in ("als_belofte", "als_doel", "als_streefdatum", "afwijzen")
    ]
    for url in pagina:
        assert client.get(url).status_code == 200, url
    client.logout()
    for url in pagina + posts:
        response = client.get(url) if url in pagina else client.post(url, {})
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url
    client.force_login(coordinator_fin)
    for url in pagina:
        assert client.get(url).status_code == 403, url
    geschiedenis = voorstel.history.count()
    for url in posts:
        assert client.post(url, {"af-reden": "x", "belofte-adressaat": "x"}).status_code == 403, url
    voorstel.refresh_from_db()
    assert voorstel.is_open and voorstel.history.count() == geschiedenis
    assert not Opdracht.objects.filter(soort="belofte").exists()
    with pytest.raises(Exception, match="Alleen de redactie"):
        voorstellen.do_afwijzen(voorstel, coordinator_fin)


def _brief_met(redactie, aantal, naam):
    brief = Brief.objects.create(bestandsnaam=naam, sha256=naam * 8, door=redactie)
    bron = "35 510, nr. 60" if naam == "a" else ""
    beloftes = [
        Belofte(
            f"Zin {i} van {naam}.", "2025-01-01", "2025-03-31", "kabinet", "cijfer", "Q1 2025", True, bron, i
        )
        for i in range(aantal)
    ]
    voorstellen.bewaar_gelezen(brief, beloftes, D(2021, 6, 29))
    return Brief.objects.get(pk=brief.pk)


def test_the_proposals_page_takes_as_many_queries_for_few_as_for_many(client, redactie, demodata):
    indicator = _indicator(redactie)
    actie = Actie.objects.order_by("nummer").first()
    tellingen = []
    for naam, aantal, besloten in (("a", 4, 1), ("b", 40, 8)):
        brief = _brief_met(redactie, aantal, naam)
        rij = list(Beloftevoorstel.objects.filter(brief=brief).order_by("pk"))
        for i in range(besloten):
            voorstellen.do_accepteer_als_doel(rij[4 * i], redactie, indicator, 90, D(2025, 3, 31))
            datum = D(2025, 1, 1) + datetime.timedelta(days=len(tellingen) * 100 + i)
            voorstellen.do_accepteer_als_streefdatum(rij[4 * i + 1], redactie, actie, datum)
            voorstellen.do_afwijzen(rij[4 * i + 2], redactie)
            voorstellen.do_accepteer_als_belofte(rij[4 * i + 3], redactie, actie=actie)
        client.force_login(redactie)
        client.get(reverse("beloftes:brieven"))  # the session's first request after login saves it once
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("beloftes:brief", args=[brief.pk]))
        assert (
            response.status_code == 200
            and response.content.decode().count("Accepteren of afwijzen") == aantal - 4 * besloten
        )
        tellingen.append(len(queries))
    assert tellingen[0] == tellingen[1]


def test_a_letter_without_a_date_is_read_with_the_date_given_in_the_form(upload, db):
    brief = _brief_van(upload(b"Voor de zomer stuur ik een plan.", briefdatum="2021-06-29"))
    (voorstel,) = Beloftevoorstel.objects.filter(brief=brief)
    assert (brief.briefdatum, voorstel.periode) == (D(2021, 6, 29), "29 juni t/m 2 juli 2021")
    assert brief.sleutel == f"sha256:{brief.sha256}"


def test_a_quote_too_long_for_the_shift_log_is_shortened_there_and_kept_whole_on_the_proposal(
    redactie, demodata
):
    citaat = "Ik zal uw Kamer voor de zomer informeren over " + "de voortgang en " * 120 + "het herstel."
    brief = _brief_met(redactie, 0, "a")
    belofte = Belofte(citaat, "2021-06-29", "2021-07-02", "minister", "Kamer informeren", "x", True, "", 0)
    belofte.bron = "35 510, nr. 60"
    voorstellen.bewaar_gelezen(brief, [belofte], D(2021, 6, 29))
    voorstel = Beloftevoorstel.objects.get(brief=brief)
    actie = Actie.objects.order_by("nummer").first()
    voorstellen.do_accepteer_als_streefdatum(voorstel, redactie, actie, D(2021, 7, 2))
    wijziging = StreefdatumWijziging.objects.order_by("-pk").first()
    assert len(wijziging.reden) <= voorstellen.MAX_REDEN and wijziging.reden.endswith("…”")
    assert wijziging.reden.startswith(
        "Belofte in de Kamerbrief van 29 juni 2021 (Kamerstuk 35\xa0510, nr.\xa060): “Ik zal"
    )
    voorstel.refresh_from_db()
    assert voorstel.citaat == citaat
