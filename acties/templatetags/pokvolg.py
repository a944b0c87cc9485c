from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def omschrijving(tekst):
    """Paragraphs, with lines starting with '- ' as a bulleted list; all text escaped."""
    blokken, lijst = [], []
    for regel in (tekst or "").splitlines():
        regel = regel.strip()
        if regel.startswith(("- ", "• ")):
            lijst.append(f"<li>{escape(regel[2:].strip())}</li>")
            continue
        if lijst:
            blokken.append("<ul>" + "".join(lijst) + "</ul>")
            lijst = []
        if regel:
            blokken.append(f"<p>{escape(regel)}</p>")
    if lijst:
        blokken.append("<ul>" + "".join(lijst) + "</ul>")
    return mark_safe("".join(blokken))  # noqa: S308 - only our tags around escaped text


@register.filter
def status_klasse(waarde):
    return "status--" + (waarde or "").replace(" ", "-")


@register.filter
def over_tijd(actie, datum=None):
    """Whether the action (or register item) is past its date today (or on `datum`): Actie.is_over_tijd,
    Opdracht.is_over_tijd."""
    return actie.is_over_tijd(datum or timezone.localdate())
