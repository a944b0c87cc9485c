"""The public list as PDF says on paper which filters made it and when."""

import io

import pdfplumber
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format


def eerste_pagina(client, capture, url):
    """The text of the first page of the PDF at `url`, fetched as a visitor does (via the job's page)."""
    with capture(execute=True):
        response = client.get(url)
    while response.status_code == 302:
        response = client.get(response.url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    inhoud = b"".join(response.streaming_content) if response.streaming else response.content
    with pdfplumber.open(io.BytesIO(inhoud)) as pdf:
        return " ".join(pdf.pages[0].extract_text().split())


def test_the_list_pdf_names_its_filters_and_the_date_it_was_made(
    client, demodata, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("bijlage:lijst") + "?thema=hersteloperatie&status=in+uitvoering&termijn=zonder-streefdatum"
    tekst = eerste_pagina(client, django_capture_on_commit_callbacks, url)
    assert (
        "Gekozen filters: Thema: HERSTELOPERATIE; Status: in uitvoering; Streefdatum: zonder streefdatum."
        in tekst
    )
    assert date_format(timezone.localdate(), "j F Y") in tekst

    alles = eerste_pagina(
        client, django_capture_on_commit_callbacks, reverse("bijlage:lijst") + "?sorteer=-nummer"
    )
    assert "Zonder filters: alle acties van de openbare lijst." in alles and "Gekozen filters" not in alles
