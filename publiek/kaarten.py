"""The action cards of the public lists (acties/_acties.html), built in Python: fifty cards through
Django's template engine took longer than all of the list's queries, search included. The HTML is what
that template made, byte for byte, and every value is escaped as the template escaped it: a card's
strings from the database with Python's html.escape, which Django's escape calls after its checks for
lazy and safe strings, a cost on every value of every card."""

import datetime
import html

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import conditional_escape as e
from django.utils.text import add_truncation_text
from django.utils.translation import gettext as _

from acties.models import ActieMinisterie, ActieOpdracht, Status
from moties.models import Soort
from openbaar import zoeken


def voor_kaarten(acties):
    """The actions with the theme their cards show (the status texts come from openbaar.query.met_stand;
    the ministries and motions Kaarten reads for the whole page at once)."""
    return acties.select_related("thema__hoofdthema")


def _per_actie(rijen):
    """{action id: [the rest of each row]} from rows that start with the action's id, in their order."""
    per_actie = {}
    for actie_id, *waarden in rijen:
        per_actie.setdefault(actie_id, []).append(waarden)
    return per_actie


def eerste_woorden(tekst, aantal):
    """The text's first `aantal` words and " …" when there were more: Truncator(tekst).words(aantal,
    truncate=" …") without its lazy object, whose attribute look-ups cost more than the words."""
    woorden = tekst.split()
    if len(woorden) > aantal:
        return add_truncation_text(" ".join(woorden[:aantal]), " …")
    return " ".join(woorden)


class Kaarten:
    """What every card of one list shares, worked out once: the fixed words (translated and escaped),
    the status labels, today, the formatted dates, the address of an action and the ministries and
    motions of every action of the list."""

    def __init__(self, acties, zoekterm):
        self.zoekterm = zoekterm
        # Two queries of plain rows for the whole list: Django's prefetch built a model for every link
        # and every ministry and motion, 3 of the list page's 20 ms of CPU.
        sleutels = [actie.pk for actie in acties]
        self.ministeries_van = self.moties_van = {}
        if sleutels:
            links = ActieMinisterie.objects.filter(actie_id__in=sleutels)
            self.ministeries_van = _per_actie(links.values_list("actie_id", "ministerie__afkorting"))
            links = ActieOpdracht.objects.filter(actie_id__in=sleutels, opdracht__soort=Soort.MOTIE)
            self.moties_van = _per_actie(links.values_list("actie_id", "opdracht__nummer", "deel"))
        # The addresses differ only in the number: one reverse() instead of one per card.
        voor, na = reverse("actie", args=[0]).rsplit("0", 1)
        self.adres_voor, self.adres_na = e(voor), e(na)
        self.vandaag = timezone.localdate()
        woorden = {
            "actie": _("Actie"),
            "thema": _("Thema"),
            "ministerie": _("Ministerie"),
            "moties": _("Moties"),
            "deel": _("deel"),
            "status": _("Status"),
            "knelpunt": _("knelpunt"),
            "streefdatum": _("Streefdatum"),
            "over_tijd": _("over tijd"),
            "gewijzigd": _("Gewijzigd"),
            "stand": _("Stand van zaken"),
        }
        self.w = {sleutel: e(woord) for sleutel, woord in woorden.items()}
        self.statussen = {status.value: e(status.label) for status in Status}
        self.datums = {}

    def datum(self, moment):
        """As the template's date:"DATE_FORMAT": a moment on its date in the current time zone."""
        if isinstance(moment, datetime.datetime):
            moment = timezone.template_localtime(moment).date()
        if moment not in self.datums:
            self.datums[moment] = e(formats.date_format(moment, "DATE_FORMAT"))
        return self.datums[moment]

    def tekst(self, actie, veld, markering, woorden):
        """With a search, the database's highlighted fragment (or the whole text) with the matches
        marked; else the text's first `woorden` words."""
        if self.zoekterm:
            return zoeken.markeer(getattr(actie, markering, None) or getattr(actie, veld), self.zoekterm)
        return html.escape(eerste_woorden(getattr(actie, veld), woorden))

    def ministeries(self, actie):
        koppelingen = self.ministeries_van.get(actie.pk)
        if not koppelingen:
            return ""
        afkortingen = ", ".join(html.escape(afkorting) for (afkorting,) in koppelingen)
        return f"<div><dt>{self.w['ministerie']}</dt><dd>{afkortingen}</dd></div>"

    def moties(self, actie):
        koppelingen = self.moties_van.get(actie.pk)
        if not koppelingen:
            return ""
        moties = ", ".join(
            f"{nummer}" + (f" ({self.w['deel']} {deel})" if deel else "") for nummer, deel in koppelingen
        )
        return f"<div><dt>{self.w['moties']}</dt><dd>{moties}</dd></div>"

    def status(self, actie):
        status = actie.stand_status
        klasse = html.escape("status--" + (status or "").replace(" ", "-"))
        label = self.statussen.get(status) or e(Status.label_van(status))
        knelpunt = f' <span class="markering">{self.w["knelpunt"]}</span>' if actie.stand_knelpunt else ""
        waarde = f'<span class="status {klasse}">{label}</span>{knelpunt}'
        return f"<div><dt>{self.w['status']}</dt><dd>{waarde}</dd></div>"

    def streefdatum(self, actie):
        if not actie.streefdatum:
            return ""
        over_tijd = ""
        if actie.is_over_tijd(self.vandaag):
            over_tijd = f' <span class="markering markering--over-tijd">{self.w["over_tijd"]}</span>'
        return (
            f"<div><dt>{self.w['streefdatum']}</dt><dd>{self.datum(actie.streefdatum)}{over_tijd}</dd></div>"
        )

    def stand(self, actie):
        if not actie.stand_tekst:
            return ""
        tekst = self.tekst(actie, "stand_tekst", "tekst_markering", 30)
        return f'<p class="actie-kaart__stand"><span class="label">{self.w["stand"]}:</span> {tekst}</p>'

    def kaart(self, actie):
        thema = html.escape(actie.hoofdthema.naam)
        if actie.subthema:
            thema += " – " + html.escape(actie.subthema.naam)
        kop = f'<a href="{self.adres_voor}{actie.nummer}{self.adres_na}">{self.w["actie"]} {actie.nummer}</a>'
        omschrijving = self.tekst(actie, "omschrijving", "omschrijving_markering", 40)
        return (
            '\n    <li class="actie-kaart">'
            f'\n      <h3 class="actie-kaart__kop">{kop}</h3>'
            f'\n      <p class="actie-kaart__omschrijving">{omschrijving}</p>'
            '\n      <dl class="gegevens">'
            f"\n        <div><dt>{self.w['thema']}</dt><dd>{thema}</dd></div>"
            f"\n        {self.ministeries(actie)}"
            f"\n        {self.moties(actie)}"
            f"\n        {self.status(actie)}"
            f"\n        {self.streefdatum(actie)}"
            f"\n        <div><dt>{self.w['gewijzigd']}</dt><dd>{self.datum(actie.gewijzigd_op)}</dd></div>"
            "\n      </dl>"
            f"\n      {self.stand(actie)}"
            "\n    </li>"
            "\n  "
        )
