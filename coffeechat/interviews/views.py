from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from coffeechat.accounts.models import profile_for
from coffeechat.agenda.rules import thank_you_item
from coffeechat.interviews import live, prep
from coffeechat.interviews.forms import (
    ActionForm,
    DebriefForm,
    InterviewForm,
    MoveForm,
    NotesForm,
    QuestionListForm,
    ReferralForm,
    ResearchForm,
    TakeawayForm,
    TickForm,
)
from coffeechat.interviews.models import (
    CloseReason,
    Interview,
    InterviewQuestion,
    Stage,
    StageError,
)
from coffeechat.interviews.stages import STAGE_ORDER
from coffeechat.network.models import Exploration, Person
from coffeechat.owned import AuthedRequest, get_for_user
from coffeechat.pagecache import kept_until_data_changes

BOARD_CARDS_PER_STAGE = 8
# What a card on the board or a row of the table shows; loading only these halves the
# work of building each interview, person and organization.
CARD_FIELDS = (
    "stage",
    "stage_changed_at",
    "scheduled_at",
    "person__first_name",
    "person__last_name",
    "person__organization__name",
    "exploration__name",
)
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
        # Three small queries: the count per stage, the ids of each stage's newest cards
        # (ranked inside the database, on the interviews table alone), and those cards with
        # only the fields a card shows. Ranking after joining people and organizations, or
        # reading every (id, stage) pair into Python, each cost more than the whole page.
        counts = dict.fromkeys(STAGE_ORDER, 0)
        counts.update(interviews.order_by().values_list("stage").annotate(n=Count("id")))
        newest = Window(
            RowNumber(),
            partition_by=F("stage"),
            order_by=[F("stage_changed_at").desc(), F("id").desc()],
        )
        chosen = (
            interviews.select_related(None)
            .order_by()
            .annotate(rank=newest)
            .filter(rank__lte=BOARD_CARDS_PER_STAGE)
            .values_list("pk", flat=True)
        )
        cards = sorted(
            interviews.filter(pk__in=list(chosen)).order_by().only(*CARD_FIELDS),
            key=lambda card: (card.stage_changed_at, card.pk),
            reverse=True,
        )
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
        interviews = interviews.order_by(*TABLE_SORTS.get(sort, TABLE_SORTS["changed"])).only(
            *CARD_FIELDS
        )
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


def _get_interview(request: AuthedRequest, pk: int) -> Interview:
    return get_for_user(
        Interview,
        request.user,
        pk,
        select_related=("person", "person__organization", "exploration"),
    )


def _back(request: AuthedRequest, default: str) -> HttpResponse:
    """Back to the page the form came from (`next`), if it is one of ours."""
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect(default)


def _research_form(request: AuthedRequest, interview: Interview, data: Any = None) -> ResearchForm:
    organization = interview.person.organization
    initial = {
        "objective": interview.objective,
        "person_notes": interview.person.research_notes,
        "organization_notes": organization.research_notes if organization else "",
        "introduction": profile_for(request.user).introduction,
    }
    return ResearchForm(data, initial=initial, has_organization=organization is not None)


@kept_until_data_changes
def show_interview(request: AuthedRequest, pk: int) -> HttpResponse:
    interview = _get_interview(request, pk)
    questions = prep.ordered(interview)
    bank = list(prep.bank_for(request.user))
    now = timezone.now()
    context = {
        "interview": interview,
        "moves": interview.allowed_moves(),
        "close_reasons": CloseReason.choices,
        "questions": questions,
        "fit": prep.fit(interview, len(questions)),
        "report": prep.coach(questions, interview.length_minutes),
        "suggestions": prep.suggestions(interview, items=questions, bank=bank),
        "bank": prep.bank_groups(request.user, bank),
        "research_form": _research_form(request, interview),
        # Each takeaway with what became of it: the actions and the resource made from it.
        "takeaways": interview.takeaways.prefetch_related("actions", "resources"),
        "takeaway_form": TakeawayForm(user=request.user),
        "stages": Stage.choices,
        "now": now,
    }
    if interview.stage == Stage.HELD:
        context["thank_you"] = thank_you_item(interview, profile_for(request.user), now)
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
    return _back(request, interview.get_absolute_url())


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
        takeaway.save()
        messages.success(request, "Takeaway saved.")
    else:
        messages.error(request, "A takeaway needs some text.")
    return _back(request, interview.get_absolute_url())


@require_POST
def save_research(request: AuthedRequest, pk: int) -> HttpResponse:
    interview = _get_interview(request, pk)
    form = _research_form(request, interview, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        interview.objective = data["objective"]
        interview.save(update_fields=["objective", "updated_at"])
        person = interview.person
        person.research_notes = data["person_notes"]
        person.save(update_fields=["research_notes", "updated_at"])
        if person.organization is not None:
            person.organization.research_notes = data["organization_notes"]
            person.organization.save(update_fields=["research_notes", "updated_at"])
        profile = profile_for(request.user)
        profile.introduction = data["introduction"]
        profile.save(update_fields=["introduction"])
        messages.success(request, "Research saved.")
    return redirect(interview.get_absolute_url() + "#research")


@require_POST
def change_questions(request: AuthedRequest, pk: int) -> HttpResponse:
    interview = _get_interview(request, pk)
    form = QuestionListForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(
            request, " ".join(str(e) for e in form.non_field_errors()) or "That change didn't work."
        )
        return redirect(interview.get_absolute_url() + "#questions")
    data = form.cleaned_data
    op = data["op"]
    item = None
    if data.get("item") is not None:
        item = get_object_or_404(
            interview.questions.filter(user_id=request.user.pk), pk=data["item"]
        )
    if op == "add":
        prep.add_from_bank(interview, data["question"])
    elif op == "custom":
        prep.add_custom(interview, data["text"])
    elif op == "fill":
        added = prep.fill_to_fit(interview)
        messages.success(request, f"Added {added} suggested question{'s' if added != 1 else ''}.")
    elif item is not None and op == "remove":
        prep.remove(interview, item)
    elif item is not None:
        prep.move(interview, item, -1 if op == "up" else 1)
    return redirect(interview.get_absolute_url() + "#questions")


def show_prep(request: AuthedRequest, pk: int) -> HttpResponse:
    interview = _get_interview(request, pk)
    return render(
        request,
        "interviews/prep.html",
        {"interview": interview, "sheet": prep.prep_sheet(interview)},
    )


def _captured(interview: Interview) -> dict[str, Any]:
    """What live mode and the debrief list as captured: takeaways, referrals and actions."""
    person = interview.person
    return {
        "takeaways": interview.takeaways.all(),
        "referrals": person.referrals.filter(user_id=interview.user_id).select_related(
            "organization"
        ),
        "actions": person.suggested_actions.filter(user_id=interview.user_id),
    }


def show_live(request: AuthedRequest, pk: int) -> HttpResponse:
    interview = _get_interview(request, pk)
    context = {
        "interview": interview,
        "questions": prep.ordered(interview),
        "notes_form": NotesForm(initial={"notes": interview.notes}),
        "takeaway_form": TakeawayForm(user=request.user),
        "referral_form": ReferralForm(prefix="referral"),
        "action_form": ActionForm(user=request.user, interview=interview, prefix="action"),
        **_captured(interview),
    }
    return render(request, "interviews/live.html", context)


def _saved(request: AuthedRequest, interview: Interview, anchor: str) -> HttpResponse:
    """An htmx save needs no page back; a plain form goes back to live mode."""
    if request.headers.get("HX-Request"):
        return HttpResponse(status=204)
    return redirect(reverse("interview_live", args=[interview.pk]) + anchor)


@require_POST
def tick_question(request: AuthedRequest, pk: int) -> HttpResponse:
    interview = _get_interview(request, pk)
    form = TickForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Which question?")
    item = get_object_or_404(
        InterviewQuestion,
        interview=interview,
        user_id=request.user.pk,
        pk=form.cleaned_data["item"],
    )
    live.set_asked(item, form.is_asked())
    return _saved(request, interview, f"#q-{item.pk}")


@require_POST
def save_notes(request: AuthedRequest, pk: int) -> HttpResponse:
    interview = _get_interview(request, pk)
    form = NotesForm(request.POST)
    if form.is_valid():
        interview.notes = form.cleaned_data["notes"]
        interview.save(update_fields=["notes", "updated_at"])
    return _saved(request, interview, "#notes")


@require_POST
def add_referral(request: AuthedRequest, pk: int) -> HttpResponse:
    interview = _get_interview(request, pk)
    form = ReferralForm(request.POST, prefix="referral")
    if form.is_valid():
        person = live.add_referral(
            interview,
            form.cleaned_data["name"],
            organization=form.cleaned_data["organization"],
            position=form.cleaned_data["position"],
        )
        messages.success(
            request, f"Added {person.name} to your network, referred by {interview.person.name}."
        )
    else:
        messages.error(request, "A referral needs a name.")
    return _back(request, reverse("interview_live", args=[interview.pk]) + "#capture")


@require_POST
def add_action(request: AuthedRequest, pk: int) -> HttpResponse:
    interview = _get_interview(request, pk)
    form = ActionForm(request.POST, user=request.user, interview=interview, prefix="action")
    if form.is_valid():
        action = form.save(commit=False)
        action.suggested_by = interview.person
        action.save()
        messages.success(request, f"Action added: {action.title}.")
    else:
        messages.error(
            request, "An action needs a title, and its takeaway must be from this interview."
        )
    return _back(request, reverse("interview_live", args=[interview.pk]) + "#capture")


def debrief_interview(request: AuthedRequest, pk: int) -> HttpResponse:
    interview = _get_interview(request, pk)
    needs_time = interview.scheduled_at is None and interview.stage not in (
        Stage.HELD,
        Stage.THANKED,
    )
    initial = {"debrief": interview.debrief, "time_spent_minutes": interview.time_spent_minutes}
    form = DebriefForm(request.POST or None, initial=initial, needs_time=needs_time)
    if request.method == "POST" and form.is_valid():
        try:
            live.hold(
                interview,
                debrief=form.cleaned_data["debrief"],
                time_spent_minutes=form.cleaned_data["time_spent_minutes"],
                scheduled_at=form.cleaned_data.get("scheduled_at"),
            )
        except StageError as error:
            messages.error(request, "Debrief saved. " + " ".join(error.messages))
            return redirect(interview)
        messages.success(request, f"Interview with {interview.person.name} held. Now thank them.")
        if not live.referral_asked(interview):
            messages.warning(
                request,
                "You didn't tick the question about who else to talk to. If it came up, add "
                "the names; if not, ask in your thank-you.",
            )
        return redirect(reverse("message_compose", args=[interview.pk]) + "?kind=thank-you")
    context = {
        "interview": interview,
        "form": form,
        "questions": prep.ordered(interview),
        **_captured(interview),
        "referral_asked": live.referral_asked(interview),
    }
    return render(request, "interviews/debrief.html", context)
