"""The Messages section of an interview's page, so the interview view need not know it."""

from __future__ import annotations

from typing import Any

from django import template

from coffeechat.interviews.models import Interview
from coffeechat.outreach.compose import next_messages

register = template.Library()


@register.inclusion_tag("outreach/_interview_messages.html")
def interview_messages(interview: Interview) -> dict[str, Any]:
    return {
        "interview": interview,
        "message_list": list(interview.messages.order_by("-created_at", "-id")),
        "suggestions": next_messages(interview),
    }
