from django.conf import settings
from django.utils.translation import get_language


def site(request):
    current = (get_language() or settings.LANGUAGE_CODE).lower()
    return {
        "site_languages": [{"code": code, "name": name, "current": code == current}
                           for code, name in settings.LANGUAGES],
        "html_lang": {"uz": "uz-Latn", "uz-cyrl": "uz-Cyrl"}.get(current, current),
        "oidc_enabled": settings.OIDC_ENABLED,
    }
