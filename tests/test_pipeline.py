from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coffeechat.interviews.models import Interview, Stage, Takeaway
from coffeechat.network.models import Person
from tests.conftest import World, build_world


def test_an_empty_pipeline_explains_where_interviews_come_from(alice_client: Client) -> None:
    page = alice_client.get("/pipeline/").content.decode()
    assert "No interviews yet" in page and "New interview" in page


def test_new_interview_starts_by_picking_a_person(world: World, alice_client: Client) -> None:
    picker = alice_client.get("/interviews/new/?q=hopper").content.decode()
    assert f"/interviews/new/?person={world.person.pk}" in picker
    assert "Nobody matches" in alice_client.get("/interviews/new/?q=zzz").content.decode()


def test_creating_an_interview_for_a_person(
    world: World, alice_client: Client, alice: User
) -> None:
    form = alice_client.get(f"/interviews/new/?person={world.person.pk}").content.decode()
    assert "with Grace Hopper" in form
    response = alice_client.post(
        f"/interviews/new/?person={world.person.pk}",
        {
            "person": world.person.pk,
            "exploration": world.exploration.pk,
            "length_minutes": 20,
            "medium": "video",
            "objective": "How did she move into research?",
        },
    )
    assert response.status_code == 302
    interview = Interview.objects.for_user(alice).latest("id")
    assert interview.stage == Stage.IDEA and interview.length_minutes == 20
    assert response["Location"] == f"/interviews/{interview.pk}/"


def test_an_interview_for_bobs_person_is_refused(
    world: World, alice_client: Client, bob: User
) -> None:
    bobs = build_world(bob)
    response = alice_client.post(
        "/interviews/new/", {"person": bobs.person.pk, "length_minutes": 30, "medium": "video"}
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert Interview.objects.filter(person=bobs.person).count() == 1


def test_a_meeting_longer_than_an_hour_is_refused(world: World, alice_client: Client) -> None:
    response = alice_client.post(
        f"/interviews/{world.interview.pk}/edit/",
        {"person": world.person.pk, "length_minutes": 90, "medium": "video"},
    )
    assert "less than or equal to 60" in response.content.decode()


def test_moving_through_the_stages_from_the_interview_page(
    world: World, alice_client: Client
) -> None:
    url = f"/interviews/{world.interview.pk}/move/"
    alice_client.post(url, {"stage": "requested"})
    when = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = alice_client.post(url, {"stage": "scheduled", "scheduled_at": when}, follow=True)
    world.interview.refresh_from_db()
    assert world.interview.stage == Stage.SCHEDULED and world.interview.scheduled_at is not None
    assert "Interview with Grace Hopper: scheduled." in response.content.decode()


def test_an_illegal_move_is_explained_and_changes_nothing(
    world: World, alice_client: Client
) -> None:
    response = alice_client.post(
        f"/interviews/{world.interview.pk}/move/", {"stage": "thanked"}, follow=True
    )
    assert "can&#x27;t move from idea to thanked" in response.content.decode()
    world.interview.refresh_from_db()
    assert world.interview.stage == Stage.IDEA


def test_a_move_returns_to_the_board_it_came_from_but_never_off_site(
    world: World, alice_client: Client
) -> None:
    url = f"/interviews/{world.interview.pk}/move/"
    back = alice_client.post(url, {"stage": "researching", "next": "/pipeline/?view=board"})
    assert back["Location"] == "/pipeline/?view=board"
    away = alice_client.post(url, {"stage": "idea", "next": "https://evil.example/"})
    assert away["Location"] == f"/interviews/{world.interview.pk}/"


def test_the_board_shows_each_stage_with_its_count(
    world: World, alice_client: Client, alice: User
) -> None:
    other = Person.objects.create(user=alice, first_name="Alan", last_name="Kay")
    scheduled = Interview.objects.create(user=alice, person=other)
    scheduled.move_to(Stage.SCHEDULED, scheduled_at=timezone.now() + dt.timedelta(days=1))
    page = alice_client.get("/pipeline/").content.decode()
    for label in ("Idea", "Researching", "Requested", "Scheduled", "Held", "Thanked", "Closed"):
        assert f">{label}</span>" in page
    scheduled_column = page.split('id="col-scheduled"')[1].split("</section>")[0]
    assert "Alan Kay" in scheduled_column and "Grace Hopper" not in scheduled_column


def test_the_board_shows_at_most_eight_cards_a_stage_and_links_to_the_rest(
    alice_client: Client, alice: User
) -> None:
    person = Person.objects.create(user=alice, first_name="Many")
    Interview.objects.bulk_create(Interview(user=alice, person=person) for _ in range(35))
    page = alice_client.get("/pipeline/").content.decode()
    idea_column = page.split('id="col-idea"')[1].split("</section>")[0]
    assert idea_column.count('class="card interview-card"') == 8
    assert "All 35" in idea_column


def test_the_board_query_count_does_not_grow_with_cards(alice_client: Client, alice: User) -> None:
    person = Person.objects.create(user=alice, first_name="Many")
    Interview.objects.create(user=alice, person=person)
    alice_client.get("/pipeline/")  # the first visit creates the profile
    with CaptureQueriesContext(connection) as few:
        alice_client.get("/pipeline/")
    Interview.objects.bulk_create(Interview(user=alice, person=person) for _ in range(40))
    with CaptureQueriesContext(connection) as many:
        alice_client.get("/pipeline/")
    assert len(many) == len(few)


def test_the_table_filters_by_stage_and_sorts(
    world: World, alice_client: Client, alice: User
) -> None:
    other = Person.objects.create(user=alice, first_name="Alan", last_name="Kay")
    Interview.objects.create(user=alice, person=other).move_to(Stage.RESEARCHING)
    table = alice_client.get("/pipeline/?view=table&stage=researching").content.decode()
    assert "Alan Kay" in table and "Grace Hopper" not in table
    by_person = alice_client.get("/pipeline/?view=table&sort=person").content.decode()
    assert by_person.index("Grace Hopper") < by_person.index("Alan Kay")  # Hopper before Kay


def test_the_pipeline_filters_by_exploration(
    world: World, alice_client: Client, alice: User
) -> None:
    Interview.objects.create(
        user=alice, person=Person.objects.create(user=alice, first_name="Zebedee")
    )
    page = alice_client.get(f"/pipeline/?exploration={world.exploration.pk}").content.decode()
    assert "Grace Hopper" in page and "Zebedee" not in page


def test_interview_page_shows_notes_moves_and_takeaways(world: World, alice_client: Client) -> None:
    world.interview.notes = "She moved from teaching via a bootcamp."
    world.interview.save()
    page = alice_client.get(f"/interviews/{world.interview.pk}/").content.decode()
    assert "via a bootcamp" in page and "Start researching" in page and "Learn SQL." in page
    alice_client.post(
        f"/interviews/{world.interview.pk}/takeaways/",
        {"kind": "resource", "text": "Read Just Enough Research"},
    )
    takeaway = Takeaway.objects.get(text="Read Just Enough Research")
    assert takeaway.person == world.person and takeaway.interview == world.interview


def test_deleting_an_interview_keeps_the_person(world: World, alice_client: Client) -> None:
    alice_client.post(f"/interviews/{world.interview.pk}/delete/")
    assert not Interview.objects.filter(pk=world.interview.pk).exists()
    assert Person.objects.filter(pk=world.person.pk).exists()


def test_today_lists_meetings_thank_yous_and_actions(
    world: World, alice_client: Client, alice: User
) -> None:
    world.interview.move_to(Stage.SCHEDULED, scheduled_at=timezone.now() + dt.timedelta(hours=3))
    held_person = Person.objects.create(user=alice, first_name="Edsger", last_name="Dijkstra")
    held = Interview.objects.create(user=alice, person=held_person)
    held.move_to(Stage.SCHEDULED, scheduled_at=timezone.now() - dt.timedelta(hours=5))
    held.move_to(Stage.HELD)
    page = alice_client.get("/").content.decode()
    upcoming = page.split('id="upcoming-heading"')[1].split("</section>")[0]
    thanks = page.split('id="due-heading"')[1].split("</section>")[0]
    assert "Grace Hopper" in upcoming and "Thank Edsger Dijkstra" in thanks
    assert "Take a SQL course" in page


def test_growth_and_insights_show_what_there_is(world: World, alice_client: Client) -> None:
    growth = alice_client.get("/growth/").content.decode()
    assert (
        "Take a SQL course" in growth
        and "UXPA" in growth
        and "Researcher" in growth
        and "Calmer." in growth
    )
    insights = alice_client.get("/insights/").content.decode()
    assert 'data-chart="funnel"' in insights and "/insights/journal/" in insights


def test_a_held_interview_warns_when_the_thank_you_is_due(
    world: World, alice_client: Client
) -> None:
    url = f"/interviews/{world.interview.pk}/"
    assert "thank-you-due" not in alice_client.get(url).content.decode()
    world.interview.move_to(Stage.SCHEDULED, scheduled_at=timezone.now() - dt.timedelta(hours=2))
    world.interview.move_to(Stage.HELD)
    page = alice_client.get(url).content.decode()
    assert "Send your thank-you by" in page and 'class="thank-you-due"' in page
    assert f"/interviews/{world.interview.pk}/messages/new/?kind=thank-you" in page
    world.interview.held_at = timezone.now() - dt.timedelta(hours=50)
    world.interview.save(update_fields=["held_at"])
    page = alice_client.get(url).content.decode()
    assert "overdue since" in page and 'class="thank-you-due urgent"' in page
