"""The mails of a round's steps: who gets which, and which a user may switch off.

Each step of rapportage.ronde announces itself after its commit (meldingen.apps connects the receivers);
the mails of one step are handed to one mail job (jobs.mail), which sends them in the background. A
step that is rolled back announces nothing, so it mails nothing.

- Round opened: each coordinator, with their actions and the deadline. Always (essential).
- Text sent back: its author and the coordinators of its lead ministry, with the redactie's remark.
  Always (essential).
- All texts of a ministry submitted: the redactie. Switch: MailVoorkeur.ministerie_klaar.
- Round closed and published: every editor, the redactie and the coordinators.
  Switch: MailVoorkeur.ronde_vastgesteld.

Essential are the mails that ask someone to act before a deadline: without them a coordinator does not
know there is work, or that a text came back (a sent-back text blocks closing the round, and any of the
ministry's coordinators may be the one to fix it). The others only report progress that the work pages
show as well, so each user chooses (meldingen.models.MailVoorkeur; without a choice, every mail).

Who counts: "the redactie" is the Redactie group, "coordinators" the Coördinator group with a ministry
(rapportage.rechten names both); beheerders get mail only as members of one of these groups. Nobody
gets a mail about their own step (the editor who sent a text back), and inactive users and users
without an address get none. Each message goes to one address, so nobody sees who else got it.

A step never mails twice: each batch has a key (the round, the text and its version, the ministry and
the state of its texts, the moment of closing), and a batch whose key already has a job is not queued
again, whether the step's signal came twice or two simultaneous last submissions both found the
ministry done.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from acties.models import Ministerie, Rol
from jobs import mail
from jobs.models import Job
from rapportage import rechten
from rapportage.models import Voortgang

# The switches of MailVoorkeur: a mail not named here is essential.
MINISTERIE_KLAAR = "ministerie_klaar"
RONDE_VASTGESTELD = "ronde_vastgesteld"


def coordinatoren():
    """Users who write texts: in the Coördinator group and coordinator of at least one ministry."""
    return get_user_model().objects.filter(groups__name=rechten.COORDINATOR, ministeries__isnull=False)


def redactieleden():
    return get_user_model().objects.filter(groups__name=rechten.REDACTIE)


def redacteuren():
    """Everyone who works on the texts of a round: the redactie and the coordinators."""
    return get_user_model().objects.filter(
        Q(groups__name=rechten.REDACTIE) | Q(groups__name=rechten.COORDINATOR, ministeries__isnull=False)
    )


# Who a switch concerns, for the preferences page: a switch is shown only to those it could mail.
ONTVANGERS_PER_KEUZE = {MINISTERIE_KLAAR: redactieleden, RONDE_VASTGESTELD: redacteuren}


def keuzes_voor(gebruiker):
    """The switches that concern this user, in the order of the model's fields."""
    return [
        keuze
        for keuze, ontvangers in ONTVANGERS_PER_KEUZE.items()
        if ontvangers().filter(pk=gebruiker.pk).exists()
    ]


def krijgt_altijd(gebruiker):
    """Whether the essential mails (round opened, text sent back) concern this user."""
    return coordinatoren().filter(pk=gebruiker.pk).exists()


def _bereikbaar(gebruikers, keuze=None):
    """Active users with an address, one row each; with `keuze`, only those who did not switch it off."""
    gebruikers = gebruikers.filter(is_active=True).exclude(email="")
    if keuze is not None:
        gebruikers = gebruikers.exclude(**{f"mailvoorkeur__{keuze}": False})
    return gebruikers.distinct().order_by("username")


def _url(pad):
    return settings.SITE_URL.rstrip("/") + pad


def _bericht(soort, gebruiker, context, keuze=None):
    """One message to one user. A mail they may switch off says where, and is signed by the application
    rather than the redactie, as the redactie gets it too."""
    context = {
        **context,
        "gebruiker": gebruiker,
        "afzender": "pokvolg" if keuze else _("De redactie"),
        "voorkeuren_url": _url(reverse("meldingen:voorkeuren")) if keuze else "",
    }
    with translation.override(settings.LANGUAGE_CODE):
        onderwerp = render_to_string(f"meldingen/{soort}_onderwerp.txt", context)
        tekst = render_to_string(f"meldingen/{soort}.txt", context)
    return {
        "onderwerp": " ".join(onderwerp.split()),
        "tekst": tekst.strip() + "\n",
        "aan": [gebruiker.email],
        # RFC 3834: no out-of-office replies to a machine.
        "headers": {"Auto-Submitted": "auto-generated", "X-Pokvolg-Melding": soort},
    }


def _verstuur(berichten, omschrijving, sleutel):
    """One mail job for the step's messages; none if there is nobody to mail or the step was mailed."""
    if not berichten or Job.objects.filter(sleutel=sleutel).exists():
        return None
    return mail.do_mail(berichten, omschrijving, sleutel=sleutel)


def _eerstverantwoordelijken(actie_ids):
    return Ministerie.objects.filter(
        actieministeries__actie_id__in=actie_ids, actieministeries__rol=Rol.EERSTVERANTWOORDELIJK
    ).distinct()


def _regel(voortgang):
    """An action as one line of a plain-text list: its number and the first words of its description."""
    return {
        "nummer": voortgang.actie.nummer,
        "kort": " ".join(Truncator(voortgang.actie.omschrijving).words(12).split()),
        "gedeeld_met": voortgang.gedeeld_met.actie.nummer if voortgang.gedeeld_met_id else None,
    }


def ronde_geopend(rapportage):
    """Each coordinator with texts in the new round: which actions, until when, and where."""
    berichten = []
    for gebruiker in _bereikbaar(coordinatoren()):
        teksten = list(
            rechten.zichtbare_voortgang(gebruiker)
            .filter(rapportage=rapportage)
            .select_related("actie", "gedeeld_met__actie")
            .order_by("actie__nummer")
        )
        if teksten:
            context = {
                "rapportage": rapportage,
                "teksten": [_regel(v) for v in teksten],
                "url": _url(reverse("werk:mijn_acties")),
            }
            berichten.append(_bericht("ronde_geopend", gebruiker, context))
    return _verstuur(
        berichten,
        _("E-mail: ronde '%(titel)s' geopend") % {"titel": rapportage.titel},
        f"meldingen:ronde-geopend:{rapportage.pk}",
    )


def tekst_teruggestuurd(voortgang, door):
    """The text's author and its lead ministry's coordinators (of any ministry of the action if none is
    lead): the remark, and the page where they change the text."""
    ministeries = _eerstverantwoordelijken([voortgang.actie_id])
    if not ministeries.exists():
        ministeries = Ministerie.objects.filter(actieministeries__actie_id=voortgang.actie_id)
    ontvangers = get_user_model().objects.filter(
        Q(pk=voortgang.auteur_id) | Q(pk__in=coordinatoren().filter(ministeries__in=ministeries).values("pk"))
    )
    if door is not None:
        ontvangers = ontvangers.exclude(pk=door.pk)
    context = {
        "voortgang": voortgang,
        "actie": voortgang.actie,
        "rapportage": voortgang.rapportage,
        "url": _url(reverse("werk:bewerk", args=[voortgang.pk])),
    }
    berichten = [
        _bericht("teruggestuurd", gebruiker, {**context, "is_auteur": gebruiker.pk == voortgang.auteur_id})
        for gebruiker in _bereikbaar(ontvangers)
    ]
    return _verstuur(
        berichten,
        _("E-mail: tekst van actie %(nummer)s teruggestuurd") % {"nummer": voortgang.actie.nummer},
        f"meldingen:teruggestuurd:{voortgang.pk}:{voortgang.versie}",
    )


def tekst_ingediend(voortgang, door):
    """When this submission leaves a ministry (lead of the action, or of an action sharing its text)
    with no text waiting for its coordinators, the redactie hears it: once per such moment."""
    rapportage = voortgang.rapportage
    if rapportage.is_vastgesteld:
        return []
    actie_ids = [voortgang.actie_id, *voortgang.delers.values_list("actie_id", flat=True)]
    jobs = []
    for ministerie in _eerstverantwoordelijken(actie_ids):
        teksten = Voortgang.objects.filter(
            rapportage=rapportage,
            actie__actieministeries__ministerie=ministerie,
            actie__actieministeries__rol=Rol.EERSTVERANTWOORDELIJK,
        )
        if teksten.filter(toestand__in=Voortgang.BIJ_COORDINATOR).exists():
            continue
        # Versions only grow, so their sum names this state of the ministry's texts: whoever finds it
        # done finds the same key, and a ministry done again after a text came back is a new moment.
        stand = teksten.aggregate(n=Sum("versie"))["n"]
        context = {
            "ministerie": ministerie,
            "rapportage": rapportage,
            "aantal": teksten.count(),
            "te_beoordelen": teksten.filter(toestand=Voortgang.Toestand.INGEDIEND).count(),
            "url": _url(reverse("werk:ronde", args=[rapportage.pk])),
        }
        berichten = [
            _bericht("ministerie_klaar", gebruiker, context, keuze=MINISTERIE_KLAAR)
            for gebruiker in _bereikbaar(redactieleden(), MINISTERIE_KLAAR)
        ]
        job = _verstuur(
            berichten,
            _("E-mail: %(ministerie)s heeft alles ingediend") % {"ministerie": ministerie.afkorting},
            f"meldingen:ministerie-klaar:{rapportage.pk}:{ministerie.pk}:{stand}",
        )
        if job is not None:
            jobs.append(job)
    return jobs


def ronde_vastgesteld(rapportage):
    """Every editor: the round is closed, and where its texts are now public."""
    context = {"rapportage": rapportage, "url": _url(rapportage.get_absolute_url())}
    berichten = [
        _bericht("ronde_vastgesteld", gebruiker, context, keuze=RONDE_VASTGESTELD)
        for gebruiker in _bereikbaar(redacteuren(), RONDE_VASTGESTELD)
    ]
    moment = rapportage.vastgesteld_op.isoformat() if rapportage.vastgesteld_op else ""
    return _verstuur(
        berichten,
        _("E-mail: ronde '%(titel)s' vastgesteld") % {"titel": rapportage.titel},
        f"meldingen:ronde-vastgesteld:{rapportage.pk}:{moment}",
    )
