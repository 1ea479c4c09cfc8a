from __future__ import annotations

from django.contrib import admin

from cruscotto.plans.models import (
    ItemTag,
    Link,
    LogEntry,
    Plan,
    PlanItem,
    Responsibility,
    Taxonomy,
    Term,
)


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "ente", "kind", "code", "period_start", "period_end"]
    list_filter = ["ente", "kind"]


class ResponsibilityInline(admin.TabularInline):
    model = Responsibility
    extra = 0
    raw_id_fields = ["org_unit", "person", "status", "source_document"]


@admin.register(PlanItem)
class PlanItemAdmin(admin.ModelAdmin):
    list_display = ["key", "level", "code", "title", "plan"]
    list_filter = ["plan", "level"]
    search_fields = ["key", "title"]
    raw_id_fields = ["parent", "source_document"]
    inlines = [ResponsibilityInline]


@admin.register(Link)
class LinkAdmin(admin.ModelAdmin):
    list_display = ["from_item", "kind", "to_item", "origin", "local_code"]
    list_filter = ["kind", "origin"]
    raw_id_fields = ["from_item", "to_item", "source_document"]


@admin.register(Taxonomy)
class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_reference"]


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "taxonomy", "parent"]
    list_filter = ["taxonomy"]
    search_fields = ["code", "name"]


@admin.register(ItemTag)
class ItemTagAdmin(admin.ModelAdmin):
    list_display = ["item", "term"]
    raw_id_fields = ["item", "term", "source_document"]


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    list_display = ["responsibility", "year_from", "year_to", "text"]
    raw_id_fields = ["responsibility", "source_document"]
