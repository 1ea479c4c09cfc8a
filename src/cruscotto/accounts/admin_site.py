"""The Django admin of Cruscotto: for the amministratori of every ente only.

The admin lists every ente's records side by side, so it is open to a Django
superuser or a user with an amministratore role for every ente
(`administers_everything`); an amministratore of one ente, the ufficio, the
referenti, the dirigenti and the valutatori are refused, also at its login page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.backends import BaseBackend
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from cruscotto.accounts.services.permissions import REFUSALS, Permission, administers_everything


class AmministratoreLoginForm(AdminAuthenticationForm):
    def confirm_login_allowed(self, user: Any) -> None:
        if not user.is_active or not administers_everything(user):
            raise ValidationError(
                f"Accesso negato: l'amministrazione è {REFUSALS[Permission.ADMINISTER]} "
                "di tutti gli enti.",
                code="invalid_login",
            )


class CruscottoAdminSite(admin.AdminSite):
    site_header = "Cruscotto – amministrazione"
    site_title = "Cruscotto"
    login_form = AmministratoreLoginForm

    def has_permission(self, request: HttpRequest) -> bool:
        return administers_everything(request.user)


class AmministratoreBackend(BaseBackend):
    """Gives an amministratore of every ente the Django permissions the admin asks for
    (view, add, change, delete), so that the role, not Django's groups, says who
    administers."""

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return administers_everything(user_obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return administers_everything(user_obj)
