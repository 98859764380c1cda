from __future__ import annotations

from django import forms

from coffeechat.accounts.models import Profile


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["name", "introduction", "skills", "goals", "country", "time_zone", "theme"]
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
