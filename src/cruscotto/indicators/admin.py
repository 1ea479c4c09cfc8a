from __future__ import annotations

from django.contrib import admin

from cruscotto.core.admin import UserEditsAdmin, VersionedModelForm
from cruscotto.indicators.models import Indicator, Measurement


class MeasurementInline(admin.TabularInline):
    model = Measurement
    form = VersionedModelForm
    extra = 0
    fields = ["year", "reported_year", "series", "as_printed", "value", "value_type", "qualifiers"]


@admin.register(Indicator)
class IndicatorAdmin(UserEditsAdmin):
    list_display = ["code", "name", "kind", "plan"]
    list_filter = ["plan", "kind"]
    search_fields = ["code", "name"]
    raw_id_fields = ["item", "source_document"]
    inlines = [MeasurementInline]
