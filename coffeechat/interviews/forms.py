from __future__ import annotations

from typing import Any

from django import forms

from coffeechat.forms import OwnedModelForm
from coffeechat.growth.models import Action
from coffeechat.interviews.models import CloseReason, Interview, Question, Stage, Takeaway
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


class ResearchForm(forms.Form):
    """What the user knows before the meeting: kept where it belongs, edited in one place.

    Notes on the organization stay on the organization, so the next interview there starts
    from them; the introduction is the profile's.
    """

    objective = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What you want to come away knowing.",
    )
    person_notes = forms.CharField(
        label="About them",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Their role, their path, what they have written or said.",
    )
    organization_notes = forms.CharField(
        label="About the organization",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Kept on the organization for the next interview there.",
    )
    introduction = forms.CharField(
        label="Your introduction",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Your 30-second introduction, from your profile.",
    )

    def __init__(self, *args: Any, has_organization: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_organization:
            del self.fields["organization_notes"]


class QuestionListForm(forms.Form):
    """One change to an interview's question list; `item` is checked against the interview."""

    OPS = ("add", "custom", "remove", "up", "down", "fill")

    op = forms.ChoiceField(choices=[(op, op) for op in OPS])
    question = forms.ModelChoiceField(queryset=Question.objects.none(), required=False)
    text = forms.CharField(required=False, max_length=1000)
    item = forms.IntegerField(required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        question = self.fields["question"]
        assert isinstance(question, forms.ModelChoiceField)
        question.queryset = Question.objects.for_user(user)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        op = data.get("op")
        if op == "add" and not data.get("question"):
            raise forms.ValidationError("Pick a question from your bank.")
        if op == "custom" and not data.get("text", "").strip():
            raise forms.ValidationError("Write the question to add.")
        if op in ("remove", "up", "down") and data.get("item") is None:
            raise forms.ValidationError("Which question?")
        return data


class TickForm(forms.Form):
    item = forms.IntegerField()
    # A hidden "0" and the checkbox's "1" travel together; the last value wins.
    asked = forms.CharField(required=False)

    def is_asked(self) -> bool:
        values = self.data.getlist("asked") if hasattr(self.data, "getlist") else []
        return bool(values) and values[-1] in ("1", "on", "true")


class NotesForm(forms.Form):
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 12}))


class ReferralForm(forms.Form):
    name = forms.CharField(max_length=201, help_text="First and last name.")
    organization = forms.CharField(max_length=200, required=False)
    position = forms.CharField(max_length=200, required=False)


class ActionForm(OwnedModelForm):
    class Meta:
        model = Action
        fields = ["title", "kind", "takeaway"]

    def __init__(self, *args: Any, interview: Interview, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        takeaway = self.fields["takeaway"]
        assert isinstance(takeaway, forms.ModelChoiceField)
        takeaway.queryset = interview.takeaways.filter(user_id=self.user.pk)
        takeaway.label = "From takeaway"


class DebriefForm(forms.Form):
    debrief = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What you learned, what surprised you, what you will do next.",
    )
    time_spent_minutes = forms.IntegerField(
        label="Time spent (minutes)",
        required=False,
        min_value=0,
        help_text="Preparation, meeting and follow-up, all told.",
    )
    scheduled_at = forms.DateTimeField(
        label="When did you meet?",
        required=False,
        widget=DateTimeInput(),
        help_text="Leave empty if it just ended.",
    )

    def __init__(self, *args: Any, needs_time: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not needs_time:
            del self.fields["scheduled_at"]
