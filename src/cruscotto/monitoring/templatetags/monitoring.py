"""Small formatting filters of the monitoring report."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template

from cruscotto.core.charts import ChartSpec
from cruscotto.monitoring.models import SurveyQuestion
from cruscotto.monitoring.services.report import survey_question_chart

register = template.Library()


@register.filter
def survey_chart(question: SurveyQuestion) -> ChartSpec:
    """The chart of a closed question (its options prefetched), for `{% chart_body %}`."""
    return survey_question_chart(question)


@register.filter
def as_percent(value: Decimal | None) -> str:
    """A share 0-1 as an Italian percentage ("2,7%"); "—" when unknown."""
    if value is None:
        return "—"
    # Half up, as a reader rounds: the share is already rounded to 4 decimals, and
    # 3/113 = 0.0265 would read 2,6% with the default half-even.
    percent = (Decimal(value) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{percent}%".replace(".", ",")
