from __future__ import annotations

import logging
from itertools import groupby
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.tasks import TaskResultStatus
from django.template.defaultfilters import filesizeformat, pluralize
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from coffeechat.accounts.models import profile_for
from coffeechat.agenda.tasks import (
    MAX_ATTACHMENT_BYTES,
    attachment_argument,
    last_send_failure,
    send_failure,
    sending_is_queued,
)
from coffeechat.agenda.tasks import send_message as send_message_task
from coffeechat.interviews.models import Interview, Stage
from coffeechat.outreach.coach import coach_message
from coffeechat.outreach.compose import (
    coach,
    default_points,
    draft_for,
    point_choices,
    suggested_channel,
    suggested_kind,
    template_choices,
    word_count,
)
from coffeechat.outreach.forms import DraftForm, MessageForm, MessageTemplateForm, ReplyForm
from coffeechat.outreach.models import (
    TEXT_CHANNELS,
    Channel,
    Message,
    MessageKind,
    MessageTemplate,
    Reply,
)
from coffeechat.outreach.sending import (
    eml_bytes,
    eml_filename,
    message_mailto_url,
    smtp_configured,
    smtp_sender,
)
from coffeechat.outreach.templates import BUILT_IN_BY_KEY, BUILT_IN_TEMPLATES, SAMPLE_VALUES, fill
from coffeechat.owned import AuthedRequest, get_for_user

logger = logging.getLogger(__name__)


def get_message_for_user(user: Any, pk: int) -> Message:
    return get_for_user(
        Message, user, pk, select_related=("person", "person__organization", "interview")
    )


def _sender_name(request: AuthedRequest) -> str:
    return profile_for(request.user).name or request.user.get_full_name()


def _counts(channel: str, body: str) -> str:
    if channel == Channel.LINKEDIN_NOTE:
        return f"{len(body)} character{pluralize(len(body))}"
    words = word_count(body)
    return f"{words} word{pluralize(words)}"


@require_POST
def coach_draft(request: AuthedRequest, pk: int) -> HttpResponse:
    """The coach's findings on the text being typed, without saving it (htmx swaps them in)."""
    message = get_message_for_user(request.user, pk)
    subject = request.POST.get("subject", message.subject)
    body = request.POST.get("body", message.body)
    context = {
        "findings": coach(message.person, message.kind, message.channel, subject, body),
        "counts": _counts(message.channel, body),
        "message": message,
    }
    return render(request, "outreach/_findings.html", context)


def compose_message(request: AuthedRequest, pk: int) -> HttpResponse:
    interview = get_for_user(
        Interview,
        request.user,
        pk,
        select_related=("person", "person__organization", "person__referred_by", "exploration"),
    )
    if request.method == "POST":
        form = DraftForm(request.POST, user=request.user)
        if form.is_valid():
            message = form.save(commit=False)
            message.person = interview.person
            message.interview = interview
            message.save()
            messages.success(request, "Draft saved. Send it from here when it reads right.")
            return redirect(message)
        messages.error(request, "The draft couldn't be saved; see below.")
    query = request.GET
    kind = query.get("kind", "")
    if kind not in MessageKind.values:
        kind = suggested_kind(interview)
    channel = query.get("channel", "")
    if channel not in TEXT_CHANNELS:
        channel = suggested_channel(interview, kind)
    chosen = query.get("template", "")
    template = (
        get_for_user(MessageTemplate, request.user, int(chosen)) if chosen.isdigit() else None
    )
    if template is not None:
        kind, channel = template.kind, template.channel
    points = point_choices(interview)
    picked = query.getlist("point") if "picked" in query else default_points(kind, points)
    draft = draft_for(
        interview,
        kind,
        channel,
        template=template,
        built_in=chosen == "built-in",
        points=picked,
    )
    if request.method != "POST":
        form = DraftForm(
            initial={
                "kind": kind,
                "channel": channel,
                "subject": draft.subject,
                "body": draft.body,
            },
            user=request.user,
        )
    if channel != Channel.EMAIL:
        form.fields["subject"].widget = forms.HiddenInput()
    context = {
        "interview": interview,
        "person": interview.person,
        "kind": kind,
        "kind_label": MessageKind(kind).label.lower(),
        "channel": channel,
        "kinds": MessageKind.choices,
        "channels": [(c.value, c.label) for c in TEXT_CHANNELS],
        "chosen": chosen,
        "own_templates": template_choices(request.user, kind, channel),
        "points": points,
        "picked": set(picked),
        "draft": draft,
        "form": form,
        "findings": coach(interview.person, kind, channel, draft.subject, draft.body),
        "counts": _counts(channel, draft.body),
    }
    return render(request, "outreach/compose.html", context)


def _message_page(
    request: AuthedRequest,
    message: Message,
    *,
    form: MessageForm | None = None,
    reply_form: ReplyForm | None = None,
) -> HttpResponse:
    if message.is_draft and form is None:
        form = MessageForm(instance=message, user=request.user)
    if not message.is_draft and message.expects_reply and reply_form is None:
        reply_form = ReplyForm(message=message)
    next_stage = message.stage_after_sending()
    context = {
        "message": message,
        "person": message.person,
        "interview": message.interview,
        "form": form,
        "reply_form": reply_form,
        "mailto": message_mailto_url(message),
        "smtp": smtp_configured() and message.channel == Channel.EMAIL,
        "queued": message.is_draft and sending_is_queued(message.pk),
        "send_failure": last_send_failure(message.pk) if message.is_draft else "",
        "sender": smtp_sender() if smtp_configured() else "",
        "next_stage": Stage(next_stage).label.lower() if next_stage else "",
        "findings": coach(
            message.person, message.kind, message.channel, message.subject, message.body
        )
        if message.is_draft
        else [],
        "counts": _counts(message.channel, message.body),
        "is_email": message.channel == Channel.EMAIL,
        "is_linkedin": message.channel in (Channel.LINKEDIN_NOTE, Channel.LINKEDIN_MESSAGE),
    }
    return render(request, "outreach/message_detail.html", context)


def show_message(request: AuthedRequest, pk: int) -> HttpResponse:
    message = get_message_for_user(request.user, pk)
    if request.method == "POST":
        if not message.is_draft:
            messages.error(request, "This message has been sent; it stays as it went out.")
            return redirect(message)
        form = MessageForm(request.POST, instance=message, user=request.user)
        if form.is_valid():
            form.save()
            messages.success(request, "Draft saved.")
            return redirect(message)
        return _message_page(request, message, form=form)
    return _message_page(request, message)


@require_POST
def send_message(request: AuthedRequest, pk: int) -> HttpResponse:
    """Send by SMTP, or record that the user sent it themselves; saves any edits first."""
    message = get_message_for_user(request.user, pk)
    if not message.is_draft:
        messages.info(request, "This message was already sent.")
        return redirect(message)
    if "body" in request.POST:
        form = MessageForm(request.POST, instance=message, user=request.user)
        if not form.is_valid():
            return _message_page(request, message, form=form)
        message = form.save()
    how = request.POST.get("how", "")
    if how == "smtp":
        return _send_by_smtp(request, message)
    if how != "mark":
        messages.error(request, "Choose how the message goes out.")
        return redirect(message)
    next_stage = message.stage_after_sending()
    message.mark_sent()
    return _sent(request, message, next_stage, "Marked as sent.")


def _sent(
    request: AuthedRequest, message: Message, next_stage: str | None, done: str
) -> HttpResponse:
    if next_stage:
        done += f" The interview is now {Stage(next_stage).label.lower()}."
    messages.success(request, done)
    return redirect(message.interview or message)


def _send_by_smtp(request: AuthedRequest, message: Message) -> HttpResponse:
    """Hand the message (and any attachment) to the send task and tell what became of it.

    Locally the task runs at once, so the page says whether the mail server took it; hosted,
    it waits for the worker and the message stays a draft until it has gone out.
    """
    if sending_is_queued(message.pk):
        messages.info(request, "This message is already queued for sending.")
        return redirect(message)
    upload = request.FILES.get("attachment")
    attachment = None
    if upload is not None:
        name = upload.name or "attachment"
        if upload.size is not None and upload.size > MAX_ATTACHMENT_BYTES:
            messages.error(
                request,
                f"Not sent: {name} is over {filesizeformat(MAX_ATTACHMENT_BYTES)}, the most an "
                "attachment can be. The message is still a draft.",
            )
            return redirect(message)
        attachment = attachment_argument(name, upload.read(), upload.content_type or "")
    next_stage = message.stage_after_sending()
    result = send_message_task.enqueue(message.pk, attachment)
    person = message.person
    if not result.is_finished:
        messages.success(
            request,
            f"Queued for sending to {person.name}: it goes out within a minute. Until then "
            "the message stays a draft.",
        )
        return redirect(message)
    if result.status == TaskResultStatus.FAILED:
        for error in result.errors:
            logger.warning("Sending message %s failed:\n%s", message.pk, error.traceback)
        messages.error(request, f"Not sent: {send_failure(result)} The message is still a draft.")
        return redirect(message)
    if result.return_value is False:
        messages.info(request, "This message was already sent.")
        return redirect(message)
    return _sent(request, message, next_stage, f"Sent to {person.name}.")


def download_eml(request: AuthedRequest, pk: int) -> HttpResponse:
    message = get_message_for_user(request.user, pk)
    data = eml_bytes(message, sender_name=_sender_name(request), sender_email=request.user.email)
    response = HttpResponse(data, content_type="message/rfc822")
    response["Content-Disposition"] = content_disposition_header(True, eml_filename(message))
    return response


@require_POST
def record_reply(request: AuthedRequest, pk: int) -> HttpResponse:
    message = get_message_for_user(request.user, pk)
    if message.is_draft or not message.expects_reply:
        messages.error(request, "Only a request or a follow-up that went out can get a reply.")
        return redirect(message)
    form = ReplyForm(request.POST, message=message)
    if not form.is_valid():
        return _message_page(request, message, reply_form=form)
    answer = form.cleaned_data["answer"]
    scheduled_at = form.cleaned_data["scheduled_at"] if answer == Reply.YES else None
    message.record_reply(answer, form.replied_at(), scheduled_at=scheduled_at)
    name = message.person.first_name
    interview = message.interview
    if interview is None:
        messages.success(request, f"Recorded: {name} said {message.get_reply_display().lower()}.")
        return redirect(message)
    if answer == Reply.YES and interview.stage == Stage.SCHEDULED and scheduled_at:
        when = timezone.localtime(scheduled_at)
        messages.success(request, f"{name} said yes: scheduled for {when:%A %d %B, %H:%M}.")
    elif answer == Reply.YES:
        messages.success(
            request, f"{name} said yes! Give the meeting its date and time to schedule it."
        )
        return redirect(interview.get_absolute_url() + "#stage")
    elif answer == Reply.NO:
        messages.success(
            request,
            f"{name} said no; the interview is closed as declined. {name} stays in your "
            "network, and a short thank-you for answering keeps the door open.",
        )
    else:
        messages.success(
            request,
            f"{name} said later; the interview stays requested, with no follow-up reminders. "
            "Check back when they suggested.",
        )
    return redirect(interview)


def delete_message(request: AuthedRequest, pk: int) -> HttpResponse:
    message = get_message_for_user(request.user, pk)
    if request.method == "POST":
        back = message.interview or message.person
        message.delete()
        messages.success(request, f"Deleted the {message.get_kind_display().lower()}.")
        return redirect(back)
    return render(request, "confirm_delete.html", {"object": message, "cancel": message})


def list_templates(request: AuthedRequest) -> HttpResponse:
    own = list(MessageTemplate.objects.for_user(request.user))
    replaced = {t.based_on: t for t in own if t.based_on}
    built_in = [
        (MessageKind(kind).label, [(t, replaced.get(t.key)) for t in group])
        for kind, group in groupby(BUILT_IN_TEMPLATES, key=lambda t: t.kind)
    ]
    return render(request, "outreach/template_list.html", {"own": own, "built_in": built_in})


def create_template(request: AuthedRequest) -> HttpResponse:
    base = BUILT_IN_BY_KEY.get(request.GET.get("from", ""))
    initial = {}
    if base is not None:
        initial = {
            "name": f"My {base.name[0].lower()}{base.name[1:]}",
            "kind": base.kind,
            "source": base.source,
            "channel": base.channel,
            "subject": base.subject,
            "body": base.body,
        }
    form = MessageTemplateForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        template = form.save(commit=False)
        template.based_on = base.key if base else ""
        template.save()
        messages.success(request, f"Saved “{template.name}”; new drafts start from it.")
        return redirect("message_templates")
    return render(
        request,
        "outreach/template_form.html",
        {"form": form, "title": "New message template", "base": base},
    )


def edit_template(request: AuthedRequest, pk: int) -> HttpResponse:
    template = get_for_user(MessageTemplate, request.user, pk)
    form = MessageTemplateForm(request.POST or None, instance=template, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved “{template.name}”.")
        return redirect("message_templates")
    preview = render_preview(template)
    return render(
        request,
        "outreach/template_form.html",
        {
            "form": form,
            "title": f"Edit “{template.name}”",
            "template": template,
            "base": BUILT_IN_BY_KEY.get(template.based_on),
            **preview,
        },
    )


def render_preview(template: MessageTemplate) -> dict[str, Any]:
    """The template filled in with sample data, as the edit page shows it."""
    body = fill(template.body, SAMPLE_VALUES).text
    subject = (
        fill(template.subject, SAMPLE_VALUES).text if template.channel == Channel.EMAIL else ""
    )
    report = coach_message(
        f"Subject: {subject}\n\n{body}" if subject else body,
        channel=template.channel,
        kind=template.kind,
        to_name="Chloé Moreau",
        to_org=SAMPLE_VALUES["organization"],
        to_role=SAMPLE_VALUES["position"],
        connection={
            "referral": SAMPLE_VALUES["referrer"],
            "event": SAMPLE_VALUES["event"],
        }.get(template.source, ""),
    )
    return {
        "preview_subject": subject,
        "preview_body": body,
        "preview_counts": _counts(template.channel, body),
        "preview_findings": report.findings,
    }


def delete_template(request: AuthedRequest, pk: int) -> HttpResponse:
    template = get_for_user(MessageTemplate, request.user, pk)
    if request.method == "POST":
        template.delete()
        note = " New drafts use the built-in template again." if template.based_on else ""
        messages.success(request, f"Deleted “{template.name}”.{note}")
        return redirect("message_templates")
    return render(request, "confirm_delete.html", {"object": template, "cancel": template})
