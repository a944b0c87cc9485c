"""The Tweede Kamer's open data on motions: the query to its Gegevensmagazijn (OData v4) and the reading
of the answers. Plain Python, no Django, so that it is tested without a database.

One query asks for every `Zaak` of `Soort` 'Motie' in a Kamerstukdossier, with its documents (whose
`Volgnummer` is the motion's number in the dossier, the 21 of the key <dossier>-21) and its decisions
(`Besluit`) with the votes per party (`Stemming`). The server gives at most 250 records a page and
points to the next page with `@odata.nextLink`; `haal_zaken` follows it. Records marked `Verwijderd`
are skipped at every level: the Gegevensmagazijn keeps deleted records and only marks them.

The HTTP client is a callable `client(url) -> Antwoord` (`UrllibClient` by default), so tests give
answers from files instead of the network. Every failure is a KamerdataFout whose message is Dutch
and fit for the person who started the run; `tijdelijk` says whether trying again later can help.
"""

import datetime
import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
import zoneinfo
from dataclasses import dataclass

STANDAARD_URL = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/"
STANDAARD_TIMEOUT = 30
# A run of one dossier has a few hundred motions at most; a server whose nextLinks never end is wrong.
MAX_PAGINAS = 50
# The Tweede Kamer has 150 seats; a vote whose seats add up to more is not one vote.
ZETELS = 150
STEMSOORTEN = ("Voor", "Tegen", "Niet deelgenomen")
# OData dates without an offset, and the dates shown, are Dutch time.
TIJDZONE = zoneinfo.ZoneInfo("Europe/Amsterdam")


class KamerdataFout(Exception):
    """The Tweede Kamer's answer could not be used; the message is Dutch, for the user."""

    def __init__(self, melding, tijdelijk=False):
        super().__init__(melding)
        self.tijdelijk = tijdelijk


@dataclass(frozen=True)
class Antwoord:
    status: int
    inhoud: bytes


@dataclass(frozen=True)
class Stem:
    """One Stemming record: how a party (or, in a roll-call vote, one member) voted."""

    fractie: str
    naam: str
    soort: str
    zetels: int
    vergissing: bool


@dataclass(frozen=True)
class Zaakgegevens:
    """What the Tweede Kamer knows about one motion."""

    zaak_id: str
    zaaknummer: str
    volgnummers: tuple
    titel: str
    onderwerp: str
    datum: datetime.date | None
    kabinetsappreciatie: str
    afgedaan: bool | None
    gewijzigd_op: str
    besluitsoort: str
    besluittekst: str
    stemmingssoort: str
    stemmen: tuple

    def zetels(self, soort):
        return sum(stem.zetels for stem in self.stemmen if stem.soort == soort)

    @property
    def zetels_voor(self):
        return self.zetels("Voor") if self.stemmen else None

    @property
    def zetels_tegen(self):
        return self.zetels("Tegen") if self.stemmen else None


def zaken_url(basis, dossier):
    """The first page of the motions of `dossier`, with their documents, decisions and votes."""
    filter_ = (
        f"Soort eq 'Motie' and Verwijderd eq false and Kamerstukdossier/any(d: d/Nummer eq {int(dossier)})"
    )
    parameters = {
        "$filter": filter_,
        "$expand": "Document($select=Id,Soort,Volgnummer,Verwijderd),Besluit($expand=Stemming)",
        "$orderby": "GestartOp",
    }
    # OData's own characters stay as they are, so that the URL in a log reads like the documentation.
    query = urllib.parse.urlencode(parameters, safe="$(),'/:=", quote_via=urllib.parse.quote)
    return basis.rstrip("/") + "/Zaak?" + query


class UrllibClient:
    """The HTTP client of a real run: a GET with a timeout. An error status is an Antwoord like any other;
    a timeout or a failing connection raises what urllib raises, which haal_zaken turns into a message."""

    def __init__(self, timeout=STANDAARD_TIMEOUT):
        self.timeout = timeout

    def __call__(self, url):
        verzoek = urllib.request.Request(
            url, headers={"Accept": "application/json", "User-Agent": "pokvolg (moties)"}
        )
        try:
            with urllib.request.urlopen(verzoek, timeout=self.timeout) as antwoord:
                return Antwoord(antwoord.status, antwoord.read())
        except urllib.error.HTTPError as fout:
            return Antwoord(fout.code, fout.read() if fout.fp else b"")


def _vraag(client, url, pagina):
    """The client's Antwoord; whatever the network raises as a KamerdataFout that may pass."""
    try:
        return client(url)
    except (TimeoutError, urllib.error.URLError, http.client.HTTPException, OSError) as fout:
        reden = getattr(fout, "reason", fout)
        if isinstance(reden, TimeoutError):
            wachttijd = getattr(client, "timeout", None)
            binnen = f" binnen {wachttijd} seconden" if wachttijd else " op tijd"
            melding = f"Het Gegevensmagazijn van de Tweede Kamer gaf{binnen} geen antwoord (pagina {pagina})."
        elif isinstance(fout, http.client.HTTPException):
            # IncompleteRead and the like: the answer stopped halfway.
            melding = f"Het antwoord van de Tweede Kamer kwam niet volledig aan (pagina {pagina})."
        else:
            melding = (
                f"Het Gegevensmagazijn van de Tweede Kamer is niet bereikbaar ({reden}; pagina {pagina})."
            )
        raise KamerdataFout(melding + " De vorige gegevens blijven staan.", tijdelijk=True) from fout


def _zelfde_server(url, basis):
    a, b = urllib.parse.urlsplit(url), urllib.parse.urlsplit(basis)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)


def haal_zaken(client, basis, dossier):
    """Every motion of `dossier` as Zaakgegevens, all pages read before anything is returned: a page that
    fails fails the whole run, so no half answer is ever stored."""
    return haal_alle_paginas(client, basis, zaken_url(basis, dossier), lees_pagina)


def haal_alle_paginas(client, basis, url, lees):
    """What `lees(data, pagina)` makes of every page from `url` on, following @odata.nextLink; all pages
    read before anything is returned."""
    records = []
    for pagina in range(1, MAX_PAGINAS + 1):
        data = _pagina(client, url, pagina)
        records.extend(lees(data, pagina))
        volgende = data.get("@odata.nextLink")
        if volgende is None:
            return records
        if not isinstance(volgende, str) or not volgende:
            raise _ongeldig(pagina, "de verwijzing naar de volgende pagina is geen adres")
        url = urllib.parse.urljoin(url, volgende)
        if not _zelfde_server(url, basis):
            raise _ongeldig(pagina, "de volgende pagina staat op een andere server")
    raise KamerdataFout(
        f"Het antwoord van de Tweede Kamer had meer dan {MAX_PAGINAS} pagina's; er is niets bewaard."
    )


def _pagina(client, url, pagina):
    antwoord = _vraag(client, url, pagina)
    if antwoord.status == 429 or antwoord.status >= 500:
        raise KamerdataFout(
            f"Het Gegevensmagazijn van de Tweede Kamer antwoordde met foutcode {antwoord.status} "
            f"(pagina {pagina}). De vorige gegevens blijven staan.",
            tijdelijk=True,
        )
    if antwoord.status != 200:
        raise KamerdataFout(
            f"Het Gegevensmagazijn van de Tweede Kamer weigerde de vraag met foutcode {antwoord.status} "
            f"(pagina {pagina}). De vorige gegevens blijven staan."
        )
    try:
        data = json.loads(antwoord.inhoud)
    except (UnicodeDecodeError, ValueError) as fout:
        # A body cut off halfway (a dropped connection) reads as invalid JSON; the next try may get it whole.
        raise KamerdataFout(
            f"Het antwoord van de Tweede Kamer is onvolledig of geen geldige JSON (pagina {pagina}). "
            "De vorige gegevens blijven staan.",
            tijdelijk=True,
        ) from fout
    if not isinstance(data, dict) or not isinstance(data.get("value"), list):
        raise _ongeldig(pagina, "er staat geen lijst 'value' in")
    return data


def _ongeldig(waar, waarom):
    """`waar`: a page number or a place in the answer ('pagina 2, record 5')."""
    if isinstance(waar, int):
        waar = f"pagina {waar}"
    return KamerdataFout(
        f"Het antwoord van de Tweede Kamer is onbruikbaar ({waar}): {waarom}. "
        "De vorige gegevens blijven staan."
    )


def lees_pagina(data, pagina=1):
    """The motions on one page of the answer (a dict with 'value'); deleted records left out."""
    zaken = []
    for i, record in enumerate(data["value"], start=1):
        if not isinstance(record, dict):
            raise _ongeldig(pagina, f"record {i} is geen object")
        if _verwijderd(record):
            continue
        zaken.append(lees_zaak(record, f"pagina {pagina}, record {i}"))
    return zaken


def _verwijderd(record):
    return record.get("Verwijderd") is True


def _tekst(record, veld, waar, verplicht=False):
    waarde = record.get(veld)
    if waarde is None:
        if verplicht:
            raise _ongeldig(waar, f"veld {veld} ontbreekt")
        return ""
    if not isinstance(waarde, str):
        raise _ongeldig(waar, f"veld {veld} is geen tekst")
    return waarde.strip()


def _lijst(record, veld, waar):
    waarde = record.get(veld)
    if waarde is None:
        return []
    if not isinstance(waarde, list) or not all(isinstance(r, dict) for r in waarde):
        raise _ongeldig(waar, f"{veld} is geen lijst van records")
    return [r for r in waarde if not _verwijderd(r)]


def _geheel(waarde):
    return isinstance(waarde, int) and not isinstance(waarde, bool)


def _datum(waarde, waar):
    """The date of an OData Edm.DateTimeOffset (or a datetime without offset, taken as Dutch time)."""
    if waarde is None:
        return None
    try:
        moment = datetime.datetime.fromisoformat(waarde)
    except (TypeError, ValueError):
        raise _ongeldig(waar, f"{waarde!r} is geen datum") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(TIJDZONE)
    return moment.date()


def lees_zaak(record, waar="record"):
    """One Zaak record with its expanded Document and Besluit(Stemming) records."""
    zaak_id = _tekst(record, "Id", waar, verplicht=True)
    waar = f"{waar}, zaak {zaak_id}"
    if _tekst(record, "Soort", waar, verplicht=True) != "Motie":
        raise _ongeldig(waar, "de zaak is geen motie")
    afgedaan = record.get("Afgedaan")
    if afgedaan is not None and not isinstance(afgedaan, bool):
        raise _ongeldig(waar, "Afgedaan is geen ja of nee")
    besluit = kies_besluit(_lijst(record, "Besluit", waar))
    stemmen = ()
    if besluit is not None:
        stemmen = tuple(
            _lees_stem(s, f"{waar}, stemming {i}")
            for i, s in enumerate(_lijst(besluit, "Stemming", waar), start=1)
        )
        totaal = sum(stem.zetels for stem in stemmen)
        if totaal > ZETELS:
            raise _ongeldig(waar, f"de stemming telt {totaal} zetels, meer dan de {ZETELS} van de Kamer")
    return Zaakgegevens(
        zaak_id=zaak_id,
        zaaknummer=_tekst(record, "Nummer", waar),
        volgnummers=_volgnummers(record, waar),
        titel=_tekst(record, "Titel", waar),
        onderwerp=_tekst(record, "Onderwerp", waar),
        datum=_datum(record.get("GestartOp"), waar),
        kabinetsappreciatie=_tekst(record, "Kabinetsappreciatie", waar),
        afgedaan=afgedaan,
        gewijzigd_op=_tekst(record, "GewijzigdOp", waar),
        besluitsoort=_tekst(besluit, "BesluitSoort", waar) if besluit else "",
        besluittekst=_tekst(besluit, "BesluitTekst", waar) if besluit else "",
        stemmingssoort=_tekst(besluit, "StemmingsSoort", waar) if besluit else "",
        stemmen=stemmen,
    )


def _volgnummers(record, waar):
    """The motion's numbers in its dossier: the Volgnummer of its documents, else the Zaak's own."""
    nummers = []
    for document in _lijst(record, "Document", waar):
        nummer = document.get("Volgnummer")
        if nummer is not None and not _geheel(nummer):
            raise _ongeldig(waar, "het volgnummer van een document is geen geheel getal")
        if nummer and nummer > 0 and nummer not in nummers:
            nummers.append(nummer)
    if not nummers and _geheel(record.get("Volgnummer")) and record["Volgnummer"] > 0:
        nummers.append(record["Volgnummer"])
    return tuple(nummers)


def kies_besluit(besluiten):
    """The decision that tells how the motion ended: one with votes before one without, a taken decision
    (Status 'Besluit') before a proposal, and of those the latest changed."""

    def gewicht(besluit):
        stemmen = [s for s in besluit.get("Stemming") or [] if isinstance(s, dict) and not _verwijderd(s)]
        gewijzigd = besluit.get("GewijzigdOp")
        return (
            bool(stemmen),
            besluit.get("Status") == "Besluit",
            gewijzigd if isinstance(gewijzigd, str) else "",
        )

    return max(besluiten, key=gewicht, default=None)


def _lees_stem(record, waar):
    soort = _tekst(record, "Soort", waar, verplicht=True)
    if soort not in STEMSOORTEN:
        raise _ongeldig(waar, f"onbekende stem {soort!r}")
    fractie = _tekst(record, "ActorFractie", waar)
    naam = _tekst(record, "ActorNaam", waar)
    if not (fractie or naam):
        raise _ongeldig(waar, "de stem heeft geen fractie")
    vergissing = record.get("Vergissing")
    if vergissing is not None and not isinstance(vergissing, bool):
        raise _ongeldig(waar, "Vergissing is geen ja of nee")
    if record.get("Persoon_Id"):
        # A roll-call vote: one record per member, each one seat.
        zetels = 1
    else:
        zetels = record.get("FractieGrootte")
        if not _geheel(zetels) or not 0 <= zetels <= ZETELS:
            raise _ongeldig(waar, f"FractieGrootte {zetels!r} is geen aantal zetels")
    return Stem(fractie=fractie or naam, naam=naam, soort=soort, zetels=zetels, vergissing=bool(vergissing))
