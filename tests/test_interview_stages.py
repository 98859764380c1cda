from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from coffeechat.interviews.models import CloseReason, Interview, Stage, StageError
from coffeechat.interviews.stages import TRANSITIONS
from tests.conftest import World

SOON = timezone.now() + dt.timedelta(days=3)


def test_a_new_interview_is_an_idea(world: World) -> None:
    assert world.interview.stage == Stage.IDEA


def test_it_walks_the_whole_pipeline_and_records_when(world: World) -> None:
    interview = world.interview
    interview.move_to(Stage.RESEARCHING)
    interview.move_to(Stage.REQUESTED)
    interview.move_to(Stage.SCHEDULED, scheduled_at=SOON)
    interview.move_to(Stage.HELD)
    interview.move_to(Stage.THANKED)
    interview = Interview.objects.get(pk=interview.pk)
    assert interview.stage == Stage.THANKED
    assert interview.requested_at and interview.held_at and interview.thanked_at
    assert interview.scheduled_at == SOON


def test_it_refuses_to_hold_a_meeting_that_was_never_scheduled(world: World) -> None:
    with pytest.raises(StageError, match="can't move from idea to held"):
        world.interview.move_to(Stage.HELD)
    world.interview.refresh_from_db()
    assert world.interview.stage == Stage.IDEA


def test_the_refusal_says_where_it_can_go(world: World) -> None:
    with pytest.raises(StageError) as error:
        world.interview.move_to(Stage.THANKED)
    assert "researching" in error.value.messages[0] and "scheduled" in error.value.messages[0]


def test_scheduling_needs_a_time(world: World) -> None:
    with pytest.raises(StageError, match="date and time"):
        world.interview.move_to(Stage.SCHEDULED)


def test_closing_needs_a_reason_and_reopening_clears_it(world: World) -> None:
    with pytest.raises(StageError, match="say why"):
        world.interview.move_to(Stage.CLOSED)
    world.interview.move_to(Stage.CLOSED, close_reason=CloseReason.DECLINED)
    assert world.interview.close_reason == "declined" and world.interview.closed_at
    world.interview.move_to(Stage.IDEA)
    assert world.interview.close_reason == "" and world.interview.closed_at is None


def test_a_thanked_interview_is_finished(world: World) -> None:
    assert TRANSITIONS[Stage.THANKED] == ()
    world.interview.stage = Stage.THANKED
    with pytest.raises(StageError, match="finished"):
        world.interview.move_to(Stage.CLOSED, close_reason="declined")


def test_it_refuses_an_unknown_stage_and_a_move_to_the_same_stage(world: World) -> None:
    with pytest.raises(StageError, match="not a stage"):
        world.interview.move_to("hired")
    with pytest.raises(StageError, match="already idea"):
        world.interview.move_to(Stage.IDEA)


def test_held_time_is_the_end_of_the_meeting_when_marked_later(world: World) -> None:
    interview = world.interview
    start = timezone.now() - dt.timedelta(days=2)
    interview.move_to(Stage.SCHEDULED, scheduled_at=start)
    interview.move_to(Stage.HELD)
    assert interview.held_at == start + dt.timedelta(minutes=interview.length_minutes)


@pytest.mark.parametrize("source", Stage.values)
def test_every_stage_has_a_rule(source: str) -> None:
    assert source in TRANSITIONS
    assert all(target in Stage.values for target in TRANSITIONS[source])
