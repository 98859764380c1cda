from django.contrib import admin

from coffeechat.outreach.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "channel", "sent_at", "reply", "user"]
    list_filter = ["kind", "channel", "reply"]
    raw_id_fields = ["person", "interview"]
