"""Who may do what. Every permission rule of pokvolg lives here, so it can be read (and audited) in one place.

Roles: Beheerder (group or superuser) may do everything; Redactie (group) opens, reviews and closes rounds and
edits any text; a Coördinator (group) writes the texts of actions where one of their ministries
(Ministerie.coordinatoren) is lead or involved, while the round is open. The ministry always comes from the
logged-in user, never from a request.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from acties.models import Actie, ActieMinisterie, Ministerie, Rol
from moties.models import Opdracht

from .models import Afronding, RappelPunt, Rapportage, Vindplaats, Voortgang

BEHEERDER = "Beheerder"
REDACTIE = "Redactie"
COORDINATOR = "Coördinator"


def _groepen(user):
    # Cached on the user object: one query per request, however many checks a page makes.
    if not hasattr(user, "_pokvolg_groepen"):
        user._pokvolg_groepen = frozenset(user.groups.values_list("name", flat=True))
    return user._pokvolg_groepen


def _actief(user):
    return user is not None and user.is_authenticated and user.is_active


def is_beheerder(user):
    return _actief(user) and (user.is_superuser or BEHEERDER in _groepen(user))


def is_redactie(user):
    return is_beheerder(user) or (_actief(user) and REDACTIE in _groepen(user))


def is_coordinator(user):
    return _actief(user) and COORDINATOR in _groepen(user)


def mag_werken(user):
    """May use the /werk/ screens at all."""
    return is_redactie(user) or is_coordinator(user)


def mag_importeren(user):
    """May upload and apply annexes (/importeren/): they overwrite published data."""
    return is_redactie(user)


def mag_bijlage_lezen(user, rapportage: Rapportage) -> bool:
    """Published annexes are public (of a round being corrected: its last publication); a draft annex only
    for the redactie.

    Coordinators are left out on purpose: a draft annex holds the texts of every ministry, and they may
    read only their own.
    """
    return rapportage.is_vastgesteld or rapportage.is_gepubliceerd or is_redactie(user)


def mag_concept_lezen(user, rapportage: Rapportage) -> bool:
    """The annex made from a round's current data: public once the round is closed; of a running round (a
    draft, also while its last publication is being corrected) only for the redactie."""
    return rapportage.is_vastgesteld or is_redactie(user)


def ministeries_van(user):
    """The ministries the user coordinates; none unless they are in the Coördinator group."""
    if not is_coordinator(user):
        return Ministerie.objects.none()
    return Ministerie.objects.filter(coordinatoren=user)


def _van_mijn_ministeries(user, actie_veld):
    return Exists(
        ActieMinisterie.objects.filter(actie=OuterRef(actie_veld), ministerie__in=ministeries_van(user))
    )


def zichtbare_acties(user):
    """Actions whose drafts and full text history the user may read in /werk/."""
    if is_redactie(user):
        return Actie.objects.all()
    if is_coordinator(user):
        return Actie.objects.filter(_van_mijn_ministeries(user, "pk"))
    return Actie.objects.none()


def zichtbare_voortgang(user):
    """Status texts of every round (drafts included) the user may read in /werk/."""
    if is_redactie(user):
        return Voortgang.objects.all()
    if is_coordinator(user):
        return Voortgang.objects.filter(_van_mijn_ministeries(user, "actie"))
    return Voortgang.objects.none()


def bewerkbare_voortgang(user):
    """Status texts the user may change right now. A text that shares another action's text is changed
    there, by whoever may change that one."""
    if is_redactie(user):
        return Voortgang.objects.lopend().filter(gedeeld_met__isnull=True)
    return zichtbare_voortgang(user).filter(
        rapportage__toestand=Rapportage.Toestand.OPEN,
        toestand__in=Voortgang.BIJ_COORDINATOR,
        gedeeld_met__isnull=True,
    )


def mag_bewerken(user, voortgang):
    """The object-level twin of bewerkbare_voortgang, for a row already loaded (and locked)."""
    if voortgang.rapportage.is_vastgesteld or voortgang.gedeeld_met_id:
        return False
    if is_redactie(user):
        return True
    return (
        voortgang.rapportage.is_open
        and voortgang.toestand in Voortgang.BIJ_COORDINATOR
        and zichtbare_voortgang(user).filter(pk=voortgang.pk).exists()
    )


def indienbare_voortgang(user):
    """Texts the user may submit now: theirs to change, not yet with the redactie, and not empty (texts
    are stored normalised, lib.tekst, so an empty one is "")."""
    return bewerkbare_voortgang(user).filter(toestand__in=Voortgang.BIJ_COORDINATOR).exclude(tekst="")


def mag_indienen(user, voortgang) -> bool:
    """The object-level twin of indienbare_voortgang."""
    return (
        voortgang.toestand in Voortgang.BIJ_COORDINATOR
        and bool(voortgang.tekst.strip())
        and mag_bewerken(user, voortgang)
    )


def intrekbare_voortgang(user):
    """Submitted texts the user may take back: theirs to write, while the round is open and the redactie
    has not acted on them yet."""
    return zichtbare_voortgang(user).filter(
        rapportage__toestand=Rapportage.Toestand.OPEN,
        toestand=Voortgang.Toestand.INGEDIEND,
        gedeeld_met__isnull=True,
    )


def mag_intrekken(user, voortgang):
    """The object-level twin of intrekbare_voortgang."""
    return (
        voortgang.rapportage.is_open
        and voortgang.toestand == Voortgang.Toestand.INGEDIEND
        and not voortgang.gedeeld_met_id
        and zichtbare_voortgang(user).filter(pk=voortgang.pk).exists()
    )


def mag_ontkoppelen(user, voortgang):
    """Give a shared text its own text: the redactie while the round runs, the action's coordinators while
    it is open."""
    if voortgang.rapportage.is_vastgesteld or not voortgang.gedeeld_met_id:
        return False
    if is_redactie(user):
        return True
    return voortgang.rapportage.is_open and zichtbare_voortgang(user).filter(pk=voortgang.pk).exists()


# Target dates, evidence, knelpunten and summaries. The redactie, or the coordinator of the action's lead
# ministry (eerstverantwoordelijk) while a round is open; an involved ministry reads but does not change them.


def _als_eerstverantwoordelijke(user, actie_veld):
    return Exists(
        ActieMinisterie.objects.filter(
            actie=OuterRef(actie_veld),
            rol=Rol.EERSTVERANTWOORDELIJK,
            ministerie__in=ministeries_van(user),
        )
    )


def bij_te_werken_acties(user):
    """Actions whose target date and evidence the user may change now: every action for the redactie;
    for a coordinator those their ministry leads, and only while a round is open."""
    if is_redactie(user):
        return Actie.objects.all()
    if is_coordinator(user) and Rapportage.objects.open().exists():
        return Actie.objects.filter(_als_eerstverantwoordelijke(user, "pk"))
    return Actie.objects.none()


def mag_actie_bijwerken(user, actie):
    """The object-level twin of bij_te_werken_acties: set or change the target date, add or remove the
    action's own evidence."""
    if is_redactie(user):
        return True
    return bij_te_werken_acties(user).filter(pk=actie.pk).exists()


def mag_meting_invoeren(user, indicator) -> bool:
    """A measurement of an indicator: the redactie always; a coordinator for the indicator of an action
    they may update (their ministry leads it and a round is open). The query-level twin is
    bij_te_werken_acties: an indicator of one of those actions."""
    if is_redactie(user):
        return True
    return indicator.actie_id is not None and mag_actie_bijwerken(user, indicator.actie)


def te_verantwoorden_voortgang(user):
    """Texts whose evidence and knelpunt the user may change now: the texts they may change
    (bewerkbare_voortgang), for a coordinator only those of actions their ministry leads."""
    if is_redactie(user):
        return bewerkbare_voortgang(user)
    return bewerkbare_voortgang(user).filter(_als_eerstverantwoordelijke(user, "actie"))


def mag_tekst_verantwoorden(user, voortgang):
    """The object-level twin of te_verantwoorden_voortgang, for a row already loaded (and locked)."""
    if not mag_bewerken(user, voortgang):
        return False
    if is_redactie(user):
        return True
    return te_verantwoorden_voortgang(user).filter(pk=voortgang.pk).exists()


def mag_vindplaats_verwijderen(user, vindplaats):
    """Whoever may add evidence where it hangs (the action, or its text) may remove it."""
    if vindplaats.voortgang_id:
        return mag_tekst_verantwoorden(user, vindplaats.voortgang)
    return mag_actie_bijwerken(user, vindplaats.actie)


def mag_samenvatting_schrijven(user):
    """The plain-language summary is the redactie's text, never a ministry's."""
    return is_redactie(user)


def beheerde_opdrachten(user):
    """The register (motions, commitments, recommendations, promises) the user keeps: the redactie keeps
    it, whoever's action carries an item out."""
    return Opdracht.objects.all() if is_redactie(user) else Opdracht.objects.none()


def bewerkbare_moties(user):
    """Motions whose own data (title, date, submitters, dictum, parts) the user may change."""
    return beheerde_opdrachten(user).moties()


def mag_motie_bewerken(user):
    """The object-level twin of bewerkbare_moties: the same for every motion."""
    return is_redactie(user)


def mag_opdracht_registreren(user):
    """Register a recommendation, commitment or promise by hand (rapportage.opdrachten): the redactie
    keeps that register, as it keeps the motions."""
    return is_redactie(user)


def mag_opdracht_bewerken(user) -> bool:
    """Change a registered aanbeveling, toezegging or belofte (rapportage.opdrachten.wijzig_opdracht): the
    redactie keeps the register, every item of beheerde_opdrachten; a motion is changed as a motion."""
    return is_redactie(user)


def beoordeelbare_afrondingen(user):
    """Ministries' reports that an action is done which the user may confirm or refuse: the redactie
    checks closure, never the ministry that reported it."""
    return Afronding.objects.all() if is_redactie(user) else Afronding.objects.none()


def mag_afronding_beoordelen(user) -> bool:
    """The object-level twin of beoordeelbare_afrondingen: the same for every report."""
    return is_redactie(user)


def controleer_afronding_beoordelen(user):
    if not mag_afronding_beoordelen(user):
        raise PermissionDenied(_("Alleen de redactie bevestigt een afronding."))


def controleer_niet_vastgesteld(rapportage):
    """A closed round is frozen for everyone; only an explicit reopen (rapportage.ronde.heropen) thaws it."""
    if rapportage.is_vastgesteld:
        raise PermissionDenied(_("Deze ronde is vastgesteld; teksten kunnen niet meer worden gewijzigd."))


def controleer_bewerken(user, voortgang):
    controleer_niet_vastgesteld(voortgang.rapportage)
    if not mag_bewerken(user, voortgang):
        raise PermissionDenied(_("U mag deze tekst nu niet wijzigen."))


def controleer_redactie(user):
    if not is_redactie(user):
        raise PermissionDenied(_("Alleen de redactie mag dit doen."))


def _vereist(toets):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not toets(request.user):
                raise PermissionDenied(_("U heeft geen toegang tot deze pagina."))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


werk_vereist = _vereist(mag_werken)
redactie_vereist = _vereist(is_redactie)
import_vereist = _vereist(mag_importeren)
opdracht_vereist = _vereist(mag_opdracht_registreren)
opdracht_bewerken_vereist = _vereist(mag_opdracht_bewerken)


def menu(user):
    """Which links of the work menu the user gets; base.html shows no link that would refuse them."""
    return {"werken": mag_werken(user), "importeren": mag_importeren(user)}


def voortgang_voor_gebruiker(request, pk):
    """A status text the user may read in /werk/; 404 for anyone else, so ids reveal nothing."""
    qs = zichtbare_voortgang(request.user).select_related(
        "actie", "rapportage", "auteur", "gedeeld_met__actie"
    )
    return get_object_or_404(qs, pk=pk)


def bewerkbare_voortgang_voor_gebruiker(request, pk):
    """A status text the user may change: 404 if it is not theirs, 403 if the round or its state forbids."""
    voortgang = voortgang_voor_gebruiker(request, pk)
    controleer_bewerken(request.user, voortgang)
    return voortgang


def actie_voor_gebruiker(request, nummer):
    """An action whose drafts and history the user may read in /werk/; 404 for anyone else."""
    return get_object_or_404(zichtbare_acties(request.user), nummer=nummer)


def vindplaats_voor_gebruiker(request, pk):
    """Evidence of an action the user may read in /werk/; 404 for anyone else."""
    qs = Vindplaats.objects.filter(actie__in=zichtbare_acties(request.user)).select_related(
        "actie", "voortgang__rapportage"
    )
    return get_object_or_404(qs, pk=pk)


# The half-yearly reminder (rappel, rapportage.rappel): the redactie plans and sends it; a ministry's
# coordinators answer for the items of their ministry, in or outside a round.


def mag_rappel_versturen(user) -> bool:
    """Plan a rappel, send it now, read the overview and its PDF: the redactie."""
    return is_redactie(user)


def te_beantwoorden_rappelpunten(user):
    """Items of sent rappels the user may answer: of the ministries they coordinate, not yet answered."""
    return RappelPunt.objects.filter(
        rappel__verstuurd_op__isnull=False, ministerie__in=ministeries_van(user), beantwoord_op__isnull=True
    )


def mag_rappel_beantwoorden(user, rappel) -> bool:
    """The object-level twin of te_beantwoorden_rappelpunten: a coordinator with an item in this rappel."""
    return rappel.is_verstuurd and te_beantwoorden_rappelpunten(user).filter(rappel=rappel).exists()


rappel_vereist = _vereist(mag_rappel_versturen)


# Dated promises found in letters (the beloftes app): the redactie uploads letters and decides on proposals.


def mag_beloftes_beoordelen(user) -> bool:
    """Upload a cabinet letter, read its proposed promises, accept or reject them: the redactie."""
    return is_redactie(user)


def beoordeelbare_beloftevoorstellen(user, voorstellen):
    """The query twin of mag_beloftes_beoordelen, on a queryset of beloftes.Beloftevoorstel (which this
    layer cannot import): all of them for the redactie, none for anyone else."""
    return voorstellen if mag_beloftes_beoordelen(user) else voorstellen.none()


beloftes_vereist = _vereist(mag_beloftes_beoordelen)
