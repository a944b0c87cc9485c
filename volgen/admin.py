"""The admin shows followers so that a request to see or erase one's data (AVG) can be answered; what
they follow is changed only by the follower, through the links in the mails."""

from django.contrib import admin

from .models import Abonnement, Verzending, Volger


class AbonnementInline(admin.TabularInline):
    model = Abonnement
    extra = 0
    can_delete = True
    fields = ("soort", "actie", "thema", "opdracht", "ministerie", "filter", "bevestigd_op")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Volger)
class VolgerAdmin(admin.ModelAdmin):
    list_display = ("email", "aantal_abonnementen")
    search_fields = ("email",)
    inlines = [AbonnementInline]

    def has_add_permission(self, request):
        return False  # only the follower confirms an address (double opt-in)

    def get_readonly_fields(self, request, obj=None):
        return ("email",)

    @admin.display(description="abonnementen")
    def aantal_abonnementen(self, obj):
        return obj.abonnementen.count()


@admin.register(Verzending)
class VerzendingAdmin(admin.ModelAdmin):
    list_display = ("rapportage", "klaargezet_op", "aantal_mails", "aantal_jobs")
    readonly_fields = ("rapportage", "klaargezet_op", "aantal_mails", "aantal_jobs")

    def has_add_permission(self, request):
        return False
