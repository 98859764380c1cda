"""Nobody sees what is not theirs: bob gets 404 for every one of alice's objects."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from coffeechat.network.models import Person
from tests.conftest import World

# Every URL that takes an object id, and which of alice's objects it names.
# A new URL with an id must be added here, or test_every_url_with_an_id_is_covered fails.
OBJECT_URLS: dict[str, str] = {
    "api_token_revoke": "api_token",
    "person_detail": "person",
    "import_preview": "import_upload",
    "import_apply": "import_upload",
    "person_edit": "person",
    "person_delete": "person",
    "person_add_note": "person",
    "person_merge": "person",
    "person_keep_apart": "person",
    "organization_detail": "organization",
    "organization_edit": "organization",
    "organization_delete": "organization",
    "exploration_detail": "exploration",
    "exploration_edit": "exploration",
    "exploration_delete": "exploration",
    "interview_detail": "interview",
    "interview_edit": "interview",
    "interview_move": "interview",
    "interview_delete": "interview",
    "interview_add_takeaway": "interview",
    "interview_calendar": "interview",
    "interview_research": "interview",
    "interview_questions": "interview",
    "interview_prep": "interview",
    "interview_live": "interview",
    "interview_tick": "interview",
    "interview_notes": "interview",
    "interview_add_referral": "interview",
    "interview_add_action": "interview",
    "interview_debrief": "interview",
    "message_compose": "interview",
    "message_detail": "message",
    "message_send": "message",
    "message_eml": "message",
    "message_reply": "message",
    "message_delete": "message",
    "message_coach": "message",
    "message_template_edit": "message_template",
    "message_template_delete": "message_template",
    "exploration_suggestions": "exploration",
    "exploration_start_interview": "exploration",
    "exploration_add_target": "exploration",
    "target_edit": "target",
    "target_delete": "target",
    "event_detail": "event",
    "event_edit": "event",
    "event_delete": "event",
    "event_add_person": "event",
    "event_new_person": "event",
    "event_remove_person": "event",
    "reflection_edit": "reflection",
    "reflection_delete": "reflection",
    "drifting_check_in": "person",
    "action_edit": "action",
    "action_complete": "action",
    "action_delete": "action",
    "action_update": "action",
    "posting_edit": "job_posting",
    "posting_apply": "job_posting",
    "posting_delete": "job_posting",
    "posting_note": "job_posting",
    "resource_edit": "resource",
    "resource_finish": "resource",
    "resource_delete": "resource",
    "resource_update": "resource",
    "takeaway_resource": "takeaway",
    "referral_update": "person",
}
POST_ONLY = {
    "api_token_revoke",
    "action_complete",
    "posting_apply",
    "resource_finish",
    "takeaway_resource",
    "person_keep_apart",
    "event_add_person",
    "event_new_person",
    "event_remove_person",
    "import_apply",
    "person_add_note",
    "interview_move",
    "interview_add_takeaway",
    "interview_research",
    "interview_questions",
    "interview_tick",
    "interview_notes",
    "interview_add_referral",
    "interview_add_action",
    "message_send",
    "message_reply",
    "message_coach",
    "exploration_start_interview",
    "exploration_add_target",
}

# Object ids also travel in query strings.
QUERY_URLS: list[tuple[str, str, str]] = [
    ("interview_create", "person", "person"),
    ("interview_create", "exploration", "exploration"),
    ("network", "organization", "organization"),
    ("action_create", "takeaway", "takeaway"),
    ("insights", "exploration", "exploration"),
    ("journal", "exploration", "exploration"),
    ("journal_export", "exploration", "exploration"),
]


def _patterns(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue  # staff only, and the admin scopes nothing by user
            if entry.namespace == "api":
                continue  # tests/test_api.py walks every API endpoint with an id
            yield from _patterns(entry, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry


def test_every_url_with_an_id_is_covered() -> None:
    with_ids = {
        entry.name
        for route, entry in _patterns(get_resolver())
        if "<int:" in route or "<pk" in route or "<uuid:" in route
    }
    assert with_ids, "the walk found no URL with an id; has the URL configuration moved?"
    assert with_ids - OBJECT_URLS.keys() == set(), "add these URLs to OBJECT_URLS"
    assert OBJECT_URLS.keys() - with_ids == set(), "these URLs no longer exist; remove them"


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_bob_gets_404_for_alices_objects(
    name: str, world: World, bob_client: Client, alice_client: Client
) -> None:
    target = getattr(world, OBJECT_URLS[name])
    if name == "interview_calendar":  # only a meeting with a time has a calendar file
        world.interview.move_to("scheduled", scheduled_at=timezone.now())
    if name == "referral_update":  # only someone referred has a referrer to thank
        world.person.referred_by = Person.objects.create(user=world.person.user, first_name="Ref")
        world.person.save()
    url = reverse(name, args=[target.pk])
    row = type(target).objects.filter(pk=target.pk).values()
    if name not in POST_ONLY:
        assert alice_client.get(url).status_code == 200, "alice must reach her own object"
    before = row.get()
    if name not in POST_ONLY:
        assert bob_client.get(url).status_code == 404
    else:
        assert bob_client.get(url).status_code in (404, 405)
    response = bob_client.post(
        url, {"stage": "researching", "text": "bob was here", "first_name": "Bob"}
    )
    assert response.status_code == 404
    # Still there, unchanged by bob. (Not "no 'bob' in its fields": an API token's hint is
    # random, and holds "bob" in about one run in 6,500.)
    assert row.get() == before


@pytest.mark.parametrize(("name", "parameter", "attribute"), QUERY_URLS)
def test_bob_gets_404_for_alices_ids_in_query_strings(
    name: str,
    parameter: str,
    attribute: str,
    world: World,
    bob_client: Client,
    alice_client: Client,
) -> None:
    url = f"{reverse(name)}?{parameter}={getattr(world, attribute).pk}"
    assert alice_client.get(url).status_code == 200
    assert bob_client.get(url).status_code == 404


def test_bobs_lists_show_nothing_of_alices(world: World, bob_client: Client) -> None:
    for url in [
        "/",
        "/network/",
        "/network/organizations/",
        "/network/duplicates/",
        "/network/vcards/",
        "/explorations/",
        "/pipeline/",
        "/pipeline/?view=table",
        "/insights/",
        "/insights/journal/",
        "/insights/journal/export/?format=csv",
        "/growth/",
        "/interviews/new/",
    ]:
        page = bob_client.get(url).content.decode()
        assert "Grace" not in page and "Northwind" not in page, url
