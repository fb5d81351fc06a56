from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from core.api import serializers as base
from core.api.fields import ScopedPrimaryKeyRelatedField
from households import services
from households.choices import Hardship, Stage
from households.models import Household, HouseholdMember
from projects.models import Project


class HouseholdMemberSerializer(base.ModelSerializer):
    id_number = serializers.CharField(source="id_masked", read_only=True)

    class Meta:
        model = HouseholdMember
        fields = [
            "id",
            "name",
            "relation",
            "id_number",
            "is_resettlement_person",
            "added_after_freeze",
        ]


class HouseholdSerializer(base.ModelSerializer):
    """ID numbers are written in clear and always read back masked."""

    project = ScopedPrimaryKeyRelatedField(queryset=Project.objects.all())
    id_number = serializers.CharField(write_only=True, required=False, allow_blank=True)
    id_number_masked = serializers.CharField(source="id_masked", read_only=True)
    hardship_types = serializers.ListField(
        child=serializers.ChoiceField(choices=Hardship.choices), required=False
    )
    members = HouseholdMemberSerializer(many=True, read_only=True)
    version = base.version_field()

    class Meta:
        model = Household
        fields = [
            "id",
            "project",
            "district",
            "code",
            "party_type",
            "party_name",
            "id_number",
            "id_number_masked",
            "credit_code",
            "co_owners",
            "phone",
            "property_certificate_no",
            "address",
            "land_type",
            "use",
            "legal_area",
            "unregistered_area",
            "unregistered_recognition",
            "storage_area",
            "hardship_types",
            "intention",
            "note",
            "stage",
            "stage_changed_on",
            "no_agreement_on",
            "decision_issued_on",
            "enforcement_applied_on",
            "enforced_on",
            "added_after_freeze",
            "has_duplicate_id",
            "members",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "district",
            "stage",
            "stage_changed_on",
            "added_after_freeze",
            "has_duplicate_id",
            "created_at",
            "updated_at",
        ]
        validators = []  # the service checks the code is unique in its project

    def _call(self, function, **kwargs):
        try:
            return function(**kwargs)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(
                getattr(exc, "message_dict", None) or {"non_field_errors": exc.messages}
            ) from None

    def create(self, validated_data):
        validated_data.pop("version", None)
        return self._call(services.household_create, **validated_data)

    def update(self, instance, validated_data):
        validated_data.pop("project", None)
        version = validated_data.pop("version", None)
        return self._call(
            services.household_update,
            household=instance,
            expected_version=version,
            **validated_data,
        )


class ProgressSerializer(base.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
    date = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class RosterImportSerializer(base.Serializer):
    project = ScopedPrimaryKeyRelatedField(queryset=Project.objects.all())
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=False)


class ImportErrorSerializer(base.Serializer):
    row = serializers.IntegerField(
        allow_null=True, help_text="The row number as the spreadsheet shows it."
    )
    column = serializers.CharField(allow_null=True)
    message = serializers.CharField()


class ImportResultSerializer(base.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    errors = ImportErrorSerializer(many=True)
    warnings = ImportErrorSerializer(many=True, help_text="Rows written all the same, to check.")
