from __future__ import annotations

from django.contrib import admin

from cruscotto.core.admin import UserEditsAdmin, VersionedModelForm
from cruscotto.monitoring.models import (
    ActionPlacement,
    OpenAnswer,
    ProjectMention,
    ProjectProfile,
    Survey,
    SurveyOption,
    SurveyQuestion,
)


@admin.register(ProjectProfile)
class ProjectProfileAdmin(UserEditsAdmin):
    list_display = ["item", "funding_programmes", "pnrr_measures"]
    search_fields = ["item__title"]
    raw_id_fields = ["item", "source_document"]


@admin.register(ProjectMention)
class ProjectMentionAdmin(UserEditsAdmin):
    list_display = ["project", "strategy", "source_line"]
    search_fields = ["project__title", "text"]
    raw_id_fields = ["project", "strategy", "source_document"]


@admin.register(ActionPlacement)
class ActionPlacementAdmin(UserEditsAdmin):
    list_display = ["action", "block", "block_action_count", "block_project_count"]
    raw_id_fields = ["action", "source_document"]


class SurveyOptionInline(admin.TabularInline):
    model = SurveyOption
    form = VersionedModelForm
    extra = 0
    fields = ["position", "label", "as_printed", "percent"]


class OpenAnswerInline(admin.TabularInline):
    model = OpenAnswer
    form = VersionedModelForm
    extra = 0
    fields = ["position", "text"]


@admin.register(SurveyQuestion)
class SurveyQuestionAdmin(UserEditsAdmin):
    list_display = ["key", "text", "section", "base", "multiple_answers", "is_open", "dimension"]
    list_filter = ["survey", "section", "is_open", "dimension"]
    search_fields = ["text"]
    raw_id_fields = ["source_document"]
    inlines = [SurveyOptionInline, OpenAnswerInline]


@admin.register(Survey)
class SurveyAdmin(UserEditsAdmin):
    list_display = ["title", "plan", "year", "platform"]
    raw_id_fields = ["source_document"]
