from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cruscotto.accounts"
    verbose_name = "Utenti e ruoli"
