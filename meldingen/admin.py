from django.contrib import admin

from .models import MailVoorkeur


@admin.register(MailVoorkeur)
class MailVoorkeurAdmin(admin.ModelAdmin):
    list_display = ("gebruiker", "ministerie_klaar", "ronde_vastgesteld", "gewijzigd_op")
    list_filter = ("ministerie_klaar", "ronde_vastgesteld")
    search_fields = ("gebruiker__username", "gebruiker__email")
    raw_id_fields = ("gebruiker",)
    readonly_fields = ("gewijzigd_op",)
