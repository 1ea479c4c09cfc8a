from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from cruscotto.core.admin import UserEditsAdmin, VersionedModelForm
from cruscotto.plans.models import (
    ItemTag,
    Link,
    LinkRejection,
    LogEntry,
    Plan,
    PlanItem,
    Responsibility,
    StatusReport,
    Taxonomy,
    Term,
)
from cruscotto.plans.services.links import reject_link
from cruscotto.plans.services.statuses import refresh_current_statuses
from cruscotto.traceability.services.links import edition_change


@admin.register(Plan)
class PlanAdmin(UserEditsAdmin):
    list_display = ["title", "ente", "kind", "code", "period_start", "period_end"]
    list_filter = ["ente", "kind"]


class ResponsibilityInline(admin.TabularInline):
    model = Responsibility
    form = VersionedModelForm
    extra = 0
    raw_id_fields = ["org_unit", "person", "status", "source_document"]


@admin.register(PlanItem)
class PlanItemAdmin(UserEditsAdmin):
    list_display = ["key", "level", "code", "title", "plan"]
    list_filter = ["plan", "level"]
    search_fields = ["key", "title"]
    raw_id_fields = ["parent", "source_document"]
    inlines = [ResponsibilityInline]


@admin.register(Link)
class LinkAdmin(admin.ModelAdmin):
    """Links between plans, by hand.

    A link added or changed here is the user's (origin `user`): no import and no
    refresh of the derived links updates or deletes it, and a rule that would
    make the same link leaves it to the user. A stated or derived link deleted
    here, or moved to other items, is rejected: no import or rule makes it again
    (see `LinkRejectionAdmin`). A `continues` link left without a change gets one
    from the two titles (see `traceability.services.links`).
    """

    list_display = ["from_item", "kind", "to_item", "origin", "change", "local_code"]
    list_filter = ["kind", "origin", "change"]
    raw_id_fields = ["from_item", "to_item", "source_document"]
    readonly_fields = ["origin"]

    def save_model(self, request: HttpRequest, obj: Link, form: Any, change: bool) -> None:
        if change:
            before = Link.objects.get(pk=obj.pk)
            moved = (before.from_item_id, before.to_item_id, before.kind) != (
                obj.from_item_id,
                obj.to_item_id,
                obj.kind,
            )
            if moved:
                reject_link(before, request.user.get_username())
        obj.origin = Link.Origin.USER
        if obj.kind == Link.Kind.CONTINUES and not obj.change:
            obj.change = edition_change(obj.from_item, obj.to_item)
        super().save_model(request, obj, form, change)

    def delete_model(self, request: HttpRequest, obj: Link) -> None:
        reject_link(obj, request.user.get_username())
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Link]) -> None:
        for link in queryset:
            reject_link(link, request.user.get_username())
        super().delete_queryset(request, queryset)


@admin.register(LinkRejection)
class LinkRejectionAdmin(admin.ModelAdmin):
    """Links users removed. Deleting a rejection lets the next import or refresh make
    the link again; rejections are made by deleting a link, not added here."""

    list_display = ["from_item", "kind", "to_item", "origin", "rejected_by", "rejected_at"]
    list_filter = ["kind", "origin"]
    readonly_fields = ["from_item", "to_item", "kind", "origin", "rejected_by", "rejected_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Taxonomy)
class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_reference"]


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "taxonomy", "parent"]
    list_filter = ["taxonomy"]
    search_fields = ["code", "name"]


@admin.register(ItemTag)
class ItemTagAdmin(UserEditsAdmin):
    list_display = ["item", "term"]
    raw_id_fields = ["item", "term", "source_document"]


@admin.register(LogEntry)
class LogEntryAdmin(UserEditsAdmin):
    list_display = ["responsibility", "reported_year", "year_from", "year_to", "text"]
    list_filter = ["reported_year"]
    raw_id_fields = ["responsibility", "source_document"]


@admin.register(StatusReport)
class StatusReportAdmin(UserEditsAdmin):
    """A department's status of an activity in one esercizio: a status changed here stays
    what the user set, whatever the next import of the year's rendiconto says."""

    list_display = ["responsibility", "year", "status", "status_as_printed"]
    list_filter = ["year", "status"]
    raw_id_fields = ["responsibility", "status", "source_document"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        refresh_current_statuses(Responsibility.objects.filter(pk=obj.responsibility_id))
