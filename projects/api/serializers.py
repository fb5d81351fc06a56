from rest_framework import serializers

from accounts.api.fields import ScopedPrimaryKeyRelatedField
from projects import services
from projects.models import Project, Region


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "parent", "is_development_zone"]


class ProjectSerializer(serializers.ModelSerializer):
    district = ScopedPrimaryKeyRelatedField(queryset=Region.objects.districts())
    street = ScopedPrimaryKeyRelatedField(
        queryset=Region.objects.streets(), required=False, allow_null=True
    )
    district_name = serializers.CharField(source="district.name", read_only=True)
    street_name = serializers.CharField(source="street.name", read_only=True, default=None)

    class Meta:
        model = Project
        fields = [
            "id", "code", "name", "district", "district_name", "street", "street_name",
            "created_at", "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def create(self, validated_data):
        return services.project_create(**validated_data)

    def update(self, instance, validated_data):
        return services.project_update(project=instance, **validated_data)
