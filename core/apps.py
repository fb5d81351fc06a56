from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Regions and notifications")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        import core.lookups  # noqa: F401  (registers `__any` and `__text`)
        from core.sessions import touch_on_login

        user_logged_in.connect(touch_on_login, dispatch_uid="core.sessions.touch_on_login")
