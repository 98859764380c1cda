from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone

from coffeechat.forms import OwnedModelForm
from coffeechat.growth.models import (
    Action,
    ActionKind,
    ActionStatus,
    JobPosting,
    Resource,
)
from coffeechat.network.models import Organization, Person
from coffeechat.outreach.forms import DateInput


def _people_met(field: forms.Field, user: Any, current: int | None, help_text: str) -> None:
    """Limit a choice of person to those the user has talked with (and the current one).

    Listing every connection (often thousands) would make the form unusable.
    """
    assert isinstance(field, forms.ModelChoiceField)
    met = Q(interviews__isnull=False)
    if current is not None:
        met |= Q(pk=current)
    field.queryset = Person.objects.for_user(user).filter(met).distinct()
    field.help_text = help_text


def _not_future(day: dt.date | None, what: str) -> dt.date | None:
    if day is not None and day > timezone.localdate():
        raise forms.ValidationError(f"{what} can't be in the future.")
    return day


class ActionForm(OwnedModelForm):
    done_on = forms.DateField(
        label="Done on",
        required=False,
        widget=DateInput(),
        help_text="Filled in when you mark it done; change it if you did it earlier.",
    )

    class Meta:
        model = Action
        fields = ["title", "kind", "due_date", "status", "suggested_by", "notes"]
        widgets = {"due_date": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}
        labels = {"due_date": "Due on"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _people_met(
            self.fields["suggested_by"],
            self.user,
            self.instance.suggested_by_id,
            "Who suggested it: when it is done, Today offers an update to them.",
        )
        if self.instance.done_at is not None:
            self.initial["done_on"] = timezone.localdate(self.instance.done_at)

    def clean_done_on(self) -> dt.date | None:
        return _not_future(self.cleaned_data["done_on"], "The day it was done")

    def save(self, commit: bool = True) -> Action:
        action: Action = super().save(commit=False)
        action.set_status(action.status)
        done_on = self.cleaned_data.get("done_on")
        if (
            action.done_at is not None
            and done_on is not None
            and done_on != timezone.localdate(action.done_at)
        ):
            action.done_at = timezone.make_aware(dt.datetime.combine(done_on, dt.time(12)))
        if commit:
            action.save()
        return action


class PostingForm(OwnedModelForm):
    organization_name = forms.CharField(
        label="Organization",
        max_length=200,
        required=False,
        help_text="Type a name; a new organization is added when it isn't known yet.",
    )

    class Meta:
        model = JobPosting
        fields = ["title", "url", "description", "status", "applied_on"]
        widgets = {"applied_on": DateInput(), "description": forms.Textarea(attrs={"rows": 5})}
        labels = {"applied_on": "Applied on"}
        help_texts = {"applied_on": "Filled in with today when you set it to applied."}

    field_order = ["title", "organization_name", "url", "description", "status", "applied_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.organization_id:
            self.initial["organization_name"] = self.instance.organization.name
        self.fields["organization_name"].widget.attrs["list"] = "organization-names"

    def clean_applied_on(self) -> dt.date | None:
        return _not_future(self.cleaned_data["applied_on"], "The day you applied")

    def save(self, commit: bool = True) -> JobPosting:
        posting: JobPosting = super().save(commit=False)
        name = self.cleaned_data.get("organization_name", "").strip()
        posting.organization = (
            Organization.objects.get_or_create_named(self.user, name) if name else None
        )
        posting.set_status(posting.status)
        if commit:
            posting.save()
            self.save_m2m()
        return posting


class ResourceForm(OwnedModelForm):
    class Meta:
        model = Resource
        fields = ["title", "kind", "url", "recommended_by", "status", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _people_met(
            self.fields["recommended_by"],
            self.user,
            self.instance.recommended_by_id,
            "Who recommended it: when you finish it, Today offers a thank-you to them.",
        )

    def save(self, commit: bool = True) -> Resource:
        resource: Resource = super().save(commit=False)
        resource.set_status(resource.status)
        if commit:
            resource.save()
        return resource


class ActionFilter(forms.Form):
    """The filters of the action list on Growth."""

    status = forms.ChoiceField(
        required=False,
        choices=[("open", "To do or in progress"), ("", "Any status"), *ActionStatus.choices],
    )
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *ActionKind.choices])
