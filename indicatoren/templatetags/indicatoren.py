from django import template
from django.utils import timezone

from .. import query

register = template.Library()


@register.inclusion_tag("indicatoren/_bij_actie.html")
def indicatoren_bij_actie(actie):
    """The indicators of an action with their verdicts, for the action's page (three queries)."""
    return {"standen": query.bij_actie(actie, timezone.localdate())}
