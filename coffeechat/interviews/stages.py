"""The interview pipeline: its stages and the moves allowed between them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models


class Stage(models.TextChoices):
    IDEA = "idea", "Idea"
    RESEARCHING = "researching", "Researching"
    REQUESTED = "requested", "Requested"
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    THANKED = "thanked", "Thanked"
    CLOSED = "closed", "Closed"


# The pipeline's order, computed once: Django builds `Stage.values` anew on every access.
STAGE_ORDER: tuple[str, ...] = tuple(Stage.values)


class CloseReason(models.TextChoices):
    DECLINED = "declined", "Declined"
    NO_REPLY = "no-reply", "No reply after the follow-up"
    CANCELLED = "cancelled", "Cancelled"


# A request can be skipped (someone agreed in person), but a meeting can only be
# held once scheduled, and thanked once held. Closing keeps the person in the
# network; a closed interview can be reopened as an idea.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Stage.IDEA: (Stage.RESEARCHING, Stage.REQUESTED, Stage.SCHEDULED, Stage.CLOSED),
    Stage.RESEARCHING: (Stage.IDEA, Stage.REQUESTED, Stage.SCHEDULED, Stage.CLOSED),
    Stage.REQUESTED: (Stage.SCHEDULED, Stage.CLOSED),
    Stage.SCHEDULED: (Stage.HELD, Stage.REQUESTED, Stage.CLOSED),
    Stage.HELD: (Stage.THANKED,),
    Stage.THANKED: (),
    Stage.CLOSED: (Stage.IDEA,),
}

# What each move is called on a button.
MOVE_LABELS: dict[str, str] = {
    Stage.IDEA: "Back to idea",
    Stage.RESEARCHING: "Start researching",
    Stage.REQUESTED: "Mark requested",
    Stage.SCHEDULED: "Schedule",
    Stage.HELD: "Mark held",
    Stage.THANKED: "Mark thanked",
    Stage.CLOSED: "Close",
}


class StageError(ValidationError):
    """An interview was asked to make a move the pipeline does not allow."""


def check_move(current: str, target: str) -> None:
    if target not in Stage.values:
        raise StageError(f"{target!r} is not a stage. Stages are: {', '.join(Stage.values)}.")
    if target == current:
        raise StageError(f"The interview is already {Stage(current).label.lower()}.")
    if target not in TRANSITIONS[current]:
        allowed = TRANSITIONS[current]
        options = (
            ", ".join(Stage(s).label.lower() for s in allowed)
            if allowed
            else "nothing: it is finished"
        )
        raise StageError(
            f"An interview can't move from {Stage(current).label.lower()} to "
            f"{Stage(target).label.lower()}. From here it can move to {options}."
        )
