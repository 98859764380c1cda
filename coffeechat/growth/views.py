"""Growth: the actions taken on advice, job postings, resources, and the updates they lead to."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from coffeechat.forms import OwnedModelForm
from coffeechat.growth import drafts
from coffeechat.growth.forms import ActionFilter, ActionForm, PostingForm, ResourceForm
from coffeechat.growth.models import (
    Action,
    ActionStatus,
    Event,
    JobPosting,
    PostingStatus,
    Reflection,
    Resource,
    ResourceStatus,
)
from coffeechat.growth.takeaways import (
    action_initial,
    resource_from,
    waiting_takeaways,
    without_full_stop,
)
from coffeechat.interviews.models import Interview, Takeaway
from coffeechat.network.models import Organization, Person
from coffeechat.outreach.compose import Draft, TemplateChoice, coach, template_choices
from coffeechat.outreach.forms import DraftForm
from coffeechat.outreach.models import Channel, MessageKind
from coffeechat.owned import AuthedRequest, Owned, get_for_user

LIST_LIMIT = 100
KIND_LABELS: dict[str, str] = {
    MessageKind.UPDATE: "an update",
    MessageKind.JOB_POSTING: "a note",
    MessageKind.CHECK_IN: "a check-in",
}


def show_growth(request: AuthedRequest) -> HttpResponse:
    user = request.user
    filters = ActionFilter(request.GET or None)
    actions = Action.objects.for_user(user).select_related("suggested_by")
    status, kind = "open", ""
    if filters.is_valid():
        status, kind = filters.cleaned_data["status"], filters.cleaned_data["kind"]
    if status == "open":
        actions = actions.filter(status__in=[ActionStatus.TODO, ActionStatus.DOING])
    elif status:
        actions = actions.filter(status=status)
    if kind:
        actions = actions.filter(kind=kind)
    actions = actions.order_by(F("due_date").asc(nulls_last=True), "-created_at", "-id")
    context = {
        "filters": filters if request.GET else ActionFilter(initial={"status": "open"}),
        "actions": actions[:LIST_LIMIT],
        "action_count": actions.count(),
        "today": timezone.localdate(),
        "takeaways": waiting_takeaways(user)[:10],
        "postings": JobPosting.objects.for_user(user).select_related("organization")[:LIST_LIMIT],
        "resources": Resource.objects.for_user(user)
        .select_related("recommended_by")
        .order_by("status", "-created_at", "-id")[:LIST_LIMIT],
        "events": Event.objects.for_user(user)[:3],
        "reflection": Reflection.objects.for_user(user).first(),
    }
    return render(request, "growth/growth.html", context)


def _back(request: AuthedRequest) -> str:
    """Where to go after a change: the page the form came from, if it is ours."""
    back = request.POST.get("next", "")
    return back if back.startswith("/") and not back.startswith("//") else reverse("growth")


def _form_page(request: AuthedRequest, form: Any, title: str, **extra: Any) -> HttpResponse:
    return render(
        request,
        "growth/form.html",
        {"form": form, "title": title, "cancel_url": reverse("growth"), **extra},
    )


def _form_view[R: Owned](
    request: AuthedRequest,
    form_class: type[OwnedModelForm],
    row: R,
    title: str,
    saved: Callable[[R], None],
    *,
    initial: dict[str, Any] | None = None,
    **extra: Any,
) -> HttpResponse:
    """The page that adds a new row or edits one: a valid POST saves it, says so with
    `saved`, and goes back to Growth; otherwise the form shows again with its errors.

    Whatever an edit compares before and after (was it done already?) is read before this
    runs: a form's validation changes its row in place.
    """
    form = form_class(request.POST or None, instance=row, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved(form.save())
        return redirect("growth")
    return _form_page(request, form, title, **extra)


# ----------------------------------------------------------------------------- actions


def create_action(request: AuthedRequest) -> HttpResponse:
    takeaway = None
    if request.GET.get("takeaway", "").isdigit():
        takeaway = get_for_user(
            Takeaway, request.user, int(request.GET["takeaway"]), select_related=("person",)
        )
    return _form_view(
        request,
        ActionForm,
        Action(takeaway=takeaway),
        "New action",
        lambda action: messages.success(request, f"Action added: {action.title}."),
        initial=action_initial(takeaway) if takeaway else {},
        takeaway=takeaway,
    )


def edit_action(request: AuthedRequest, pk: int) -> HttpResponse:
    action = get_for_user(Action, request.user, pk, select_related=("takeaway",))
    was_done = action.status == ActionStatus.DONE
    return _form_view(
        request,
        ActionForm,
        action,
        f"Edit “{action.title}”",
        lambda saved: _saved(
            request, saved, newly_done=not was_done and saved.status == ActionStatus.DONE
        ),
        takeaway=action.takeaway,
        delete_url=reverse("action_delete", args=[action.pk]),
    )


@require_POST
def complete_action(request: AuthedRequest, pk: int) -> HttpResponse:
    action = get_for_user(Action, request.user, pk, select_related=("suggested_by",))
    if action.status == ActionStatus.DONE:
        messages.info(request, f"“{action.title}” was already done.")
    else:
        action.complete()
        _saved(request, action, newly_done=True)
    return redirect(_back(request))


def _saved(request: AuthedRequest, action: Action, *, newly_done: bool) -> None:
    if not newly_done:
        messages.success(request, f"Saved “{action.title}”.")
        return
    person = action.suggested_by
    if person is None:
        messages.success(request, f"Done: {action.title}. Well done!")
        return
    messages.success(
        request,
        f"Done: {action.title}. {person.first_name} suggested it: an update to them is "
        "waiting on Today.",
    )


def delete_action(request: AuthedRequest, pk: int) -> HttpResponse:
    return _delete_view(request, get_for_user(Action, request.user, pk), "action")


def _delete_view(
    request: AuthedRequest, row: Action | JobPosting | Resource, what: str
) -> HttpResponse:
    """Ask before deleting the row; a POST deletes it and goes back to Growth."""
    if request.method == "POST":
        row.delete()
        messages.success(request, f"Deleted the {what} “{row.title}”.")
        return redirect("growth")
    return render(request, "confirm_delete.html", {"object": row, "cancel": _GrowthPage()})


class _GrowthPage:
    """The Growth page as the "cancel" of a confirmation, which links to get_absolute_url."""

    def get_absolute_url(self) -> str:
        return reverse("growth")


# ----------------------------------------------------------------------------- postings


def _organization_names(user: Any) -> list[str]:
    return list(
        Organization.objects.for_user(user).order_by("name").values_list("name", flat=True)[:500]
    )


def create_posting(request: AuthedRequest) -> HttpResponse:
    return _form_view(
        request,
        PostingForm,
        JobPosting(),
        "New job posting",
        lambda posting: _posting_saved(
            request, posting, newly_applied=posting.applied_on is not None
        ),
        organization_names=_organization_names(request.user),
    )


def edit_posting(request: AuthedRequest, pk: int) -> HttpResponse:
    posting = get_for_user(JobPosting, request.user, pk, select_related=("organization",))
    had_applied = posting.applied_on is not None
    return _form_view(
        request,
        PostingForm,
        posting,
        f"Edit “{posting.title}”",
        lambda saved: _posting_saved(
            request, saved, newly_applied=not had_applied and saved.applied_on is not None
        ),
        organization_names=_organization_names(request.user),
        delete_url=reverse("posting_delete", args=[posting.pk]),
    )


@require_POST
def apply_posting(request: AuthedRequest, pk: int) -> HttpResponse:
    posting = get_for_user(JobPosting, request.user, pk, select_related=("organization",))
    if posting.status != PostingStatus.INTERESTED:
        messages.info(request, f"“{posting.title}” is already {posting.get_status_display()}.")
        return redirect(_back(request))
    posting.set_status(PostingStatus.APPLIED)
    posting.save(update_fields=["status", "applied_on", "updated_at"])
    _posting_saved(request, posting, newly_applied=True)
    return redirect(_back(request))


def _posting_saved(request: AuthedRequest, posting: JobPosting, *, newly_applied: bool) -> None:
    contact = drafts.posting_contact(posting) if newly_applied else None
    if contact is None:
        messages.success(request, f"Saved “{posting.title}”.")
        return
    messages.success(
        request,
        f"Applied for {posting.title}. You talked with {contact.name} there: a note to them, "
        "with the posting and your résumé, is waiting on Today.",
    )


def delete_posting(request: AuthedRequest, pk: int) -> HttpResponse:
    return _delete_view(request, get_for_user(JobPosting, request.user, pk), "posting")


# ----------------------------------------------------------------------------- resources


def create_resource(request: AuthedRequest) -> HttpResponse:
    return _form_view(
        request,
        ResourceForm,
        Resource(),
        "New resource",
        lambda resource: messages.success(request, f"Resource added: {resource.title}."),
    )


def edit_resource(request: AuthedRequest, pk: int) -> HttpResponse:
    resource = get_for_user(Resource, request.user, pk, select_related=("takeaway",))
    was_finished = resource.status == ResourceStatus.FINISHED
    return _form_view(
        request,
        ResourceForm,
        resource,
        f"Edit “{resource.title}”",
        lambda saved: _resource_saved(
            request, saved, newly_finished=not was_finished and saved.finished_at is not None
        ),
        takeaway=resource.takeaway,
        delete_url=reverse("resource_delete", args=[resource.pk]),
    )


@require_POST
def finish_resource(request: AuthedRequest, pk: int) -> HttpResponse:
    resource = get_for_user(Resource, request.user, pk, select_related=("recommended_by",))
    if resource.status == ResourceStatus.FINISHED:
        messages.info(request, f"“{resource.title}” was already finished.")
        return redirect(_back(request))
    resource.set_status(ResourceStatus.FINISHED)
    resource.save(update_fields=["status", "finished_at", "updated_at"])
    _resource_saved(request, resource, newly_finished=True)
    return redirect(_back(request))


def _resource_saved(request: AuthedRequest, resource: Resource, *, newly_finished: bool) -> None:
    person = resource.recommended_by
    if newly_finished and person is not None:
        messages.success(
            request,
            f"Finished: {resource.title}. {person.first_name} recommended it: a thank-you to "
            "them is waiting on Today.",
        )
    else:
        messages.success(request, f"Saved “{resource.title}”.")


@require_POST
def resource_from_takeaway(request: AuthedRequest, pk: int) -> HttpResponse:
    takeaway = get_for_user(Takeaway, request.user, pk)
    resource, created = resource_from(takeaway)
    if created:
        messages.success(request, f"Saved as a resource to look at: {resource.title}.")
    else:
        messages.info(request, f"Already among your resources: {resource.title}.")
    return redirect(_back(request))


def delete_resource(request: AuthedRequest, pk: int) -> HttpResponse:
    return _delete_view(request, get_for_user(Resource, request.user, pk), "resource")


# ----------------------------------------------------------------------------- updates


def compose_action_update(request: AuthedRequest, pk: int) -> HttpResponse:
    action = get_for_user(
        Action,
        request.user,
        pk,
        select_related=("suggested_by", "suggested_by__organization", "takeaway__interview"),
    )
    if action.suggested_by is None:
        raise Http404("Nobody suggested this action.")
    interview = action.takeaway.interview if action.takeaway else None
    return compose_page(
        request,
        action.suggested_by,
        MessageKind.UPDATE,
        lambda choice: drafts.action_update(action, choice),
        interview=interview,
        about=f"You did “{without_full_stop(action.title)}”, as {action.suggested_by.first_name} "
        "suggested.",
    )


def compose_resource_update(request: AuthedRequest, pk: int) -> HttpResponse:
    resource = get_for_user(
        Resource,
        request.user,
        pk,
        select_related=("recommended_by", "recommended_by__organization", "interview"),
    )
    if resource.recommended_by is None:
        raise Http404("Nobody recommended this resource.")
    return compose_page(
        request,
        resource.recommended_by,
        MessageKind.UPDATE,
        lambda choice: drafts.resource_update(resource, choice),
        interview=resource.interview,
        about=f"{resource.recommended_by.first_name} recommended “{resource.title}”.",
    )


def compose_referral_update(request: AuthedRequest, pk: int) -> HttpResponse:
    referred = get_for_user(
        Person, request.user, pk, select_related=("referred_by", "referred_by__organization")
    )
    if referred.referred_by is None:
        raise Http404("Nobody referred this person.")
    return compose_page(
        request,
        referred.referred_by,
        MessageKind.UPDATE,
        lambda choice: drafts.referral_update(referred, choice),
        about=f"{referred.referred_by.first_name} introduced you to {referred.name}.",
    )


def compose_posting_note(request: AuthedRequest, pk: int) -> HttpResponse:
    posting = get_for_user(JobPosting, request.user, pk, select_related=("organization",))
    contact = drafts.posting_contact(posting)
    if contact is None:
        raise Http404("You have interviewed nobody at this posting's organization.")
    return compose_page(
        request,
        contact,
        MessageKind.JOB_POSTING,
        lambda choice: drafts.posting_note(posting, contact, choice),
        about=f"You applied for {posting.title}"
        + (f" at {posting.organization.name}." if posting.organization else "."),
    )


def compose_page(
    request: AuthedRequest,
    person: Person,
    kind: str,
    make_draft: Callable[[TemplateChoice], Draft],
    *,
    about: str,
    interview: Interview | None = None,
    cancel_url: str = "",
) -> HttpResponse:
    """Show the draft to edit, from the template `?template=` picks (the user's best match
    by default); saving it makes a message to send like any other. Cancel goes to
    `cancel_url`, else to Today."""
    choice = TemplateChoice.from_query(request.user, request.GET.get("template", ""), kind)
    draft = make_draft(choice)
    if request.method == "POST":
        form = DraftForm(request.POST, user=request.user)
        if form.is_valid() and form.cleaned_data["kind"] == draft.kind:
            message = form.save(commit=False)
            message.person = person
            message.interview = interview or drafts.latest_interview(person)
            message.save()
            messages.success(request, "Draft saved. Send it from here when it reads right.")
            return redirect(message)
        messages.error(request, "The draft couldn't be saved; see below.")
    else:
        form = DraftForm(
            initial={
                "kind": draft.kind,
                "channel": draft.channel,
                "subject": draft.subject,
                "body": draft.body,
            },
            user=request.user,
        )
    if draft.channel != Channel.EMAIL:
        form.fields["subject"].widget = forms.HiddenInput()
    context = {
        "person": person,
        "about": about,
        "draft": draft,
        "kind_label": KIND_LABELS.get(draft.kind, MessageKind(draft.kind).label.lower()),
        "form": form,
        "findings": coach(person, draft.kind, draft.channel, draft.subject, draft.body),
        "cancel_url": cancel_url or reverse("today"),
        "chosen": choice.value,
        "own_templates": template_choices(request.user, draft.kind, draft.channel),
    }
    return render(request, "growth/compose.html", context)
