from django.contrib import admin

from coffeechat.network.models import Exploration, Note, Organization, Person


@admin.register(Exploration)
class ExplorationAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "archived"]
    list_filter = ["archived"]
    search_fields = ["name"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "industry", "location"]
    search_fields = ["name", "aliases"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["first_name", "last_name", "position", "organization", "source", "user"]
    list_filter = ["source", "responsiveness"]
    search_fields = ["first_name", "last_name", "email"]
    raw_id_fields = ["organization", "referred_by"]
    list_select_related = ["organization"]


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ["person", "created_at", "user"]
    raw_id_fields = ["person", "interview"]
