from django.contrib import admin

from core.models import Notification, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "is_development_zone"]
    list_filter = ["level", "is_development_zone"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "text", "read_at"]
    list_select_related = ["recipient"]
    search_fields = ["text", "recipient__username"]

    def has_add_permission(self, request):
        return False  # sent by the system, never typed in here

    def has_change_permission(self, request, obj=None):
        return False
