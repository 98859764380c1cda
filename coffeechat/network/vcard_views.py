"""Network → Download vCards: the people the list shows, as one .vcf file."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone

from coffeechat.network.models import Organization
from coffeechat.network.vcards import export_vcards, select_people
from coffeechat.owned import AuthedRequest, get_for_user


def download_vcards(request: AuthedRequest) -> HttpResponse:
    """The people matching the Network list's filters (or the ones ticked) as vCard 3.0."""
    params = request.GET
    organization = None
    if params.get("organization", "").isdigit():
        organization = get_for_user(Organization, request.user, int(params["organization"]))
    exploration = params.get("exploration", "")
    people = select_people(
        request.user,
        query=params.get("q", ""),
        source=params.get("source", ""),
        exploration=int(exploration) if exploration.isdigit() else None,
        stage=params.get("stage", ""),
        organization=organization,
        tag=params.get("tag", ""),
        ids=[int(pk) for pk in params.getlist("person") if pk.isdigit()],
    )
    data, _ = export_vcards(people)
    response = HttpResponse(data, content_type="text/vcard; charset=utf-8")
    filename = f"coffeechat-people-{timezone.localdate():%Y-%m-%d}.vcf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
