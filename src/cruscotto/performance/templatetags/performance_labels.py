"""The Italian words of the performance codes, for the templates (services.labels)."""

from __future__ import annotations

from django import template

from cruscotto.performance.services import labels

register = template.Library()

register.filter("weight_source_label", labels.weight_source_label)
register.filter("rule_kind_label", labels.rule_kind_label)
register.filter("slot_label", labels.slot_label)
register.filter("polarity_label", labels.polarity_label)
