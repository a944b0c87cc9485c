from django import template

from openbaar import zoeken

register = template.Library()


@register.filter
def markeer(tekst, q):
    return zoeken.markeer(tekst, q)
