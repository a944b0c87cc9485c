"""Write annex data (importeer.formaat.Bijlage) into the database, whole or not at all."""

from __future__ import annotations

import datetime
import itertools
import threading
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, replace

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from simple_history.signals import pre_create_historical_record

from acties.models import GEDATEERD_OP, Actie, ActieMinisterie, ActieOpdracht, Ministerie, Rol, Status, Thema
from lib.tekst import normaliseer, normaliseer_regel
from moties.enquete import hoofddossier
from moties.models import Opdracht, Soort
from rapportage import ronde
from rapportage.models import Rapportage, Voortgang

from .formaat import Bijlage, BijlageFout, OpdrachtVerwijzing

STANDAARD_STATUS = Status.IN_UITVOERING
# Rapportage.inleiding and Thema.slug are at most this long (the model fields' max_length).
MAX_INLEIDING = Rapportage._meta.get_field("inleiding").max_length
MAX_SLUG = Thema._meta.get_field("slug").max_length


@dataclass
class ActieVerschil:
    nummer: int
    nieuw: bool
    velden: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def gewijzigd(self):
        return not self.nieuw and bool(self.velden)


@dataclass
class Samenvatting:
    verschillen: list[ActieVerschil]
    moties_nieuw: list[str]
    waarschuwingen: list[str]
    rapportage: Rapportage | None = None

    @property
    def nieuw(self):
        return [v.nummer for v in self.verschillen if v.nieuw]

    @property
    def gewijzigd(self):
        return [v.nummer for v in self.verschillen if v.gewijzigd]

    @property
    def ongewijzigd(self):
        return [v.nummer for v in self.verschillen if not v.nieuw and not v.velden]

    def als_tekst(self):
        regels = [
            f"Acties nieuw: {len(self.nieuw)}, gewijzigd: {len(self.gewijzigd)}, "
            f"ongewijzigd: {len(self.ongewijzigd)}.",
            f"Moties nieuw: {len(self.moties_nieuw)}"
            + (f" ({', '.join(self.moties_nieuw)})." if self.moties_nieuw else "."),
        ]
        for v in self.verschillen:
            if v.gewijzigd:
                regels.append(f"  Actie {v.nummer} gewijzigd: {', '.join(v.velden)}.")
        regels += [f"Waarschuwing: {w}" for w in self.waarschuwingen]
        return "\n".join(regels)


def _motie_tekst(paren):
    """'21 deel 2; 16 deel 1' from (motion number, part) pairs, for a readable diff."""
    return "; ".join(f"{nummer}" + (f" deel {deel}" if deel else "") for nummer, deel in sorted(paren))


def _opdracht_tekst(paren):
    """'toezegging TZ202103-011; aanbeveling: <titel> deel 2' from (item as named, part), for a readable
    diff."""
    return "; ".join(naam + (f" deel {deel}" if deel else "") for naam, deel in sorted(paren))


def _naam(opdracht) -> str:
    """An item other than a motion as the annex names it: a commitment by its register number, else by its
    title."""
    if opdracht.registernummer:
        return f"{opdracht.soort} {opdracht.registernummer}"
    return f"{opdracht.soort}: {opdracht.titel}"


def _genormaliseerd(bijlage: Bijlage) -> Bijlage:
    """The annex with its free texts in the form the database stores them (lib.tekst), so that neither the
    preview nor the loading sees a change where only line ends, trailing spaces or Unicode form differ."""
    acties = [
        replace(
            rij,
            omschrijving=normaliseer(rij.omschrijving),
            stand_van_zaken=normaliseer(rij.stand_van_zaken),
            moties=[replace(m, indieners=normaliseer_regel(m.indieners)) for m in rij.moties],
        )
        for rij in bijlage.acties
    ]
    return replace(
        bijlage,
        acties=acties,
        titel=normaliseer_regel(bijlage.titel),
        inleiding=normaliseer(bijlage.inleiding),
    )


def vergelijkingsronde(titel):
    """The round an import is compared with: the round it would replace (same title), else the latest
    published one; None when there is none yet."""
    return Rapportage.objects.filter(titel=titel).first() or Rapportage.objects.gepubliceerd().first()


def vergelijk(bijlage: Bijlage, rapportage: Rapportage | None = None) -> list[ActieVerschil]:
    """What importing this annex would change, per action: descriptions, themes, motions and ministries
    against the current data, texts and statuses against `rapportage` (default: the latest published
    round)."""
    bijlage = _genormaliseerd(bijlage)
    if rapportage is None:
        rapportage = Rapportage.objects.gepubliceerd().first()
    nummers = [a.nummer for a in bijlage.acties]
    bestaand = {
        a.nummer: a
        for a in Actie.objects.filter(nummer__in=nummers)
        .select_related("thema__hoofdthema")
        .prefetch_related("actieopdrachten__opdracht", "actieministeries__ministerie")
    }
    teksten = {
        v.actie.nummer: v
        for v in Voortgang.objects.filter(rapportage=rapportage, actie__nummer__in=nummers).select_related(
            "actie"
        )
    }
    verschillen = []
    for rij in bijlage.acties:
        actie = bestaand.get(rij.nummer)
        if actie is None:
            verschillen.append(ActieVerschil(rij.nummer, nieuw=True))
            continue
        velden = {}
        paren = {
            "omschrijving": (actie.omschrijving, rij.omschrijving),
            "thema": (actie.hoofdthema.naam, rij.thema),
            "subthema": (actie.subthema.naam if actie.subthema else "", rij.subthema or ""),
            "moties": (
                _motie_tekst(
                    (m.opdracht.nummer, m.deel)
                    for m in actie.actieopdrachten.all()
                    if m.opdracht.soort == Soort.MOTIE
                ),
                _motie_tekst((m.nummer, m.deel) for m in rij.moties),
            ),
        }
        if rij.opdrachten is not None:
            paren["opdrachten"] = (
                _opdracht_tekst(
                    (_naam(k.opdracht), k.deel or 0)
                    for k in actie.actieopdrachten.all()
                    if k.opdracht.soort != Soort.MOTIE
                ),
                _opdracht_tekst((_naam(o), o.deel or 0) for o in rij.opdrachten),
            )
        if rij.ministeries:
            paren["ministeries"] = (
                ", ".join(m.ministerie.afkorting for m in actie.actieministeries.all()),
                ", ".join(rij.ministeries),
            )
        huidig = teksten.get(rij.nummer)
        paren["stand_van_zaken"] = (huidig.tekst if huidig else "", rij.stand_van_zaken)
        if rij.status:
            paren["status"] = (huidig.status if huidig else "", rij.status)
        for naam, (oud, nieuw) in paren.items():
            if oud != nieuw:
                velden[naam] = (oud, nieuw)
        verschillen.append(ActieVerschil(rij.nummer, nieuw=False, velden=velden))
    return verschillen


def _bewaar(obj, reden, **waarden):
    """Set fields and save only when something differs, so an unchanged import writes no history."""
    gewijzigd = obj.pk is None
    for naam, waarde in waarden.items():
        if getattr(obj, naam) != waarde:
            setattr(obj, naam, waarde)
            gewijzigd = True
    if gewijzigd:
        obj._change_reason = reden
        obj.save()
    return gewijzigd


def _vrije_slug(naam, hoofdthema):
    """A slug no theme has yet, within what the column holds: the name's; if taken, a sub-theme's with its
    main theme's name before it; if that is taken too (a long main theme's name fills the column), numbered.
    A name without letters or digits (a dash) still gets one."""
    kandidaten = [slugify(naam)]
    if hoofdthema is not None:
        kandidaten.append(slugify(f"{hoofdthema.naam} {naam}"))
    kandidaten = [k[:MAX_SLUG].strip("-") or "thema" for k in kandidaten]
    for slug in kandidaten:
        if not Thema.objects.filter(slug=slug).exists():
            return slug
    for n in itertools.count(2):
        nummer = f"-{n}"
        slug = kandidaten[-1][: MAX_SLUG - len(nummer)].rstrip("-") + nummer
        if not Thema.objects.filter(slug=slug).exists():
            return slug


def _thema(naam, hoofdthema, volgorde, reden):
    thema = Thema.objects.filter(naam=naam, hoofdthema=hoofdthema).first()
    if thema is None:
        elders = Thema.objects.filter(naam=naam).exclude(hoofdthema=hoofdthema).first()
        if elders is not None:
            waar = f"onder '{elders.hoofdthema}'" if elders.hoofdthema else "als hoofdthema"
            raise BijlageFout(
                f"Thema '{naam}' bestaat al {waar}; de bijlage plaatst het "
                + (f"onder '{hoofdthema}'." if hoofdthema else "als hoofdthema.")
            )
        thema = Thema(naam=naam, hoofdthema=hoofdthema, slug=_vrije_slug(naam, hoofdthema))
    _bewaar(thema, reden, volgorde=volgorde)
    return thema


def _ministeries(afkortingen, nummer):
    gevonden = []
    for tekst in afkortingen:
        m = Ministerie.objects.filter(Q(afkorting__iexact=tekst) | Q(naam__iexact=tekst)).first()
        if m is None:
            raise BijlageFout(f"Actie {nummer}: onbekend ministerie '{tekst}'.")
        gevonden.append(m)
    return gevonden


def _koppel_ministeries(actie, ministeries, reden):
    gewenst = {
        m.pk: (Rol.EERSTVERANTWOORDELIJK if i == 0 else Rol.BETROKKEN) for i, m in enumerate(ministeries)
    }
    for link in actie.actieministeries.all():
        if link.ministerie_id not in gewenst:
            link._change_reason = reden
            link.delete()
    bestaand = {link.ministerie_id: link for link in actie.actieministeries.all()}
    # Demote the old lead first so the one-lead-per-action constraint holds at every save.
    for pk, link in bestaand.items():
        if gewenst[pk] == Rol.BETROKKEN:
            _bewaar(link, reden, rol=Rol.BETROKKEN)
    for pk, rol in gewenst.items():
        link = bestaand.get(pk) or ActieMinisterie(actie=actie, ministerie_id=pk)
        _bewaar(link, reden, rol=rol)


def _titelsleutel(titel: str) -> str:
    """A title as compared with the register's: a PDF may break or join its words differently."""
    return "".join(titel.split()).lower()


def _zoek_opdracht(verwijzing: OpdrachtVerwijzing, register: list[Opdracht]) -> list[Opdracht]:
    """The items of ``register`` (the items other than motions) a citation may mean: of its kind, with its
    register number, or else with its title (and Kamerstuk, where it names one)."""
    kandidaten = [o for o in register if o.soort == verwijzing.soort]
    if verwijzing.registernummer:
        return [o for o in kandidaten if o.registernummer.lower() == verwijzing.registernummer.lower()]
    if verwijzing.dossier is not None:
        kamerstuk = (verwijzing.dossier, verwijzing.nummer)
        kandidaten = [o for o in kandidaten if (o.dossier, o.nummer) == kamerstuk]
    return [o for o in kandidaten if _titelsleutel(o.titel) == _titelsleutel(verwijzing.titel)]


def _opdrachten(rij, register: list[Opdracht], waarschuwingen: list[str]) -> dict[int, int | None] | None:
    """{item pk: part} of the items other than motions an action's Herkomst cites; None when the annex does
    not say. A citation of no item, or of more than one, is skipped with a note: an annex never adds an
    item to the register, the redactie does."""
    if rij.opdrachten is None:
        return None
    gewenst = {}
    for v in rij.opdrachten:
        gevonden = _zoek_opdracht(v, register)
        genoemd = v.registernummer or v.titel
        if len(gevonden) == 1:
            gewenst[gevonden[0].pk] = v.deel
        elif not gevonden:
            waarschuwingen.append(
                f"actie {rij.nummer}: {v.soort} '{genoemd}' staat niet in het register; niet gekoppeld"
            )
        else:
            waarschuwingen.append(
                f"actie {rij.nummer}: {v.soort} '{genoemd}' past op {len(gevonden)} opdrachten; "
                "niet gekoppeld"
            )
    return gewenst


def _koppel_opdrachten(actie, verwijzingen, moties, andere, reden):
    """Link the action to the motions the annex names and, where it says (``andere`` not None), to those
    other items; where it does not say, the links to other items stay as they are."""
    bestaand = {link.opdracht_id: link for link in actie.actieopdrachten.select_related("opdracht")}
    gewenst = {
        moties[(v.dossier or hoofddossier(), v.nummer)].pk: (v.deel, v.indieners) for v in verwijzingen
    }
    if andere is None:
        andere = {pk: k.deel for pk, k in bestaand.items() if k.opdracht.soort != Soort.MOTIE}
    # The annex cites no submitters for other items: a link keeps what it names.
    gewenst |= {pk: (deel, bestaand[pk].vermelding if pk in bestaand else "") for pk, deel in andere.items()}
    for pk, link in bestaand.items():
        if pk not in gewenst:
            link._change_reason = reden
            link.delete()
    for pk, (deel, vermelding) in gewenst.items():
        link = bestaand.get(pk) or ActieOpdracht(actie=actie, opdracht_id=pk)
        _bewaar(link, reden, deel=deel, vermelding=vermelding)


def _datum(tekst, naam):
    try:
        return datetime.date.fromisoformat(tekst)
    except ValueError:
        raise BijlageFout(f"{naam} '{tekst}' is geen datum (JJJJ-MM-DD).") from None


def _moment_van(datum):
    """The closing moment of an imported round: its letter's date, at noon, so that the date reads the same
    in any time zone a reader (or the API's UTC) shows it in."""
    return timezone.make_aware(datetime.datetime.combine(datum, datetime.time(12)))


@contextmanager
def _gedateerd(moment, reden):
    """Inside this block, the history records this thread writes with the import's reason are dated
    `moment` (a new round's publication, its letter's date), not the time of loading: the public history
    then says when the cabinet reported it, and each change still finds the round it came from."""
    draad = threading.get_ident()

    def dateer(sender, history_instance, history_change_reason, **kwargs):
        if threading.get_ident() == draad and history_change_reason == reden:
            history_instance.history_date = moment

    pre_create_historical_record.connect(dateer, weak=False)
    # An action it changes (it saves only what differs) shows that date as "Gewijzigd" too.
    gedateerd = GEDATEERD_OP.set(moment)
    try:
        yield
    finally:
        GEDATEERD_OP.reset(gedateerd)
        pre_create_historical_record.disconnect(dateer)


def laad_bijlage(
    bijlage: Bijlage,
    *,
    rapportage_titel: str,
    peildatum: datetime.date | None = None,
    kamerstuk: str = "",
    briefdatum: datetime.date | None = None,
    gebruiker=None,
    reden: str,
    correctiereden: str = "",
    dry_run: bool = False,
) -> Samenvatting:
    """Load an annex as a published round, through rapportage.ronde.publiceer_import. Everything or
    nothing; with dry_run nothing is kept.

    A new title is published as version 1; a published round of that title gets a correction, which
    needs `correctiereden`; a running round of that title is refused (BijlageFout). The round's letter
    date, Kamerstuk and introduction come from the annex where it gives them and the caller does not; a
    new round with a letter date is published as of that date, not as of the import."""
    bijlage = _genormaliseerd(bijlage)
    if peildatum is None:
        if not bijlage.peildatum:
            raise BijlageFout("Geef een peildatum op; de bijlage noemt er geen.")
        peildatum = _datum(bijlage.peildatum, "Peildatum")
    if briefdatum is None and bijlage.briefdatum:
        briefdatum = _datum(bijlage.briefdatum, "Briefdatum")
    nummers = [a.nummer for a in bijlage.acties]
    if len(set(nummers)) != len(nummers):
        dubbel = sorted({n for n in nummers if nummers.count(n) > 1})
        raise BijlageFout(f"Actienummer {dubbel[0]} komt meer dan één keer voor.")

    waarschuwingen = list(bijlage.waarschuwingen)
    verschillen = vergelijk(bijlage, vergelijkingsronde(rapportage_titel))
    inleiding = bijlage.inleiding
    if len(inleiding) > MAX_INLEIDING:
        waarschuwingen.append(
            f"De inleiding van de bijlage is langer dan {MAX_INLEIDING} tekens en is niet overgenomen; "
            "vul de inleiding van de ronde zelf in."
        )
        inleiding = ""

    moties_nieuw, zonder_status = [], []

    def schrijf(rapportage):
        """What the annex says, written inside the round's publication step (after the round's first
        save, so that the history attributes each change to this import)."""
        themas = {}
        for i, t in enumerate(bijlage.themas):
            hoofd = _thema(t.naam, None, i, reden)
            themas[(t.naam, None)] = hoofd
            for j, sub in enumerate(t.subthemas):
                themas[(t.naam, sub)] = _thema(sub, hoofd, j, reden)

        # An annex's 'NR. 21 Motie …' is a motion of the inquiry's own dossier; a Herkomst column names
        # the dossier.
        moties = {}
        for rij in bijlage.acties:
            for v in rij.moties:
                dossier = v.dossier or hoofddossier()
                if (dossier, v.nummer) in moties:
                    continue
                motie = Opdracht.objects.filter(dossier=dossier, nummer=v.nummer).first()
                if motie is None:
                    motie = Opdracht(dossier=dossier, nummer=v.nummer, indieners=v.indieners)
                    _bewaar(motie, reden)
                    moties_nieuw.append(motie.sleutel)
                moties[(dossier, v.nummer)] = motie
        register = list(Opdracht.objects.exclude(soort=Soort.MOTIE))

        acties = []
        for rij in bijlage.acties:
            sleutel = (rij.thema, rij.subthema)
            if sleutel not in themas:
                raise BijlageFout(
                    f"Actie {rij.nummer}: thema '{rij.thema}' / subthema '{rij.subthema}' "
                    "ontbreekt in de themalijst."
                )
            actie = Actie.objects.filter(nummer=rij.nummer).first()
            if actie is None:
                # A new action is published with this round, in this transaction: it is created with the
                # status it gets, so its history does not show a change from "nog niet gestart".
                actie = Actie(nummer=rij.nummer, status=rij.status or STANDAARD_STATUS)
            _bewaar(actie, reden, omschrijving=rij.omschrijving, thema_id=themas[sleutel].pk)
            if rij.ministeries:
                _koppel_ministeries(actie, _ministeries(rij.ministeries, rij.nummer), reden)
            andere = _opdrachten(rij, register, waarschuwingen)
            _koppel_opdrachten(actie, rij.moties, moties, andere, reden)
            acties.append(actie)

        bestaande_voortgang = {v.actie.nummer: v for v in rapportage.voortgang.select_related("actie")}
        voortgang_per_nummer = {}
        for rij, actie in zip(bijlage.acties, acties, strict=True):
            voortgang = bestaande_voortgang.get(rij.nummer) or Voortgang(actie=actie, rapportage=rapportage)
            status = rij.status or voortgang.status
            if not status:
                status = STANDAARD_STATUS
                zonder_status.append(rij.nummer)
            _bewaar(
                voortgang,
                reden,
                tekst=rij.stand_van_zaken,
                status=status,
                toestand=Voortgang.Toestand.GOEDGEKEURD,
                auteur_id=voortgang.auteur_id or (gebruiker.pk if gebruiker else None),
            )
            voortgang_per_nummer[rij.nummer] = voortgang
        for rij in bijlage.acties:
            gedeeld = voortgang_per_nummer.get(rij.gedeeld_met) if rij.gedeeld_met else None
            _bewaar(voortgang_per_nummer[rij.nummer], reden, gedeeld_met_id=gedeeld.pk if gedeeld else None)

    with transaction.atomic():
        bestaand = Rapportage.objects.filter(titel=rapportage_titel).first() or Rapportage()
        nieuw_gedateerd = briefdatum is not None and not bestaand.is_gepubliceerd
        try:
            with _gedateerd(_moment_van(briefdatum), reden) if nieuw_gedateerd else nullcontext():
                rapportage = ronde.publiceer_import(
                    rapportage_titel,
                    peildatum,
                    gebruiker,
                    schrijf,
                    reden,
                    # A dry run shows what a correction would change without asking for its reason.
                    reden=correctiereden or ("proefrun" if dry_run else ""),
                    op=_moment_van(briefdatum) if briefdatum else None,
                    kamerstuk=kamerstuk or bijlage.kamerstuk or bestaand.kamerstuk,
                    briefdatum=briefdatum or bestaand.briefdatum,
                    inleiding=inleiding or bestaand.inleiding,
                    bijlage_titel=bijlage.titel[:300] or bestaand.bijlage_titel,
                )
        except ronde.RondeFout as fout:
            raise BijlageFout(str(fout)) from None

        if zonder_status:
            waarschuwingen.append(
                f"De bijlage heeft geen statuskolom: {len(zonder_status)} acties kregen de status "
                f"'{STANDAARD_STATUS.label}'. Pas dit zo nodig aan."
            )
        if dry_run:
            transaction.set_rollback(True)

    return Samenvatting(
        verschillen=verschillen,
        moties_nieuw=moties_nieuw,
        waarschuwingen=waarschuwingen,
        rapportage=None if dry_run else rapportage,
    )
