from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from coffeechat.forms import OwnedModelForm
from coffeechat.interviews.forms import DateTimeInput
from coffeechat.outreach.models import Message, MessageTemplate, Reply
from coffeechat.outreach.templates import FIELDS, unknown_fields

BODY = forms.Textarea(attrs={"rows": 14, "cols": 80})


class DraftForm(OwnedModelForm):
    """A new message, as written on the compose page."""

    class Meta:
        model = Message
        fields = ["kind", "channel", "subject", "body"]
        widgets = {"kind": forms.HiddenInput(), "channel": forms.HiddenInput(), "body": BODY}


class MessageForm(OwnedModelForm):
    """A draft being edited before it goes out."""

    class Meta:
        model = Message
        fields = ["channel", "subject", "body"]
        widgets = {"body": BODY}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ReplyForm(forms.Form):
    answer = forms.ChoiceField(
        label="Their answer", choices=Reply.choices, widget=forms.RadioSelect
    )
    replied_on = forms.DateField(label="On", widget=DateInput())
    scheduled_at = forms.DateTimeField(
        label="Meeting time, if you agreed on one",
        required=False,
        widget=DateTimeInput(),
        help_text="With a yes and a time, the interview is scheduled at once.",
    )

    def __init__(self, *args: Any, message: Message, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"replied_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.message = message

    def clean_replied_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["replied_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("A reply can't come from the future.")
        sent = self.message.sent_at
        if sent is not None and day < timezone.localdate(sent):
            raise forms.ValidationError(
                f"The message went out on {timezone.localdate(sent):%d %b %Y}; "
                "the reply can't be earlier."
            )
        return day

    def replied_at(self) -> dt.datetime:
        """Now for a reply today; otherwise midday of the day given."""
        day = self.cleaned_data["replied_on"]
        if day == timezone.localdate():
            return timezone.now()
        return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def _check_fields(text: str) -> str:
    unknown = unknown_fields(text)
    if unknown:
        listed = ", ".join("{" + name + "}" for name in unknown)
        known = ", ".join("{" + name + "}" for name in FIELDS)
        raise forms.ValidationError(
            f"Not a merge field: {listed}. The merge fields are {known}.",
            code="unknown_field",
        )
    return text


class MessageTemplateForm(OwnedModelForm):
    class Meta:
        model = MessageTemplate
        fields = ["name", "kind", "source", "channel", "subject", "body"]
        widgets = {"body": BODY}
        help_texts = {
            "body": "Merge fields in braces are filled in for each person: "
            + ", ".join("{" + name + "}" for name in FIELDS)
            + "."
        }

    def clean_subject(self) -> str:
        return _check_fields(self.cleaned_data["subject"])

    def clean_body(self) -> str:
        return _check_fields(self.cleaned_data["body"])
