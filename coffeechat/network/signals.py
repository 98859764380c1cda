"""Keep the search index in step with every save and delete of a searchable row."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_delete

from coffeechat.network import search
from coffeechat.network.models import SearchKind


def _saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loaddata: the index is rebuilt afterwards
        return
    search.refresh(instance)


def _person_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    before = search.indexed_title(SearchKind.PERSON, instance.pk)
    search.refresh(instance)
    if before is not None and before != instance.name:
        # Their notes, interviews, takeaways and messages carry the name in their titles.
        search.refresh_people(type(instance).objects.filter(pk=instance.pk))


def _deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    search.forget(search.KIND_OF_MODEL[sender._meta.label], [instance.pk])


def _person_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    search.forget_person(instance.user_id, instance.pk)


def _organization_deleting(sender: Any, instance: Any, **kwargs: Any) -> None:
    # Its people stay, without the organization's name: remember who they are.
    instance._people_before_delete = list(instance.people.values_list("pk", flat=True))


def _organization_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    _deleted(sender, instance)
    people = getattr(instance, "_people_before_delete", [])
    if people:
        search.refresh_people(type(instance).people.field.model.objects.filter(pk__in=people))


def connect() -> None:
    from django.apps import apps

    for label in search.KIND_OF_MODEL:
        model = apps.get_model(label)
        uid = f"coffeechat-search-{label}"
        if label == "network.Person":
            post_save.connect(_person_saved, sender=model, dispatch_uid=uid)
            post_delete.connect(_person_deleted, sender=model, dispatch_uid=uid)
            continue
        post_save.connect(_saved, sender=model, dispatch_uid=uid)
        if label == "network.Organization":
            pre_delete.connect(_organization_deleting, sender=model, dispatch_uid=uid)
            post_delete.connect(_organization_deleted, sender=model, dispatch_uid=uid)
        else:
            post_delete.connect(_deleted, sender=model, dispatch_uid=uid)
