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


class StartRateQuerySerializer(base.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)


class CityStartSerializer(base.Serializer):
    target_households = serializers.IntegerField()
    started_households = serializers.IntegerField()
    start_rate = base.PercentField()


class DistrictStartSerializer(CityStartSerializer):
    district_id = serializers.IntegerField()
    district_code = serializers.CharField()
    name = serializers.CharField()
    rank = serializers.IntegerField()


# DESIGN.md §6: {"year", "city": {...}, "districts": [...]}, districts in rank order. (A
# comment: the schema would show a docstring to API readers.)
class StartRateSerializer(base.Serializer):
    year = serializers.IntegerField()
    city = CityStartSerializer(source="*")
    districts = DistrictStartSerializer(many=True)
