"""Form helpers shared by every app."""

from __future__ import annotations

from typing import Any

from django import forms


class OwnedModelForm(forms.ModelForm):
    """A model form for one user's rows.

    Every choice of a related row is limited to the user's own, so a form can never
    link one user's data to another's, even with a hand-made POST.
    """

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                queryset = field.queryset
                if queryset is not None and hasattr(queryset.model, "user"):
                    field.queryset = queryset.filter(user_id=user.pk)

    def save(self, commit: bool = True) -> Any:
        instance = super().save(commit=False)
        instance.user_id = self.user.pk
        if commit:
            instance.save()
            self.save_m2m()
        return instance
