"""Navigation by role: the menu a user sees lists only what their permissions open."""

from django.urls import reverse
from django.utils.translation import gettext as _

NAVIGATION = [
    # (label, url name, icon, permission needed)
    (lambda: _("Home"), "home", "house", None),
    (lambda: _("Start-rate dashboard"), "dashboard", "speedometer2", "reports.view_report"),
    (lambda: _("Projects"), "projects:list", "buildings", "projects.view_project"),
    (lambda: _("Households"), "households:list", "people", "households.view_household"),
    (
        lambda: _("Daily status"),
        "projects:daily_file",
        "clipboard-check",
        "projects.add_dailystatus",
    ),
    (
        lambda: _("Reporting overview"),
        "projects:daily_overview",
        "list-check",
        "projects.view_dailystatus",
    ),
    (lambda: _("Annual plans"), "projects:plan_list", "calendar3", "projects.view_annualplan"),
    (
        lambda: _("Resettlement sites"),
        "projects:site_list",
        "house-door",
        "projects.view_resettlementsite",
    ),
    (
        lambda: _("Agreements"),
        "compensation:agreement_list",
        "file-earmark-text",
        "compensation.view_agreement",
    ),
    (lambda: _("Campaigns"), "campaigns:list", "flag", "projects.view_campaign"),
    (
        lambda: _("Supervision notices"),
        "supervision:board",
        "envelope-paper",
        "supervision.view_supervisionnotice",
    ),
    (
        lambda: _("Grievances"),
        "supervision:grievances",
        "chat-square-text",
        "supervision.view_grievance",
    ),
    (
        lambda: _("Inspections"),
        "supervision:inspections",
        "binoculars",
        "supervision.view_inspection",
    ),
    (lambda: _("Dispatch meetings"), "supervision:meetings", "people", "supervision.view_meeting"),
    (lambda: _("Reports"), "reports:list", "file-earmark-bar-graph", "reports.view_report"),
    (
        lambda: _("API documentation"),
        "api-docs",
        "braces",
        "accounts.read_api_documentation",
    ),
    (lambda: _("Administration"), "admin:index", "gear", "accounts.change_user"),
]


# Entries whose URL is a prefix of other entries' URLs are active only on an exact match.
EXACT = {"home", "projects:list", "projects:daily_file", "households:list"}


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    items = []
    for label, url_name, icon, permission in NAVIGATION:
        if permission is None or user.has_perm(permission):
            url = reverse(url_name)
            active = request.path == url if url_name in EXACT else request.path.startswith(url)
            items.append({"label": label(), "url": url, "icon": icon, "active": active})
    return {"navigation": items}
