from __future__ import annotations

from typing import Any

from django import forms

from coffeechat.forms import OwnedModelForm
from coffeechat.interviews.models import CloseReason, Interview, Stage, Takeaway
from coffeechat.network.models import Exploration


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class InterviewForm(OwnedModelForm):
    class Meta:
        model = Interview
        fields = [
            "person",
            "exploration",
            "objective",
            "scheduled_at",
            "length_minutes",
            "medium",
            "location",
            "notes",
            "debrief",
            "time_spent_minutes",
        ]
        widgets = {
            "scheduled_at": DateTimeInput(),
            "objective": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 8}),
            "debrief": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        exploration = self.fields["exploration"]
        assert isinstance(exploration, forms.ModelChoiceField)
        exploration.queryset = Exploration.objects.for_user(self.user).filter(archived=False)
        if self.instance.pk or self.initial.get("person"):
            # The person is settled; listing the whole network would only slow the page.
            self.fields["person"].widget = forms.HiddenInput()


class MoveForm(forms.Form):
    stage = forms.ChoiceField(choices=Stage.choices)
    scheduled_at = forms.DateTimeField(required=False, widget=DateTimeInput())
    close_reason = forms.ChoiceField(choices=[("", "—"), *CloseReason.choices], required=False)


class TakeawayForm(OwnedModelForm):
    class Meta:
        model = Takeaway
        fields = ["kind", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
