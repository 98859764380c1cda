from __future__ import annotations

from typing import Any

from django import forms

from coffeechat.forms import OwnedModelForm
from coffeechat.network.models import (
    Exploration,
    Organization,
    Person,
    Source,
    TargetOrganization,
)
from coffeechat.network.normalize import normalize_organization_name


class PersonForm(OwnedModelForm):
    organization_name = forms.CharField(
        label="Organization",
        required=False,
        max_length=200,
        help_text="Type a name; a new organization is added when it isn't known yet.",
    )

    class Meta:
        model = Person
        fields = [
            "first_name",
            "last_name",
            "position",
            "email",
            "phone",
            "linkedin_url",
            "location",
            "source",
            "referred_by",
            "research_notes",
            "tags",
            "keep_in_touch_days",
        ]
        widgets = {"research_notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.organization_id:
            self.initial["organization_name"] = self.instance.organization.name
        self.fields["organization_name"].widget.attrs["list"] = "organization-names"
        # Referrers are people the user has talked with; listing every connection
        # (often thousands) would make the form unusable.
        referred_by = self.fields["referred_by"]
        assert isinstance(referred_by, forms.ModelChoiceField)
        referrers = Person.objects.for_user(self.user)
        met = referrers.filter(interviews__isnull=False)
        if self.instance.referred_by_id:
            met = met | referrers.filter(pk=self.instance.referred_by_id)
        if self.instance.pk:
            met = met.exclude(pk=self.instance.pk)
        referred_by.queryset = met.distinct()
        referred_by.help_text = "Someone you talked with who suggested this person."
        # The organization goes with the position, not after everything else.
        self.order_fields(["first_name", "last_name", "position", "organization_name"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("referred_by") and data.get("source") == Source.EXISTING:
            data["source"] = Source.REFERRAL
        return data

    def save(self, commit: bool = True) -> Person:
        person: Person = super().save(commit=False)
        name = self.cleaned_data.get("organization_name", "").strip()
        person.organization = (
            Organization.objects.get_or_create_named(self.user, name) if name else None
        )
        if commit:
            person.save()
        return person


class OrganizationForm(OwnedModelForm):
    class Meta:
        model = Organization
        fields = ["name", "aliases", "website", "industry", "location", "research_notes"]
        widgets = {
            "aliases": forms.Textarea(attrs={"rows": 2}),
            "research_notes": forms.Textarea(attrs={"rows": 4}),
        }


class ExplorationForm(OwnedModelForm):
    class Meta:
        model = Exploration
        fields = ["name", "objective", "notes", "archived"]
        widgets = {
            "objective": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        clash = (
            Exploration.objects.for_user(self.user)
            .filter(name__iexact=name)
            .exclude(pk=self.instance.pk)
        )
        if clash.exists():
            raise forms.ValidationError("You already have an exploration with this name.")
        return name


class NoteForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Note")


class TargetForm(OwnedModelForm):
    """A target organization of an exploration, named by typing (a variant finds it)."""

    organization_name = forms.CharField(
        label="Organization",
        max_length=200,
        help_text="Type a name; a new organization is added when it isn't known yet.",
    )
    motivation = forms.TypedChoiceField(
        coerce=int,
        choices=[
            (3, "3 · a dream employer"),
            (2, "2 · keen"),
            (1, "1 · interested"),
            (0, "0 · not sure yet"),
        ],
        initial=1,
        help_text="How much you want to work there.",
    )

    class Meta:
        model = TargetOrganization
        fields = ["motivation", "posts_jobs", "alumni", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, exploration: Exploration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.exploration = exploration
        self.order_fields(["organization_name", "motivation", "posts_jobs", "alumni", "notes"])
        self.fields["organization_name"].widget.attrs["list"] = "organization-names"
        if self.instance.organization_id:
            self.initial["organization_name"] = self.instance.organization.name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name = data.get("organization_name", "").strip()
        taken = TargetOrganization.objects.filter(
            exploration=self.exploration,
            organization__normalized_name=normalize_organization_name(name),
        ).exclude(pk=self.instance.pk)
        if name and taken.exists():
            self.add_error(
                "organization_name", f"{name} is already a target of {self.exploration.name}."
            )
        return data

    def save(self, commit: bool = True) -> TargetOrganization:
        target: TargetOrganization = super().save(commit=False)
        target.exploration = self.exploration
        target.organization = Organization.objects.get_or_create_named(
            self.user, self.cleaned_data["organization_name"]
        )
        if commit:
            target.save()
        return target
