"""How readily a person answers, learned from what happened rather than typed in.

- booster: answered a request within 2 calendar days (`BOOSTER_DAYS`) of the first
  request of that interview;
- slow: answered, but later than that (a reply that only came after the follow-up is slow);
- no reply: an interview with them was closed as "no reply after the follow-up".

The latest evidence wins: someone who ignored one request and answered the next is no
longer marked as not replying. Without any evidence the person's value is left alone.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Min
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from coffeechat.interviews.models import CloseReason, Interview, Stage
from coffeechat.network.models import Person, Responsiveness
from coffeechat.outreach.models import ASKING_KINDS, Message

BOOSTER_DAYS = 2


def learn_responsiveness(person: Person) -> str:
    """Recompute and save the person's responsiveness; return it."""
    answered = (
        Message.objects.filter(
            person=person, kind__in=ASKING_KINDS, sent_at__isnull=False, replied_at__isnull=False
        )
        .exclude(reply="")
        .order_by("-replied_at", "-id")
        .first()
    )
    silence = (
        Interview.objects.filter(
            person=person, stage=Stage.CLOSED, close_reason=CloseReason.NO_REPLY
        )
        .order_by("-closed_at")
        .values_list("closed_at", flat=True)
        .first()
    )
    value = person.responsiveness
    if (
        answered is not None
        and answered.replied_at is not None
        and (silence is None or answered.replied_at >= silence)
    ):
        asked = answered.sent_at
        if answered.interview_id is not None:
            asked = (
                Message.objects.filter(
                    interview_id=answered.interview_id,
                    kind__in=ASKING_KINDS,
                    sent_at__isnull=False,
                ).aggregate(first=Min("sent_at"))["first"]
                or asked
            )
        assert asked is not None
        days = (timezone.localdate(answered.replied_at) - timezone.localdate(asked)).days
        value = Responsiveness.BOOSTER if days <= BOOSTER_DAYS else Responsiveness.SLOW
    elif silence is not None:
        value = Responsiveness.NO_REPLY
    if value != person.responsiveness:
        Person.objects.filter(pk=person.pk).update(responsiveness=value)
        person.responsiveness = value
    return value


@receiver(post_save, sender=Interview, dispatch_uid="outreach_learn_from_no_reply")
def learn_from_no_reply(sender: type[Interview], instance: Interview, **kwargs: Any) -> None:
    # Closing is done by the pipeline (Interview.move_to), which knows nothing of replies.
    if instance.stage == Stage.CLOSED and instance.close_reason == CloseReason.NO_REPLY:
        learn_responsiveness(instance.person)
