"""The libraries' apps under Chinese names in the admin: their own configs name them in
English, or only by their package name (AXES, KNOX, PGHISTORY)."""

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from pghistory.apps import PGHistoryConfig


class AxesConfig(AxesAppConfig):
    verbose_name = _("Log-in protection")


class KnoxConfig(AppConfig):
    name = "knox"
    verbose_name = _("API tokens")


class HistoryConfig(PGHistoryConfig):
    verbose_name = _("Change history")
