"""Maak twee bijlagen van enkele pagina's met een voettekst van twee regels: de verwijzing naar de
brief en "Pagina N van M".

* fout-dubbel-nummer-voettekst.pdf: actie 7 komt twee keer voor. Zo'n voettekst liet de PDF-parser
  vastlopen (KeyError), wat als "Het PDF-bestand is beschadigd" werd gemeld in plaats van het dubbele
  actienummer te noemen (issue 13).
* voettekst-met-brief.pdf: dezelfde bijlage zonder dubbel nummer; de datum van de brief en het
  Kamerstuk staan alleen in de voettekst.

Gebruik, vanuit de projectmap (nodig: LibreOffice, zie maak_annexen.py)::

    .venv/bin/python tests/annexen/maak_dubbel_voettekst.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import docx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from maak_annexen import MAP, Actie, Thema, naar_pdf, stel_lettertype_in, tabel, veld  # noqa: E402

VERWIJZING = "Bijlage bij de brief van 29 juni 2021, Kamerstuk 35 510, nr. 60"
BESTANDEN = {"fout-dubbel-nummer-voettekst": True, "voettekst-met-brief": False}


def acties(dubbel: bool) -> list:
    rijen: list = [Thema("HERSTELOPERATIE")]
    for nummer in [*range(1, 8), *([7] if dubbel else []), *range(8, 30)]:
        rijen.append(
            Actie(
                nummer,
                [f"Omschrijving van actie {nummer} over de hersteloperatie voor gedupeerde ouders"],
                [
                    f"Stand van zaken bij actie {nummer}: de uitvoering loopt volgens planning. "
                    "Er zijn afspraken gemaakt met gemeenten en uitvoeringsorganisaties over de "
                    "verdere aanpak, en de Kamer wordt in de volgende rapportage geïnformeerd."
                ],
            )
        )
    return rijen


def maak(pad: Path, dubbel: bool) -> None:
    document = docx.Document()
    stel_lettertype_in(document, "Liberation Sans", 10, 2)
    document.add_paragraph("Stand van zaken vervolgacties")
    voet = document.sections[0].footer
    voet.paragraphs[0].text = VERWIJZING
    pagina = voet.add_paragraph("Pagina ")
    veld(pagina, "PAGE")
    pagina.add_run(" van ")
    veld(pagina, "NUMPAGES")
    t = tabel(
        document,
        ["Actie", "Omschrijving", "Stand van Zaken"],
        [1.5, 5.5, 9.0],
        acties(dubbel),
        lambda a: [[f"{a.nummer}."], a.omschrijving, a.stand],
    )
    t.style = document.styles["Table Grid"]
    document.save(pad)


def main() -> None:
    if not shutil.which("soffice"):
        sys.exit("soffice (LibreOffice) niet gevonden; installeer libreoffice-writer-nogui.")
    with tempfile.TemporaryDirectory() as tmp:
        for naam, dubbel in BESTANDEN.items():
            maak(Path(tmp) / f"{naam}.docx", dubbel)
        naar_pdf(sorted(Path(tmp).glob("*.docx")), MAP)
    for naam in BESTANDEN:
        print(MAP / f"{naam}.pdf", (MAP / f"{naam}.pdf").stat().st_size, "bytes")


if __name__ == "__main__":
    main()
