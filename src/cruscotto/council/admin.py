from __future__ import annotations

from django.contrib import admin

from cruscotto.council.models import (
    Attendance,
    Ballot,
    ConsultationMethod,
    CouncilAct,
    CouncilSession,
    OperativePoint,
    Recommendation,
    Signature,
    StrategyEvidence,
    ThemeProfile,
)


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["person", "source_document"]


class OperativePointInline(admin.TabularInline):
    model = OperativePoint
    extra = 0
    raw_id_fields = ["source_document"]


class SignatureInline(admin.TabularInline):
    model = Signature
    extra = 0
    raw_id_fields = ["source_document"]


@admin.register(CouncilSession)
class CouncilSessionAdmin(admin.ModelAdmin):
    list_display = ["number", "date", "ente", "presiding_officer", "secretary"]
    list_filter = ["ente"]


@admin.register(CouncilAct)
class CouncilActAdmin(admin.ModelAdmin):
    list_display = ["number", "subject", "session"]
    inlines = [AttendanceInline, OperativePointInline, SignatureInline]
    raw_id_fields = ["plan", "source_document"]


@admin.register(Ballot)
class BallotAdmin(admin.ModelAdmin):
    list_display = ["point", "printed_name", "attendance", "choice"]
    list_filter = ["choice"]
    raw_id_fields = ["point", "attendance", "source_document"]


@admin.register(StrategyEvidence)
class StrategyEvidenceAdmin(admin.ModelAdmin):
    list_display = ["item", "level"]
    list_filter = ["level"]
    raw_id_fields = ["item", "source_document"]


@admin.register(ThemeProfile)
class ThemeProfileAdmin(admin.ModelAdmin):
    list_display = ["item", "cross_cutting", "axes_as_printed"]
    raw_id_fields = ["item", "source_document"]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["group", "number", "need"]
    raw_id_fields = ["plan", "source_document"]


@admin.register(ConsultationMethod)
class ConsultationMethodAdmin(admin.ModelAdmin):
    list_display = ["plan", "interviews", "questionnaire_contributions"]
    raw_id_fields = ["plan", "source_document"]
