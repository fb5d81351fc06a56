from django.contrib import admin

from core.admin import ReadOnlyAdmin
from reports.models import Report


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
