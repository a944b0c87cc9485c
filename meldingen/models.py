"""Which of the mails that may be switched off a user wants (see meldingen.mails for all mails)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MailVoorkeur(models.Model):
    """A user's choices; without a row a user gets every mail (each switch defaults to on)."""

    gebruiker = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="mailvoorkeur",
        help_text=_("Van wie deze keuzes zijn."),
    )
    ministerie_klaar = models.BooleanField(
        _("ministerie klaar"),
        default=True,
        help_text=_("Een e-mail zodra een ministerie al zijn teksten van de ronde heeft ingediend."),
    )
    ronde_vastgesteld = models.BooleanField(
        _("ronde vastgesteld"),
        default=True,
        help_text=_("Een e-mail zodra de ronde is vastgesteld en de teksten openbaar zijn."),
    )
    gewijzigd_op = models.DateTimeField(
        _("gewijzigd op"), auto_now=True, help_text=_("Wanneer de gebruiker dit het laatst wijzigde.")
    )

    class Meta:
        verbose_name = _("e-mailvoorkeur")
        verbose_name_plural = _("e-mailvoorkeuren")

    def __str__(self):
        return str(self.gebruiker)
