"""Target organizations: the LAMP list of Steve Dalton's *The 2-Hour Job Search*.

For one exploration the user lists organizations worth approaching and scores each:
Motivation (0–3, how much they want to work there), Postings (whether they post jobs that
fit: the checkbox, or a job posting saved for that organization), and Advocates (whether
someone there could speak up for them: a contact, an alumnus, a referral). Dalton sorts by
motivation, then postings, then advocates, and works on the top five at a time: those are
the active ones. Each row shows its coverage: people known there, requests out,
conversations held.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from coffeechat.interviews.models import Stage
from coffeechat.network.models import Exploration, Organization, Source, TargetOrganization

ACTIVE = 5
ADVOCATE_SOURCES = (Source.ALUMNI, Source.REFERRAL, Source.COWORKER)


@dataclass
class TargetRow:
    target: TargetOrganization
    rank: int
    posts_jobs: bool
    postings: int
    advocates: int
    people: int
    requests_out: int
    conversations: int

    @property
    def active(self) -> bool:
        return self.rank <= ACTIVE

    @property
    def has_advocate(self) -> bool:
        return self.target.alumni or self.advocates > 0 or self.people > 0

    def advocate_reason(self) -> str:
        if self.advocates:
            plural = "s" if self.advocates != 1 else ""
            return f"{self.advocates} likely advocate{plural} (alumni, referrals, coworkers)"
        if self.target.alumni:
            return "Alumni work there"
        if self.people:
            return f"You know {self.people} {'person' if self.people == 1 else 'people'} there"
        return "No advocate yet"

    def sort_key(self) -> tuple[int, int, int, str]:
        return (
            -self.target.motivation,
            -int(self.posts_jobs),
            -int(self.has_advocate),
            self.target.organization.name.casefold(),
        )


def ranked_targets(exploration: Exploration) -> list[TargetRow]:
    """The exploration's target organizations in LAMP order, with their coverage."""
    from coffeechat.growth.models import JobPosting, PostingStatus

    targets = list(
        TargetOrganization.objects.filter(exploration=exploration).select_related("organization")
    )
    ids = [t.organization_id for t in targets]
    coverage = {
        row["id"]: row
        for row in Organization.objects.filter(id__in=ids)
        .annotate(
            people_known=Count("people", distinct=True),
            advocates=Count(
                "people",
                filter=Q(people__source__in=ADVOCATE_SOURCES)
                | Q(people__referred_by__isnull=False),
                distinct=True,
            ),
            requests_out=Count(
                "people__interviews",
                filter=Q(people__interviews__stage=Stage.REQUESTED),
                distinct=True,
            ),
            conversations=Count(
                "people__interviews",
                filter=Q(people__interviews__stage__in=[Stage.HELD, Stage.THANKED]),
                distinct=True,
            ),
        )
        .values("id", "people_known", "advocates", "requests_out", "conversations")
    }
    postings = dict(
        JobPosting.objects.filter(user_id=exploration.user_id, organization_id__in=ids)
        .exclude(status=PostingStatus.CLOSED)
        .values("organization_id")
        .annotate(n=Count("id"))
        .values_list("organization_id", "n")
    )
    rows = []
    for target in targets:
        counts: dict[str, Any] = coverage.get(target.organization_id, {})
        found = postings.get(target.organization_id, 0)
        rows.append(
            TargetRow(
                target=target,
                rank=0,
                posts_jobs=target.posts_jobs or found > 0,
                postings=found,
                advocates=counts.get("advocates", 0),
                people=counts.get("people_known", 0),
                requests_out=counts.get("requests_out", 0),
                conversations=counts.get("conversations", 0),
            )
        )
    rows.sort(key=TargetRow.sort_key)
    for place, row in enumerate(rows, start=1):
        row.rank = place
    return rows
