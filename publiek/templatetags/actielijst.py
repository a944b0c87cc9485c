from django import template
from django.utils.safestring import mark_safe

from publiek.kaarten import Kaarten

register = template.Library()


@register.simple_tag
def actiekaarten(acties, zoekterm=""):
    """The <li> of each action (publiek.kaarten; the actions come through publiek.kaarten.voor_kaarten):
    number and link, description (with the search's marks), theme, ministries, motions, status and
    knelpunt, target date (and whether it is past), last change, and the start of the published status
    text."""
    kaarten = Kaarten(acties, zoekterm)
    return mark_safe("".join(kaarten.kaart(actie) for actie in acties))  # noqa: S308 - escaped in Kaarten
