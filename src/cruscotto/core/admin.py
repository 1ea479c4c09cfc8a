from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cruscotto.core.models import (
    AuditEntry,
    Ente,
    ImportDiagnostic,
    OrgUnit,
    Person,
    SourceDocument,
)
from cruscotto.core.services.user_edits import field_values, record_user_edit


@admin.register(Ente)
class EnteAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "istat_code", "confirmed"]
    list_filter = ["kind", "confirmed"]


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
    """Imported documents. Not deleted here: deleting one would cascade to every record it
    was the source of, records other documents also state and users' changes among them;
    a document's records change by importing its revision (`cruscotto import`)."""

    list_display = ["title", "identity", "format", "file_name", "imported_at"]
    readonly_fields = ["sha256", "line_count", "imported_at"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ImportDiagnostic)
class ImportDiagnosticAdmin(admin.ModelAdmin):
    list_display = ["document", "line", "severity", "code", "message"]
    list_filter = ["severity", "code", "document"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "summary"]
    list_filter = ["action"]


class UserEditsAdmin(admin.ModelAdmin):
    """The admin of records documents state: every change a user makes here is recorded
    (`UserEdit`, one audit entry) and kept by the next import of the document."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        stored = type(obj)._default_manager.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        if stored is not None:
            record_user_edit(obj, field_values(stored), request.user.get_username())

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        model = formset.model
        pks = [f.instance.pk for f in formset.forms if f.instance.pk is not None]
        stored = model._default_manager.in_bulk(pks)
        super().save_formset(request, form, formset, change)
        for obj, _changed in formset.changed_objects:
            if obj.pk in stored:
                record_user_edit(obj, field_values(stored[obj.pk]), request.user.get_username())
