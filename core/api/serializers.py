from rest_framework import serializers

from core.models import Region


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "parent", "is_development_zone"]
