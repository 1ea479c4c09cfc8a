from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_cell(mapping: dict[Any, Any], key: Any) -> Any:
    """`cells|get_cell:2024`: a value of a dict by key, "" when absent."""
    return mapping.get(key, "") if mapping else ""
