from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin, ReadOnlyInline
from supervision.models import EscalationPolicy, Grievance, NoticeEvent, SupervisionNotice


class NoticeEventInline(ReadOnlyInline):
    model = NoticeEvent
    fields = ["at", "kind", "by", "text", "deadline"]


@admin.register(SupervisionNotice)
class SupervisionNoticeAdmin(ReadOnlyAdmin):
    list_display = ["id", "notice_number", "district", "subject", "level", "status", "deadline"]
    list_filter = ["status", "level", "district"]
    list_select_related = ["district"]
    search_fields = ["subject"]
    inlines = [NoticeEventInline]

    @admin.display(description=_("Number"), ordering="serial")
    def notice_number(self, notice):
        return notice.number


@admin.register(EscalationPolicy)
class EscalationPolicyAdmin(admin.ModelAdmin):
    """The one row of thresholds: edited, never added a second time or deleted."""

    list_display = ["__str__", "reminder_after", "interview_after", "circular_after"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Grievance)
class GrievanceAdmin(ReadOnlyAdmin):
    list_display = ["id", "channel", "ticket_no", "project", "category", "status", "registered_on"]
    list_filter = ["status", "channel", "category", "district"]
    list_select_related = ["project"]
    search_fields = ["ticket_no"]
