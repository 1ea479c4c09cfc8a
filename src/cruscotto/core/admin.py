from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from cruscotto.core.models import (
    AuditEntry,
    Ente,
    ImportDiagnostic,
    OrgUnit,
    OrgUnitAlias,
    Person,
    SourceDocument,
)
from cruscotto.core.services.user_edits import field_values, record_deletion, record_user_edit
from cruscotto.core.services.versions import check_unchanged, record_version
from cruscotto.plans.services.units import (
    UnitAliasRefused,
    add_unit_alias,
    check_unit_alias,
    remove_unit_alias,
)

# Why, in the history, a change made in the admin was made.
ADMIN_REASON = "amministrazione"


@admin.register(Ente)
class EnteAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "istat_code", "confirmed"]
    list_filter = ["kind", "confirmed"]


class OrgUnitAliasInline(admin.TabularInline):
    """The unit's other names, shown; they are added and removed on their own page
    ("Altri nomi delle strutture"), which merges units through the service."""

    model = OrgUnitAlias
    fk_name = "unit"
    fields = ["alias", "source", "added_by", "created_at"]
    readonly_fields = ["alias", "source", "added_by", "created_at"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    inlines = [OrgUnitAliasInline]
    list_display = ["name", "code", "ente", "parent"]
    list_filter = ["ente"]
    search_fields = ["name", "code"]
    raw_id_fields = ["parent", "source_document"]


class OrgUnitAliasForm(forms.ModelForm):
    class Meta:
        model = OrgUnitAlias
        fields = ["unit", "alias"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        unit, alias = cleaned.get("unit"), cleaned.get("alias")
        if unit is not None and alias:
            try:
                check_unit_alias(unit.ente, alias, unit)
            except UnitAliasRefused as refused:
                raise ValidationError(str(refused)) from None
        return cleaned


@admin.register(OrgUnitAlias)
class OrgUnitAliasAdmin(admin.ModelAdmin):
    """Another name of a unit: added and removed through plans.services.units, which merges
    the unit of that name and records every change in the history; never edited in place."""

    form = OrgUnitAliasForm
    list_display = ["alias", "unit", "ente", "source", "added_by", "created_at"]
    list_filter = ["ente", "source"]
    search_fields = ["alias", "unit__name"]
    raw_id_fields = ["unit"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        added = add_unit_alias(
            obj.unit.ente,
            obj.alias,
            obj.unit,
            request.user.get_username(),
            OrgUnitAlias.Source.ADMIN,
        )
        obj.pk = added.alias.pk

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        remove_unit_alias(obj, request.user.get_username(), ADMIN_REASON)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for alias in queryset:
            remove_unit_alias(alias, request.user.get_username(), ADMIN_REASON)


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


class VersionedModelForm(forms.ModelForm):
    """A change form that carries the record's version as it was opened, and refuses to
    save over a change made since (core.services.versions); the admin validates and saves
    a form inside one transaction, so the check locks the record until the save."""

    record_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["record_version"] = record_version(self.instance)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.pk is not None:
            try:
                check_unchanged(
                    type(self.instance), self.instance.pk, cleaned.get("record_version") or ""
                )
            except ValidationError as refused:
                raise ValidationError(refused.messages, code="record_changed") from None
        return cleaned


class UserEditsAdmin(admin.ModelAdmin):
    """The admin of records documents state: every change a user makes here is recorded
    (`UserEdit`, one audit entry) and kept by the next import of the document; a save over
    someone else's change made since the form was opened is refused; a deletion keeps
    the values of every record it deletes in the audit trail. Inlines should use
    `VersionedModelForm` as their form too."""

    form = VersionedModelForm

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        stored = type(obj)._default_manager.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        if stored is not None:
            record_user_edit(obj, field_values(stored), request.user.get_username(), ADMIN_REASON)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        record_deletion([obj], request.user.get_username(), ADMIN_REASON)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        record_deletion(list(queryset), request.user.get_username(), ADMIN_REASON)
        super().delete_queryset(request, queryset)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        model = formset.model
        pks = [f.instance.pk for f in formset.forms if f.instance.pk is not None]
        stored = model._default_manager.in_bulk(pks)
        deleted = [f.instance for f in formset.deleted_forms if f.instance.pk is not None]
        record_deletion(deleted, request.user.get_username(), ADMIN_REASON)
        super().save_formset(request, form, formset, change)
        for obj, _changed in formset.changed_objects:
            if obj.pk in stored:
                record_user_edit(
                    obj, field_values(stored[obj.pk]), request.user.get_username(), ADMIN_REASON
                )
