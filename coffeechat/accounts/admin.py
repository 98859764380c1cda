from django.contrib import admin

from coffeechat.accounts.models import LoginLink, Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "country", "time_zone"]
    search_fields = ["name", "user__username"]


@admin.register(LoginLink)
class LoginLinkAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "expires_at", "used_at"]
    readonly_fields = ["user", "digest", "created_at", "expires_at", "used_at"]
