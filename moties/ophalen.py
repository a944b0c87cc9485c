"""Fetching the Tweede Kamer's data on the motions and the commitments of the followed dossiers
(moties.enquete) and storing it with the motions and as proposed commitments (moties.toezeggingen).

A run first reads every page of every answer for every dossier (moties.tweedekamer,
moties.toezeggingen_tk), outside any
transaction, and only then writes, in one transaction: a timeout, an error status or an answer that is
cut off or malformed, for any dossier, leaves every motion's previous data as it was. A motion whose
data did not change only gets a new `opgehaald_op` (no history record); one whose decision, votes or
cabinet's view changed is saved, with history, and its votes replaced.

Run by `python manage.py haal_kamerdata` (in that process, or with --achtergrond as a job) and once a
day by the workers (JOBS_DAGELIJKS, start_dagelijks). The job retries a failure that may pass (timeout,
server error, an answer cut off) through jobs.taken, which waits longer before each new attempt; after
the last attempt, or for a failure that will not pass, it fails with the Dutch message of the cause.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.models import Job
from jobs.taken import MAX_POGINGEN, Mislukt, do_start
from lib import paginacache

from . import toezeggingen_tk, tweedekamer
from .enquete import gevolgde_dossiers
from .models import Fractiestem, Kamerdata, Opdracht, Soort
from .toezeggingen import Toezeggingenverslag, bewaar_toezeggingen

# The fields of Kamerdata that come from the Zaak, compared to decide whether anything changed.
VELDEN = (
    "zaak_id",
    "zaaknummer",
    "titel",
    "onderwerp",
    "datum",
    "kabinetsappreciatie",
    "afgedaan",
    "besluitsoort",
    "besluittekst",
    "stemmingssoort",
    "zetels_voor",
    "zetels_tegen",
)


def basis_url():
    return settings.TK_ODATA_URL


def maak_client():
    """The HTTP client of a real run. Tests replace it (the one stand-in: the Tweede Kamer's server)."""
    return tweedekamer.UrllibClient(timeout=settings.TK_ODATA_TIMEOUT)


@dataclass
class Verslag:
    """What a run did, for the command's output and the job's progress text."""

    bijgewerkt: list = field(default_factory=list)  # motion keys whose data was new or changed
    ongewijzigd: list = field(default_factory=list)
    zonder_gegevens: list = field(default_factory=list)  # our motions the Kamer's answer did not have
    onbekend: int = 0  # motions of the followed dossiers that pokvolg does not track
    toezeggingen: Toezeggingenverslag = field(default_factory=Toezeggingenverslag)

    def tekst(self):
        delen = [
            _("%(n)s motie(s) bijgewerkt, %(m)s ongewijzigd")
            % {"n": len(self.bijgewerkt), "m": len(self.ongewijzigd)}
        ]
        if self.zonder_gegevens:
            delen.append(
                _("geen gegevens bij de Tweede Kamer voor %(moties)s")
                % {"moties": ", ".join(self.zonder_gegevens)}
            )
        if self.onbekend:
            delen.append(_("%(n)s andere motie(s) in het dossier overgeslagen") % {"n": self.onbekend})
        delen.extend(self.toezeggingen.delen())
        return "; ".join(delen) + "."


def ververs(client=None, nu=None):
    """Fetch every followed dossier, then store; a Verslag, or KamerdataFout (nothing written) when an
    answer cannot be used."""
    client = client or maak_client()
    dossiers = gevolgde_dossiers()
    zaken = {dossier: tweedekamer.haal_zaken(client, basis_url(), dossier) for dossier in dossiers}
    toezeggingen = {
        dossier: toezeggingen_tk.haal_toezeggingen(client, basis_url(), dossier) for dossier in dossiers
    }
    return bewaar(zaken, toezeggingen, nu=nu)


def _per_sleutel(zaken_per_dossier):
    """(dossier, motion number) -> Zaakgegevens. When two Zaken carry one number (a record that appears
    on two pages), the one the Kamer changed last wins."""
    gekozen = {}
    for dossier, zaken in zaken_per_dossier.items():
        for zaak in sorted(zaken, key=lambda z: z.gewijzigd_op):
            for nummer in zaak.volgnummers:
                gekozen[(dossier, nummer)] = zaak
    return gekozen


def _waarden(zaak):
    return {veld: getattr(zaak, veld) for veld in VELDEN}


@transaction.atomic
def bewaar(zaken_per_dossier, toezeggingen_per_dossier=None, nu=None):
    """Store the Zaakgegevens of one run ({dossier: [Zaakgegevens]}) with the motions they belong to, and
    its commitments ({dossier: [Toezeggingsgegevens]}, moties.toezeggingen), in one transaction."""
    nu = nu or timezone.now()
    per_sleutel = _per_sleutel(zaken_per_dossier)
    # Locking the motions makes two runs at once (the command beside the daily job) write one by one.
    moties = list(
        Opdracht.objects.select_for_update()
        .filter(soort=Soort.MOTIE, dossier__in=list(zaken_per_dossier))
        .order_by("dossier", "nummer")
    )
    gevonden = [motie for motie in moties if (motie.dossier, motie.nummer) in per_sleutel]
    for dossier in zaken_per_dossier:
        gevolgd = [m for m in moties if m.dossier == dossier]
        if gevolgd and not any((m.dossier, m.nummer) in per_sleutel for m in gevolgd):
            # An answer without any of the motions the Kamer voted on is a fault at the other end, not news.
            raise tweedekamer.KamerdataFout(
                _(
                    "Het antwoord van de Tweede Kamer bevat geen van de moties van dossier %(dossier)s die "
                    "pokvolg volgt. De vorige gegevens blijven staan."
                )
                % {"dossier": dossier}
            )
    bestaand = {
        k.opdracht_id: k for k in Kamerdata.objects.filter(opdracht__in=gevonden).prefetch_related("stemmen")
    }
    verslag = Verslag(zonder_gegevens=[m.sleutel for m in moties if (m.dossier, m.nummer) not in per_sleutel])
    bekend = set()
    for motie in gevonden:
        zaak = per_sleutel[(motie.dossier, motie.nummer)]
        bekend |= {(motie.dossier, nummer) for nummer in zaak.volgnummers}
        waarden = _waarden(zaak)
        stemmen = [
            Fractiestem(
                fractie=s.fractie[:200],
                naam=s.naam[:200],
                soort=s.soort,
                zetels=s.zetels,
                vergissing=s.vergissing,
                volgorde=i,
            )
            for i, s in enumerate(zaak.stemmen)
        ]
        kamerdata = bestaand.get(motie.pk)
        if kamerdata is not None and _ongewijzigd(kamerdata, waarden, stemmen):
            verslag.ongewijzigd.append(motie.sleutel)
            continue
        if kamerdata is None:
            kamerdata = Kamerdata(opdracht=motie)
        for veld, waarde in waarden.items():
            setattr(kamerdata, veld, _ingekort(veld, waarde))
        kamerdata.opgehaald_op = nu
        kamerdata._change_reason = _("Opgehaald bij de Tweede Kamer")
        kamerdata.save()
        kamerdata.stemmen.all().delete()
        for stem in stemmen:
            stem.kamerdata = kamerdata
        Fractiestem.objects.bulk_create(stemmen)
        verslag.bijgewerkt.append(motie.sleutel)
    # Unchanged data was fetched too: only its time moves, without a history record. Motions the answer
    # did not have keep the time they were last found.
    Kamerdata.objects.filter(opdracht__in=gevonden).update(opgehaald_op=nu)
    verslag.onbekend = len(set(per_sleutel) - bekend)
    verslag.toezeggingen = bewaar_toezeggingen(toezeggingen_per_dossier or {}, nu)
    transaction.on_commit(paginacache.nieuwe_versie)
    return verslag


def _ingekort(veld, waarde):
    lengte = getattr(Kamerdata._meta.get_field(veld), "max_length", None)
    if lengte and isinstance(waarde, str):
        return waarde[:lengte]
    return waarde


def _ongewijzigd(kamerdata, waarden, stemmen):
    if any(getattr(kamerdata, veld) != _ingekort(veld, waarde) for veld, waarde in waarden.items()):
        return False
    oud = [(s.fractie, s.naam, s.soort, s.zetels, s.vergissing) for s in kamerdata.stemmen.all()]
    return oud == [(s.fractie, s.naam, s.soort, s.zetels, s.vergissing) for s in stemmen]


# The job


def ververs_kamerdata(progress, datum=None):
    """Job: fetch and store. A failure that may pass is raised as it is, so that jobs.taken tries again
    (waiting longer each time); after the last attempt, and for any other failure, the job fails with the
    Dutch message of the cause. `datum` only names the day of a daily run."""
    progress.zet(0, 1, _("Gegevens opvragen bij de Tweede Kamer"))
    try:
        verslag = ververs()
    except tweedekamer.KamerdataFout as fout:
        if fout.tijdelijk and progress.job.pogingen < MAX_POGINGEN:
            raise
        raise Mislukt(str(fout)) from fout
    progress.zet(1, 1, verslag.tekst())
    return reverse("moties")


def start_ophalen(eigenaar=None):
    """The fetch as a background job (one at a time)."""
    return do_start(
        ververs_kamerdata,
        _("Gegevens van de Tweede Kamer over de moties ophalen"),
        sleutel="kamerdata",
        eigenaar=eigenaar,
    )


def _sleutel(vandaag):
    return f"kamerdata:{vandaag.isoformat()}"


def start_dagelijks(vandaag=None):
    """The daily fetch, started by the workers' planner (jobs/planner.py) every few minutes from its hour:
    keyed on the day, it starts once that day, also when it failed (its own attempts are its retries).
    (job, True) when it started now, (job, False) when that day's job already exists."""
    vandaag = vandaag or timezone.localdate()
    sleutel = _sleutel(vandaag)
    eerder = Job.objects.filter(sleutel=sleutel).first()
    if eerder is not None:
        return eerder, False
    job = do_start(
        ververs_kamerdata,
        _("Gegevens van de Tweede Kamer over de moties van %(datum)s") % {"datum": vandaag.isoformat()},
        sleutel=sleutel,
        datum=vandaag.isoformat(),
    )
    return job, True
