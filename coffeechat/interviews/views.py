from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from coffeechat.interviews.forms import InterviewForm, MoveForm, TakeawayForm
from coffeechat.interviews.models import CloseReason, Interview, Stage, StageError
from coffeechat.interviews.stages import STAGE_ORDER
from coffeechat.network.models import Exploration, Person
from coffeechat.owned import AuthedRequest, get_for_user

BOARD_CARDS_PER_STAGE = 10
TABLE_SORTS = {
    "person": ("person__last_name", "person__first_name"),
    "stage": ("stage", "-stage_changed_at"),
    "scheduled": ("-scheduled_at",),
    "changed": ("-stage_changed_at", "-id"),
}


def show_pipeline(request: AuthedRequest) -> HttpResponse:
    interviews = Interview.objects.for_user(request.user).select_related(
        "person", "person__organization", "exploration"
    )
    explorations = Exploration.objects.for_user(request.user)
    exploration = request.GET.get("exploration", "")
    if exploration.isdigit():
        interviews = interviews.filter(exploration_id=int(exploration))
    view = "table" if request.GET.get("view") == "table" else "board"
    context: dict[str, Any] = {
        "view": view,
        "explorations": explorations,
        "exploration": exploration,
    }
    if view == "board":
        # Counts and the newest cards of each stage in two queries: every (id, stage) pair
        # in order, read from an index, then the chosen cards. One query per column cost
        # more in query building than in SQL; a window function had to rank every row.
        order = ("-stage_changed_at", "-id")
        counts = dict.fromkeys(STAGE_ORDER, 0)
        chosen: dict[str, list[int]] = {stage: [] for stage in STAGE_ORDER}
        for pk, stage in interviews.order_by(*order).values_list("id", "stage"):
            counts[stage] += 1
            if counts[stage] <= BOARD_CARDS_PER_STAGE:
                chosen[stage].append(pk)
        cards = interviews.filter(pk__in=[pk for pks in chosen.values() for pk in pks]).order_by(*order)
        by_stage: dict[str, list[Interview]] = {stage: [] for stage in STAGE_ORDER}
        for card in cards:
            by_stage[card.stage].append(card)
        context["columns"] = [
            {
                "stage": stage,
                "label": label,
                "cards": by_stage[stage],
                "count": counts[stage],
            }
            for stage, label in Stage.choices
        ]
        context["total"] = sum(counts.values())
    else:
        stage = request.GET.get("stage", "")
        if stage in Stage.values:
            interviews = interviews.filter(stage=stage)
        sort = request.GET.get("sort", "changed")
        interviews = interviews.order_by(*TABLE_SORTS.get(sort, TABLE_SORTS["changed"]))
        context.update(
            page=Paginator(interviews, 50).get_page(request.GET.get("page")),
            stage=stage,
            stages=Stage.choices,
            sort=sort,
        )
        context["total"] = context["page"].paginator.count
    return render(request, "interviews/pipeline.html", context)


def create_interview(request: AuthedRequest) -> HttpResponse:
    initial: dict[str, Any] = {}
    person_id = request.GET.get("person", "")
    if person_id.isdigit():
        initial["person"] = get_for_user(Person, request.user, int(person_id))
    if request.GET.get("exploration", "").isdigit():
        initial["exploration"] = get_for_user(
            Exploration, request.user, int(request.GET["exploration"])
        )
    if request.method == "GET" and "person" not in initial:
        query = request.GET.get("q", "").strip()
        people = Person.objects.for_user(request.user).select_related("organization")
        people = people.search(query) if query else people.order_by("-created_at")
        context = {"people": people[:20], "query": query, "exploration": initial.get("exploration")}
        return render(request, "interviews/pick_person.html", context)
    form = InterviewForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        interview = form.save()
        messages.success(
            request, f"Added an interview with {interview.person.name} to your pipeline."
        )
        return redirect(interview)
    return render(
        request,
        "interviews/interview_form.html",
        {"form": form, "person": initial.get("person"), "title": "New interview"},
    )


def show_interview(request: AuthedRequest, pk: int) -> HttpResponse:
    interview = get_for_user(
        Interview,
        request.user,
        pk,
        select_related=("person", "person__organization", "exploration"),
    )
    context = {
        "interview": interview,
        "moves": interview.allowed_moves(),
        "close_reasons": CloseReason.choices,
        "questions": interview.question_list(),
        "takeaways": interview.takeaways.all(),
        "takeaway_form": TakeawayForm(user=request.user),
        "stages": Stage.choices,
    }
    return render(request, "interviews/interview_detail.html", context)


def edit_interview(request: AuthedRequest, pk: int) -> HttpResponse:
    interview = get_for_user(Interview, request.user, pk, select_related=("person",))
    form = InterviewForm(request.POST or None, instance=interview, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Interview saved.")
        return redirect(interview)
    return render(
        request,
        "interviews/interview_form.html",
        {"form": form, "interview": interview, "title": "Edit interview"},
    )


@require_POST
def move_interview(request: AuthedRequest, pk: int) -> HttpResponse:
    interview = get_for_user(Interview, request.user, pk, select_related=("person",))
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "That move needs a stage, and a valid date and time when scheduling."
        )
    else:
        try:
            interview.move_to(
                form.cleaned_data["stage"],
                scheduled_at=form.cleaned_data["scheduled_at"],
                close_reason=form.cleaned_data["close_reason"],
            )
        except StageError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"Interview with {interview.person.name}: {interview.get_stage_display().lower()}.",
            )
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect(interview)


def delete_interview(request: AuthedRequest, pk: int) -> HttpResponse:
    interview = get_for_user(Interview, request.user, pk, select_related=("person",))
    if request.method == "POST":
        person = interview.person
        interview.delete()
        messages.success(request, f"Deleted the interview with {person.name}.")
        return redirect("pipeline")
    counts = {
        "takeaways": interview.takeaways.count(),
        "prepared questions": interview.questions.count(),
    }
    return render(
        request, "confirm_delete.html", {"object": interview, "counts": counts, "cancel": interview}
    )


@require_POST
def add_takeaway(request: AuthedRequest, pk: int) -> HttpResponse:
    interview = get_for_user(Interview, request.user, pk)
    form = TakeawayForm(request.POST, user=request.user)
    if form.is_valid():
        takeaway = form.save(commit=False)
        takeaway.interview = interview
        takeaway.person_id = interview.person_id
        takeaway.save()
        messages.success(request, "Takeaway saved.")
    else:
        messages.error(request, "A takeaway needs some text.")
    return redirect(interview)
