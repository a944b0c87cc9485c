"""An index of the published texts that have a knelpunt, for the list's knelpunt filter
(openbaar.filters.ActieFilter.filter_knelpunt): it reads those texts only, few among a hundred thousand,
instead of every text."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("rapportage", "0010_teksten_normaliseren")]

    operations = [
        migrations.AddIndex(
            model_name="gepubliceerdetekst",
            index=models.Index(
                condition=models.Q(("knelpunt", ""), _negated=True),
                fields=["actie"],
                name="gepubliceerde_tekst_knelpunt",
            ),
        ),
    ]
