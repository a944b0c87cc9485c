"""The Tweede Kamer's open data on commitments (toezeggingen): the query to its Gegevensmagazijn (OData v4)
and the reading of the answers. Plain Python, no Django, like moties.tweedekamer, whose client, paging
(`@odata.nextLink`, at most MAX_PAGINAS pages) and Dutch KamerdataFout it shares.

What this relies on, from the documented schema of the Gegevensmagazijn (opendata.tweedekamer.nl, entity
`Toezegging`, as its $metadata names the properties): `Id`, `Nummer` (the register number,
'TZ202101-088'), `Tekst`, `Naam` and `Functie` of the member of government who made it, `Ministerie`,
`Status` (the register's own word, such as 'Openstaand' or 'Voldaan'), `Aanmaakdatum`, `DatumNakoming`
(Edm.DateTimeOffset), `Verwijderd`, `GewijzigdOp`, and the navigation properties `Activiteit` (the debate
or meeting where it was made), `KamerbriefNakoming` (the Document(s) that fulfil it: `DocumentNummer`,
`Titel`, `Onderwerp`, `Datum`, `Volgnummer`, with their `Kamerstukdossier`). A Toezegging has no dossier of
its own: the query asks for those made at an Activiteit about a Zaak of the dossier.

Records marked `Verwijderd` are skipped at every level. A DatumNakoming in the year 1 is the register's
way of saying "none" and reads as no date. Whether a commitment is fulfilled is not the register's Status:
pokvolg, like the Tweede Kamer's own register page, calls it fulfilled only with its letter
(`kamerbrief`).
"""

import datetime
import urllib.parse
from dataclasses import dataclass

from .tweedekamer import _datum, _lijst, _ongeldig, _tekst, _verwijderd, haal_alle_paginas

REGISTERNUMMER_LENGTE = 30


@dataclass(frozen=True)
class Kamerbrief:
    """The letter (a Document) that fulfils a commitment."""

    document_id: str
    documentnummer: str
    titel: str
    datum: datetime.date | None
    kamerstuk: str  # '<dossier>-<volgnummer>', or '' when the letter is not a Kamerstuk


@dataclass(frozen=True)
class Toezeggingsgegevens:
    """What the Tweede Kamer's register says about one commitment."""

    toezegging_id: str
    registernummer: str
    tekst: str
    bewindspersoon: str
    functie: str
    ministerie: str
    status: str
    datum: datetime.date | None
    datum_nakoming: datetime.date | None
    activiteit: str
    kamerbrief: Kamerbrief | None
    gewijzigd_op: str


def toezeggingen_url(basis, dossier):
    """The first page of the commitments made at an activity about a Zaak of `dossier`, with that activity
    and the letters that fulfil them."""
    filter_ = (
        "Verwijderd eq false and Activiteit/any(a: a/Zaak/any(z: z/Kamerstukdossier/any(d: d/Nummer eq "
        f"{int(dossier)})))"
    )
    parameters = {
        "$filter": filter_,
        "$expand": (
            "Activiteit($select=Id,Nummer,Soort,Onderwerp,Datum,Verwijderd),"
            "KamerbriefNakoming($select=Id,Soort,DocumentNummer,Titel,Onderwerp,Datum,Volgnummer,Verwijderd;"
            "$expand=Kamerstukdossier($select=Nummer,Verwijderd))"
        ),
        "$orderby": "Aanmaakdatum",
    }
    query = urllib.parse.urlencode(parameters, safe="$(),'/:=;", quote_via=urllib.parse.quote)
    return basis.rstrip("/") + "/Toezegging?" + query


def haal_toezeggingen(client, basis, dossier):
    """Every commitment of `dossier` as Toezeggingsgegevens, all pages read before anything is returned."""
    return haal_alle_paginas(client, basis, toezeggingen_url(basis, dossier), lees_toezeggingpagina)


def lees_toezeggingpagina(data, pagina=1):
    """The commitments on one page of the answer (a dict with 'value'); deleted records left out."""
    toezeggingen = []
    for i, record in enumerate(data["value"], start=1):
        if not isinstance(record, dict):
            raise _ongeldig(pagina, f"record {i} is geen object")
        if _verwijderd(record):
            continue
        toezeggingen.append(lees_toezegging(record, f"pagina {pagina}, record {i}"))
    return toezeggingen


def lees_toezegging(record, waar="record"):
    """One Toezegging record with its expanded Activiteit and KamerbriefNakoming records."""
    toezegging_id = _tekst(record, "Id", waar, verplicht=True)
    waar = f"{waar}, toezegging {toezegging_id}"
    registernummer = _tekst(record, "Nummer", waar, verplicht=True)
    if not registernummer:
        raise _ongeldig(waar, "de toezegging heeft geen nummer")
    if len(registernummer) > REGISTERNUMMER_LENGTE:
        raise _ongeldig(
            waar, f"het nummer {registernummer[:40]!r} is langer dan {REGISTERNUMMER_LENGTE} tekens"
        )
    return Toezeggingsgegevens(
        toezegging_id=toezegging_id,
        registernummer=registernummer,
        tekst=_tekst(record, "Tekst", waar),
        bewindspersoon=_tekst(record, "Naam", waar),
        functie=_tekst(record, "Functie", waar),
        ministerie=_tekst(record, "Ministerie", waar),
        status=_tekst(record, "Status", waar),
        datum=_datum_of_geen(record.get("Aanmaakdatum"), waar),
        datum_nakoming=_datum_of_geen(record.get("DatumNakoming"), waar),
        activiteit=_activiteit(_lijst(record, "Activiteit", waar), waar),
        kamerbrief=_kamerbrief(_lijst(record, "KamerbriefNakoming", waar), waar),
        gewijzigd_op=_tekst(record, "GewijzigdOp", waar),
    )


def _datum_of_geen(waarde, waar):
    datum = _datum(waarde, waar)
    # The register writes 0001-01-01 where it has no date.
    return None if datum is None or datum.year <= 1 else datum


def _activiteit(activiteiten, waar):
    """How the debate or meeting is named: 'Commissiedebat: Hersteloperatie kinderopvangtoeslag'."""
    if not activiteiten:
        return ""
    activiteit = activiteiten[0]
    delen = [_tekst(activiteit, "Soort", waar), _tekst(activiteit, "Onderwerp", waar)]
    return ": ".join(deel for deel in delen if deel)


def _kamerbrief(documenten, waar):
    """The fulfilling letter; of several, the latest."""
    brieven = [_lees_brief(document, waar) for document in documenten]
    return max(brieven, key=lambda b: (b.datum or datetime.date.min, b.documentnummer), default=None)


def _lees_brief(document, waar):
    document_id = _tekst(document, "Id", waar, verplicht=True)
    waar = f"{waar}, kamerbrief {document_id}"
    volgnummer = document.get("Volgnummer")
    if volgnummer is not None and (not isinstance(volgnummer, int) or isinstance(volgnummer, bool)):
        raise _ongeldig(waar, "het volgnummer is geen geheel getal")
    dossiers = _lijst(document, "Kamerstukdossier", waar)
    dossier = dossiers[0].get("Nummer") if dossiers else None
    if dossier is not None and (not isinstance(dossier, int) or isinstance(dossier, bool)):
        raise _ongeldig(waar, "het dossiernummer is geen geheel getal")
    kamerstuk = f"{dossier}-{volgnummer}" if dossier and volgnummer else ""
    titel = _tekst(document, "Titel", waar) or _tekst(document, "Onderwerp", waar)
    documentnummer = _tekst(document, "DocumentNummer", waar)
    if not (titel or documentnummer):
        raise _ongeldig(waar, "de kamerbrief heeft geen titel en geen nummer")
    return Kamerbrief(
        document_id=document_id,
        documentnummer=documentnummer,
        titel=titel or documentnummer,
        datum=_datum(document.get("Datum"), waar),
        kamerstuk=kamerstuk,
    )
