"""Daily jobs without cron: every worker (`manage.py werker`) asks every ELKE seconds whether a daily job's
hour has come. Each daily job is keyed on its day (see rapportage.herinneringen.start_herinneringen), so
however many workers ask, and however often, it starts once a day."""

import logging

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

ELKE = 300  # seconds between two looks


def voer_dagelijks_uit(nu=None):
    """Start each daily job (JOBS_DAGELIJKS: dotted path -> hour) whose hour has come today."""
    nu = timezone.localtime(nu)
    for pad, uur in settings.JOBS_DAGELIJKS.items():
        if nu.hour < uur:
            continue
        try:
            import_string(pad)()
        except Exception:
            # One failing daily job must not stop the others, nor the worker it runs beside.
            logger.exception("Dagelijkse taak %s niet gestart", pad)
