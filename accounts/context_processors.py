"""Navigation by role: the menu a user sees lists only what their permissions open."""

from django.urls import reverse
from django.utils.translation import gettext as _

NAVIGATION = [
    # (label, url name, icon, permission needed)
    (lambda: _("Home"), "home", "house", None),
    (lambda: _("Projects"), "projects:list", "buildings", "projects.view_project"),
    (lambda: _("API documentation"), "api-docs", "braces", "projects.view_project"),
    (lambda: _("Administration"), "admin:index", "gear", "accounts.change_user"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    items = []
    for label, url_name, icon, permission in NAVIGATION:
        if permission is None or user.has_perm(permission):
            url = reverse(url_name)
            active = request.path == url if url_name == "home" else request.path.startswith(url)
            items.append({"label": label(), "url": url, "icon": icon, "active": active})
    return {"navigation": items}
