from rest_framework import serializers
from rest_framework.reverse import reverse

from core.api import serializers as base
from reports.models import Report


class ReportSerializer(base.ModelSerializer):
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "kind",
            "period",
            "version",
            "status",
            "is_current",
            "generated_at",
            "published_at",
            "correction_note",
            "file_url",
        ]

    def get_file_url(self, report) -> str | None:
        if not report.file:
            return None
        return reverse("report-file", args=[report.pk], request=self.context.get("request"))


class ReportDetailSerializer(ReportSerializer):
    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "data"]
