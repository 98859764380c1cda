from django.contrib import admin

from coffeechat.outreach.models import Message, MessageTemplate


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "channel", "sent_at", "reply", "user"]
    list_filter = ["kind", "channel", "reply"]
    raw_id_fields = ["person", "interview"]


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "source", "channel", "based_on", "user"]
    list_filter = ["kind", "source", "channel"]
