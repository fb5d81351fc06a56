from django.contrib import admin

from reports.models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
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
    readonly_fields = [f.name for f in Report._meta.fields]

    def has_add_permission(self, request):
        return False  # reports are made by the worker or `manage.py generate_report`
