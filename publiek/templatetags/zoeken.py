from django import template

from publiek import zoeken

register = template.Library()


@register.filter
def markeer(tekst, q):
    return zoeken.markeer(tekst, q)
