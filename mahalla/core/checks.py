"""System checks of the personal-data keys: a bad key fails `manage.py check` at deploy time,
not the first request that reads a phone number."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from mahalla.core import crypto


@checks.register(checks.Tags.security)
def personal_data_keys(app_configs=None, **kwargs):
    try:
        crypto.check_keys()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="core.E102")]
    return []
