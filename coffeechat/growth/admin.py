from django.contrib import admin

from coffeechat.growth.models import Action, Event, JobPosting, Reflection, Resource


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "due_date", "user"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["takeaway", "suggested_by"]


@admin.register(JobPosting)
class JobPostingAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "status", "user"]
    list_filter = ["status"]
    raw_id_fields = ["organization", "people"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "date", "user"]
    list_filter = ["kind"]
    raw_id_fields = ["people"]


@admin.register(Reflection)
class ReflectionAdmin(admin.ModelAdmin):
    list_display = ["date", "confidence", "goals_changed", "user"]


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "user"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["recommended_by", "interview", "takeaway"]
