"""Conditional reads: an ETag and a Last-Modified on every read, and 304 when unchanged.

Every change to what the API shows leaves a trace the validators are computed from: an
import or a deletion writes an AuditEntry, a user's edit (a campaign entry, an admin
change) a UserEdit, and the documents carry their import time. So the validators cost
three small aggregate queries whatever the endpoint, and a client polling an unchanged API gets a 304
before the report is computed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from cruscotto.accounts.services.permissions import roles_of
from cruscotto.core.models import AuditEntry, SourceDocument, UserEdit

# Where a read keeps its validators between authentication and its response.
VALIDATORS_ATTRIBUTE = "_cruscotto_api_validators"


@dataclass(frozen=True)
class Validators:
    etag: str
    last_modified: datetime | None


class NotModified(Exception):
    """The client's copy is current: answered 304, with the validators."""

    def __init__(self, validators: Validators) -> None:
        super().__init__("non modificato")
        self.validators = validators


def data_validators(request: HttpRequest) -> Validators:
    """The validators of what `request` reads: the data's version, the address and who
    asks (a reserved report differs by reader, and a role granted or taken changes it)."""
    audit = AuditEntry.objects.aggregate(last=Max("id"), at=Max("at"))
    edits = UserEdit.objects.aggregate(last=Max("id"), at=Max("at"))
    documents = SourceDocument.objects.aggregate(count=Count("id"), at=Max("imported_at"))
    user = request.user
    reader = (
        f"{user.pk}:{sorted(role.pk for role in roles_of(user))}"
        if getattr(user, "is_authenticated", False)
        else "-"
    )
    version = "|".join(
        str(part)
        for part in (
            audit["last"], audit["at"], edits["last"], edits["at"],
            documents["count"], documents["at"], request.get_full_path(), reader,
        )
    )  # fmt: skip
    times = [time for time in (audit["at"], edits["at"], documents["at"]) if time is not None]
    return Validators(
        etag=quote_etag(hashlib.sha256(version.encode()).hexdigest()[:32]),
        last_modified=max(times) if times else None,
    )


def check_not_modified(request: HttpRequest) -> Validators:
    """The request's validators; raises NotModified when the client's copy is current
    (If-None-Match names the ETag or, without it, If-Modified-Since is not older)."""
    validators = data_validators(request)
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        if validators.etag in tags or "*" in tags:
            raise NotModified(validators)
        return validators
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    if (
        since is not None
        and validators.last_modified is not None
        and int(validators.last_modified.timestamp()) <= since
    ):
        raise NotModified(validators)
    return validators


def request_validators(request: HttpRequest) -> Validators | None:
    """The validators a read computed on its way in (None for a write)."""
    return getattr(request, VALIDATORS_ATTRIBUTE, None)


def set_validators(response: HttpResponse, validators: Validators) -> HttpResponse:
    response["ETag"] = validators.etag
    if validators.last_modified is not None:
        response["Last-Modified"] = http_date(validators.last_modified.timestamp())
    # Who may read it depends on the credentials: shared caches must ask again.
    response["Cache-Control"] = "private, no-cache"
    response["Vary"] = "Authorization, Cookie"
    return response


def not_modified_response(validators: Validators) -> HttpResponse:
    return set_validators(HttpResponseNotModified(), validators)
