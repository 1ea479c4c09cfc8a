"""Django's admin app with Cruscotto's site (accounts.admin_site), apart so that the app
registry loads it before the models the site's permission check reads."""

from __future__ import annotations

from django.contrib.admin.apps import AdminConfig


class CruscottoAdminConfig(AdminConfig):
    default_site = "cruscotto.accounts.admin_site.CruscottoAdminSite"
