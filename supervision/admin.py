from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline
from supervision.models import EscalationPolicy, NoticeEvent, SupervisionNotice


class NoticeEventInline(ReadOnlyInline):
    model = NoticeEvent
    fields = ["at", "kind", "by", "text", "deadline"]


@admin.register(SupervisionNotice)
class SupervisionNoticeAdmin(ReadOnlyAdmin):
    list_display = ["id", "number", "district", "subject", "level", "status", "deadline"]
    list_filter = ["status", "level", "district"]
    list_select_related = ["district"]
    search_fields = ["subject"]
    inlines = [NoticeEventInline]


@admin.register(EscalationPolicy)
class EscalationPolicyAdmin(admin.ModelAdmin):
    """The one row of thresholds: edited, never added a second time or deleted."""

    list_display = ["__str__", "reminder_after", "interview_after", "circular_after"]

    def has_add_permission(self, request):
        return not EscalationPolicy.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False
