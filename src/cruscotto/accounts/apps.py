from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cruscotto.accounts"
    verbose_name = "Utenti e ruoli"

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from cruscotto.accounts.services.lockouts import log_lockout

        user_locked_out.connect(log_lockout, dispatch_uid="cruscotto-log-lockout")
