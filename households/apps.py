from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HouseholdsConfig(AppConfig):
    name = "households"
    verbose_name = _("Households")

    def ready(self):
        import config.lookups  # noqa: F401  (registers `__any`, used for ID-number hash lists)
