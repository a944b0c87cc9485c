from django.contrib import admin

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """For watching the queue: what waits, what runs, what failed and why. Jobs change only by running."""

    list_display = ["omschrijving", "status", "stap_tekst", "pogingen", "aangemaakt_op", "hartslag"]
    list_filter = ["status"]
    search_fields = ["omschrijving", "sleutel", "melding"]
    readonly_fields = [f.name for f in Job._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
