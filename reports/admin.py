from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.admin import ReadOnlyAdmin
from reports import services
from reports.models import DisplayLink, Report


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = [
        "kind",
        "period",
        "version",
        "status",
        "is_current",
        "generated_at",
        "published_at",
    ]
    list_filter = ["kind", "status", "is_current"]
    search_fields = ["period"]
    # Reports are made by the worker or `manage.py generate_report` and published on the page.


class ActiveFilter(admin.SimpleListFilter):
    title = gettext_lazy("status")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", gettext_lazy("Active")), ("no", gettext_lazy("Revoked"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.active()
        if self.value() == "no":
            return queryset.exclude(revoked_at=None)
        return queryset


@admin.register(DisplayLink)
class DisplayLinkAdmin(admin.ModelAdmin):
    """Administrators create a screen's link (its address shown once) and revoke it."""

    list_display = ["name", "is_active", "created_by", "created_at", "last_opened", "revoked_at"]
    list_select_related = ["created_by"]
    list_filter = [ActiveFilter]
    readonly_fields = ["created_by", "created_at", "last_opened", "revoked_at"]
    actions = ["revoke"]

    @admin.display(boolean=True, description=gettext_lazy("active"))
    def is_active(self, link):
        return link.is_active

    @admin.display(description=gettext_lazy("last opened at"))
    def last_opened(self, link):
        return services.display_link_last_opened(link) or "—"

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, never deleted: the history keeps who made and revoked it

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        token = services.display_link_create(obj, user=request.user)
        address = request.build_absolute_uri(reverse("screen", args=[token]))
        messages.warning(
            request,
            _("The screen's address, shown this once — copy it now: %(address)s")
            % {"address": address},
        )

    def response_add(self, request, obj, post_url_continue=None):
        return redirect("admin:reports_displaylink_changelist")

    @admin.action(
        description=gettext_lazy("Revoke the selected display links"), permissions=["revoke"]
    )
    def revoke(self, request, queryset):
        count = services.display_link_revoke(links=queryset)
        self.message_user(
            request,
            ngettext("%(count)d display link revoked.", "%(count)d display links revoked.", count)
            % {"count": count},
        )

    def has_revoke_permission(self, request):
        return request.user.has_perm("reports.revoke_displaylink")
