from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Regions and notifications")

    def ready(self):
        import core.lookups  # noqa: F401  (registers `__any`, used for long lists of hashes)
