"""The Insights page: themes, the skills gap with its one-click action, and the pictures."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coffeechat.accounts.models import profile_for
from coffeechat.growth.models import Action, ActionKind, Reflection
from coffeechat.insights import charts
from coffeechat.insights.skills import same_skill, skill_name, skills_gap
from coffeechat.interviews.models import CloseReason, Interview, Stage, Takeaway, TakeawayKind
from coffeechat.network.models import Exploration, Person, Source
from coffeechat.outreach.models import Channel, Message, MessageKind, Reply
from tests.conftest import World, build_world


def person(user: User, name: str, **fields: object) -> Person:
    first, _, last = name.partition(" ")
    return Person.objects.create(user=user, first_name=first, last_name=last, **fields)


def held(user: User, who: Person, *, days_ago: float = 3, **fields: object) -> Interview:
    interview = Interview.objects.create(user=user, person=who, **fields)
    when = timezone.now() - dt.timedelta(days=days_ago)
    interview.move_to(Stage.REQUESTED, at=when - dt.timedelta(days=5))
    interview.move_to(Stage.SCHEDULED, scheduled_at=when - dt.timedelta(minutes=30), at=when)
    interview.move_to(Stage.HELD, at=when)
    return interview


def skill(user: User, interview: Interview, text: str) -> Takeaway:
    return Takeaway.objects.create(
        user=user, interview=interview, person=interview.person, kind=TakeawayKind.SKILL, text=text
    )


# ----------------------------------------------------------------------------- skills gap


@pytest.mark.backend_independent
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Learn SQL well enough to pull your own data.", "SQL"),
        ("Basic statistics: confidence intervals and sample sizes.", "Statistics"),
        ("Get comfortable with Figma", "Comfortable with Figma"),
        ("Python", "Python"),
        ("Learn to write clear research plans.", "Write clear research plans"),
    ],
)
def test_a_skill_takeaway_is_named_by_its_skill(text: str, name: str) -> None:
    assert skill_name(text) == name


@pytest.mark.backend_independent
@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("SQL", "sql", True),
        ("Statistics", "Basic statistics", True),
        ("Survey design", "survey-design", True),
        ("Spreadsheets", "spreadsheet", True),
        ("SQL", "Python", False),
        ("Interviewing", "Figma", False),
        ("R", "Research", False),
    ],
)
def test_skills_match_leniently(one: str, other: str, same: bool) -> None:
    assert same_skill(one, other) is same


def test_the_gap_lists_what_people_named_and_the_profile_lacks(alice: User) -> None:
    profile = profile_for(alice)
    profile.skills = "sql\nWorkshop facilitation"
    profile.save()
    ana, ben, cy = (person(alice, n) for n in ("Ana Ames", "Ben Bell", "Cy Cole"))
    skill(alice, held(alice, ana), "Learn SQL properly.")
    skill(alice, held(alice, ben), "Basic statistics: sample sizes.")
    ben_again = held(alice, ben, days_ago=1)
    skill(alice, ben_again, "Statistics, really.")
    skill(alice, held(alice, cy), "Learn statistics before applying")

    gap = {need.name: need for need in skills_gap(alice)}

    assert gap["SQL"].has_it and gap["SQL"].matched_skill == "sql"
    statistics = gap["Statistics"]
    assert not statistics.has_it
    assert statistics.count == 2
    assert statistics.people == ["Ben Bell", "Cy Cole"]
    assert statistics.suggested_by_id == ben.pk


def test_one_click_turns_a_missing_skill_into_a_planned_action(
    alice: User, alice_client: Client
) -> None:
    ana, ben = person(alice, "Ana Ames"), person(alice, "Ben Bell")
    skill(alice, held(alice, ana), "Learn Figma for prototypes.")
    taught = skill(alice, held(alice, ben), "Learn Figma, it's the standard.")
    skill(alice, held(alice, ben, days_ago=1), "Figma again")

    page = alice_client.get("/insights/").content.decode()
    assert "Plan to learn it" in page and "Figma" in page

    response = alice_client.post("/insights/skills/plan/", {"skill": "Figma"})
    assert response.status_code == 302 and response["Location"].endswith("/insights/#skills")
    action = Action.objects.get(user=alice)
    assert action.title == "Learn Figma"
    assert action.kind == ActionKind.LEARN_SKILL
    assert action.suggested_by == ben, "Ben said it twice"
    assert action.takeaway == taught
    assert "2 people: Ben Bell, Ana Ames" in action.notes

    page = alice_client.get("/insights/").content.decode()
    assert "Planned:" in page and "Learn Figma" in page
    alice_client.post("/insights/skills/plan/", {"skill": "Figma"})
    assert Action.objects.filter(user=alice).count() == 1, "planning twice makes one action"


def test_planning_a_skill_nobody_named_says_so(alice: User, alice_client: Client) -> None:
    response = alice_client.post("/insights/skills/plan/", {"skill": "Juggling"}, follow=True)
    assert "“Juggling” is no longer among the skills people named." in response.content.decode()
    assert not Action.objects.exists()
    assert alice_client.get("/insights/skills/plan/").status_code == 405


def test_bob_cannot_plan_from_alices_skills_or_explorations(
    world: World, bob: User, bob_client: Client
) -> None:
    skill(world.person.user, world.interview, "Learn Tableau.")
    assert bob_client.post("/insights/skills/plan/", {"skill": "Tableau"}).status_code == 302
    assert not Action.objects.filter(user=bob).exists()
    response = bob_client.post(
        "/insights/skills/plan/", {"skill": "Tableau", "exploration": world.exploration.pk}
    )
    assert response.status_code == 404


# ----------------------------------------------------------------------------- charts


def numbers(chart: charts.Chart) -> dict[str, tuple[object, ...]]:
    return {str(row[0]): row[1:] for row in chart.rows}


def test_the_funnel_counts_requests_replies_meetings_thank_yous_and_referrals(
    alice: User,
) -> None:
    ana = person(alice, "Ana Ames")
    prompt = held(alice, ana)
    prompt.move_to(Stage.THANKED, at=prompt.held_at + dt.timedelta(hours=2))  # type: ignore[operator]
    late = held(alice, person(alice, "Ben Bell"))
    late.move_to(Stage.THANKED, at=late.held_at + dt.timedelta(hours=60))  # type: ignore[operator]
    held(alice, person(alice, "Cy Cole"))
    declined = Interview.objects.create(user=alice, person=person(alice, "Di Dorn"))
    declined.move_to(Stage.REQUESTED)
    declined.move_to(Stage.CLOSED, close_reason=CloseReason.DECLINED)
    waiting = Interview.objects.create(user=alice, person=person(alice, "Ed Eng"))
    waiting.move_to(Stage.REQUESTED)
    Interview.objects.create(user=alice, person=person(alice, "Fay Fox"))  # an idea: not asked
    person(alice, "Gil Gray", referred_by=ana, source=Source.REFERRAL)

    chart = charts.funnel_chart(alice)

    assert numbers(chart) == {
        "Requests sent": (5, "—"),
        "Replies": (4, "80% of requests"),
        "Meetings held": (3, "60% of requests"),
        "Thank-yous on time": (1, "33% of meetings"),
        "Referrals gained": (1, "—"),
    }
    assert "5 requests sent, 4 replies (80%), 3 meetings held" in chart.summary


def test_reply_rates_by_source_and_channel(alice: User) -> None:
    def ask(name: str, source: str, channel: str, reply: str) -> None:
        who = person(alice, name, source=source)
        Message.objects.create(
            user=alice,
            person=who,
            kind=MessageKind.REQUEST,
            channel=channel,
            sent_at=timezone.now(),
            reply=reply,
        )

    ask("Al A", Source.ALUMNI, Channel.EMAIL, Reply.YES)
    ask("Bo B", Source.ALUMNI, Channel.LINKEDIN_NOTE, Reply.NO)
    ask("Cy C", Source.ALUMNI, Channel.LINKEDIN_NOTE, "")
    ask("Di D", Source.COLD, Channel.EMAIL, "")
    by_source, by_channel = charts.reply_rate_charts(alice)
    assert numbers(by_source) == {"Alumni": (3, 2, "67%"), "Research (cold)": (1, 0, "0%")}
    assert numbers(by_channel) == {"Email": (2, 1, "50%"), "LinkedIn note": (2, 1, "50%")}
    assert "Alumni 67% (2 of 3)" in by_source.summary


def test_the_weekly_rhythm_counts_requests_meetings_and_hours_per_week(alice: User) -> None:
    now = timezone.now()
    interview = held(alice, person(alice, "Ana Ames"), days_ago=0, time_spent_minutes=90)
    held(alice, person(alice, "Ben Bell"), days_ago=0, time_spent_minutes=45)
    held(alice, person(alice, "Old Timer"), days_ago=400, time_spent_minutes=600)
    chart = charts.weekly_chart(alice, now=now)
    assert len(chart.rows) == charts.WEEKS
    this_week = chart.rows[-1]
    assert this_week[2:] == (2, 2.2)  # meetings, hours (135 minutes)
    requests_week = timezone.localdate(interview.requested_at)
    monday = requests_week - dt.timedelta(days=requests_week.weekday())
    assert numbers(chart)[f"{monday:%Y-%m-%d}"][0] == 2
    assert sum(row[1] for row in chart.rows) == 2, "the request 400 days ago is out of range"


def test_the_referral_graph_links_who_introduced_whom_coloured_by_stage(alice: User) -> None:
    ana = person(alice, "Ana Ames")
    held(alice, ana)
    ben = person(alice, "Ben Bell", referred_by=ana)
    person(alice, "Cy Cole", referred_by=ben)
    loop_a = person(alice, "Lu Loop")
    loop_b = person(alice, "Mo Loop", referred_by=loop_a)
    loop_a.referred_by = loop_b  # a mistake in the data must not hang the layout
    loop_a.save()
    chart = charts.referral_graph(alice)
    assert ("Ana Ames", "Ben Bell", "No interview") in chart.rows
    assert ("Ben Bell", "Cy Cole", "No interview") in chart.rows
    assert len(chart.rows) == 4
    svg = str(chart.svg)
    assert re.search(r'class="node node-held"[^>]*/><text[^>]*>Ana Ames<', svg)
    assert svg.count("graph-edge") == 3, "the loop is drawn once round, not forever"


def test_confidence_over_time_is_drawn_from_the_reflections(alice: User) -> None:
    today = timezone.localdate()
    for days, confidence in ((30, 2), (10, 4), (20, 3)):
        Reflection.objects.create(
            user=alice, date=today - dt.timedelta(days=days), confidence=confidence, text="."
        )
    chart = charts.confidence_chart(alice)
    assert [row[1] for row in chart.rows] == [2, 3, 4]
    assert "confidence went from 2 to 4" in chart.summary
    assert str(chart.svg).count('class="chart-point"') == 3


# ----------------------------------------------------------------------------- the page


def test_every_chart_is_accessible_svg_with_its_numbers(world: World, alice_client: Client) -> None:
    alice = world.person.user
    interview = held(alice, person(alice, "Ana Ames"), time_spent_minutes=60)
    Message.objects.create(
        user=alice, person=interview.person, interview=interview, sent_at=timezone.now()
    )
    person(alice, "Ben Bell", referred_by=interview.person)
    page = alice_client.get("/insights/").content.decode()
    for slug in ("funnel", "by-source", "by-channel", "weekly", "referrals", "confidence"):
        section = page[page.index(f'id="chart-{slug}"') :]
        section = section[: section.index("</section>")]
        assert 'role="img"' in section, slug
        assert f'aria-labelledby="{slug}-title {slug}-desc"' in section, slug
        assert f'<title id="{slug}-title">' in section and f'<desc id="{slug}-desc">' in section
        assert "<table" in section and "<details" in section, slug
    assert " style=" not in page and "<script>" not in page and "onclick" not in page
    assert 'href="/insights/journal/"' in page


def test_the_page_reads_a_fixed_number_of_queries_however_much_data(
    alice: User, alice_client: Client
) -> None:
    held(alice, person(alice, "Ana Ames"))
    alice_client.get("/insights/")
    with CaptureQueriesContext(connection) as few:
        alice_client.get("/insights/")
    source = person(alice, "Ref Root")
    for index in range(12):
        who = person(alice, f"P{index} Q", referred_by=source)
        interview = held(alice, who, days_ago=index * 5, time_spent_minutes=30)
        skill(alice, interview, f"Learn tool{index}.")
        Message.objects.create(
            user=alice, person=who, interview=interview, sent_at=timezone.now(), reply=Reply.YES
        )
        Reflection.objects.create(
            user=alice, date=timezone.localdate() - dt.timedelta(days=index), confidence=3
        )
    alice_client.get("/insights/")  # the notes changed: this visit finds the themes anew
    with CaptureQueriesContext(connection) as many:
        alice_client.get("/insights/")
    assert len(many) == len(few)


def test_the_exploration_filter_narrows_the_pictures(alice: User, alice_client: Client) -> None:
    ux = Exploration.objects.create(user=alice, name="UX")
    data = Exploration.objects.create(user=alice, name="Data")
    held(alice, person(alice, "Ana Ames"), exploration=ux)
    held(alice, person(alice, "Ben Bell"), exploration=data)
    held(alice, person(alice, "Cy Cole"), exploration=data)
    assert numbers(charts.funnel_chart(alice, ux.pk))["Meetings held"][0] == 1
    page = alice_client.get(f"/insights/?exploration={data.pk}").content.decode()
    assert "2 meetings held" in page
    assert f'<option value="{data.pk}" selected>' in page


def test_bob_sees_none_of_alices_insights(world: World, bob: User, bob_client: Client) -> None:
    alice = world.person.user
    skill(alice, world.interview, "Learn Tableau.")
    held(alice, person(alice, "Ana Ames", referred_by=world.person))
    build_world(bob)  # bob has his own Grace Hopper: rename his to tell them apart
    Person.objects.filter(user=bob).update(first_name="Bobby", search_text="bobby")
    page = bob_client.get("/insights/").content.decode()
    assert "Tableau" not in page and "Ana Ames" not in page and "Grace" not in page
    for chart in charts.all_charts(bob):
        assert "Ana" not in str(chart.svg) + str(chart.rows), chart.slug
    assert bob_client.get(f"/insights/?exploration={world.exploration.pk}").status_code == 404
    assert (
        bob_client.get(f"/insights/journal/?exploration={world.exploration.pk}").status_code == 404
    )
