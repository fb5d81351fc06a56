"""System checks of households: the ID-number keys a production server cannot run without."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=False)
def id_number_keys(app_configs, **kwargs):
    if settings.PRODUCTION and not (settings.ID_ENCRYPTION_KEYS and settings.ID_HASH_KEY):
        return [
            Error(
                "ID_ENCRYPTION_KEYS and ID_HASH_KEY are not set.",
                hint="Production encrypts and hashes ID numbers with its own keys: set both.",
                id="households.E001",
            )
        ]
    return []
