from __future__ import annotations

from django import forms

from coffeechat.accounts.models import Profile


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = [
            "name",
            "introduction",
            "skills",
            "goals",
            "country",
            "region",
            "time_zone",
            "theme",
            "thank_you_hours",
            "thank_you_escalate_hours",
            "try_another_days",
            "follow_up_days",
            "prep_hours",
            "prep_min_questions",
            "linkedin_free_account",
            "keep_in_touch_days",
            "reflect_every_days",
            "email_digest",
        ]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 3}),
            "skills": forms.Textarea(attrs={"rows": 4}),
            "goals": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_country(self) -> str:
        country: str = self.cleaned_data["country"].strip().upper()
        if len(country) != 2 or not country.isalpha():
            raise forms.ValidationError("Use the two-letter country code, such as US, GB or FR.")
        return country


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label="Token name",
        help_text="Where you will use it, so you know which to revoke: “calendar script”.",
    )
