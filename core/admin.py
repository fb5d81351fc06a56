from django.contrib import admin

from core.models import Notification, Region


class ReadOnlyAdmin(admin.ModelAdmin):
    """Domain records change through their app's services only — they keep denormalised
    copies, history context and the business rules right — so the admin shows them and
    never edits them (NetBox treats its change-logged objects the same way)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "is_development_zone"]
    fields = ["code", "name", "level", "parent", "is_development_zone", "expropriation_department"]
    list_filter = ["level", "is_development_zone"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "text", "read_at"]
    list_select_related = ["recipient"]
    search_fields = ["text", "recipient__username"]
