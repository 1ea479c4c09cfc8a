from __future__ import annotations

from django.contrib import admin

from cruscotto.core.models import (
    AuditEntry,
    Ente,
    ImportDiagnostic,
    OrgUnit,
    Person,
    SourceDocument,
)


@admin.register(Ente)
class EnteAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind"]


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "ente", "parent"]
    list_filter = ["ente"]
    search_fields = ["name", "code"]
    raw_id_fields = ["parent", "source_document"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "ente"]
    search_fields = ["name"]


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "identity", "format", "file_name", "imported_at"]
    readonly_fields = ["sha256", "line_count", "imported_at"]


@admin.register(ImportDiagnostic)
class ImportDiagnosticAdmin(admin.ModelAdmin):
    list_display = ["document", "line", "severity", "code", "message"]
    list_filter = ["severity", "code", "document"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "summary"]
    list_filter = ["action"]
