from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.roles import Role
from accounts.selectors import users_with_role
from core.api import serializers as base
from core.api.fields import ScopedPrimaryKeyRelatedField
from core.errors import Conflict
from core.models import Region
from projects import services
from projects.choices import ConstructionStatus, ExpropriationStatus
from projects.models import (
    TARGET_FIELDS,
    AnnualPlan,
    DailyStatus,
    DistrictTarget,
    PlanMilestone,
    Project,
    ProjectFunding,
)


class PlanMilestoneSerializer(base.ModelSerializer):
    class Meta:
        model = PlanMilestone
        fields = ["due_date", "start_rate_threshold"]


class DistrictTargetSerializer(base.ModelSerializer):
    district_code = serializers.CharField(source="district.code", read_only=True)
    district_name = serializers.CharField(source="district.name", read_only=True)

    class Meta:
        model = DistrictTarget
        fields = ["district", "district_code", "district_name", *TARGET_FIELDS]


class AnnualPlanSerializer(base.ModelSerializer):
    milestones = PlanMilestoneSerializer(many=True, required=False)
    district_targets = serializers.SerializerMethodField()
    version = base.version_field()

    class Meta:
        model = AnnualPlan
        fields = [
            "id",
            "year",
            "target_households",
            "target_households_in_kind",
            "target_households_monetary",
            "target_units",
            "target_projects",
            "target_investment",
            "start_rule",
            "document_number",
            "milestones",
            "district_targets",
            "version",
        ]

    def get_district_targets(self, plan) -> list[dict]:
        # Prefetched by the view with only the targets in the user's scope.
        return DistrictTargetSerializer(plan.scoped_targets, many=True).data

    def _save(self, plan, validated_data):
        milestones = validated_data.pop("milestones", None)
        version = validated_data.pop("version", None)
        for field, value in validated_data.items():
            setattr(plan, field, value)
        if milestones is None:
            milestones = (
                [
                    {"due_date": m.due_date, "start_rate_threshold": m.start_rate_threshold}
                    for m in plan.milestones.all()
                ]
                if plan.pk
                else []
            )
        plan = services.plan_save(plan=plan, milestones=milestones, expected_version=version)
        plan.scoped_targets = list(
            DistrictTarget.objects.for_user(self.context["request"].user)
            .filter(plan=plan)
            .select_related("district")
        )
        return plan

    def create(self, validated_data):
        return self._save(AnnualPlan(), validated_data)

    def update(self, instance, validated_data):
        return self._save(instance, validated_data)


class ProjectFundingSerializer(base.ModelSerializer):
    class Meta:
        model = ProjectFunding
        fields = ["source", "planned", "received"]


class WritableRegionField(serializers.PrimaryKeyRelatedField):
    """A district or street the requesting user may put a project in."""

    def get_queryset(self):
        request = self.context.get("request")
        return (
            super().get_queryset().writable_by(request.user) if request else Region.objects.none()
        )


class ProjectSerializer(base.ModelSerializer):
    district = WritableRegionField(queryset=Region.objects.districts())
    street = WritableRegionField(queryset=Region.objects.streets(), required=False, allow_null=True)
    city_liaison = serializers.PrimaryKeyRelatedField(
        queryset=users_with_role(Role.CITY_STAFF), required=False, allow_null=True
    )
    district_name = serializers.CharField(source="district.name", read_only=True)
    street_name = serializers.CharField(
        source="street.name", read_only=True, default=None, allow_null=True
    )
    funding = ProjectFundingSerializer(many=True, read_only=True)
    version = base.version_field()

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "name",
            "district",
            "district_name",
            "street",
            "street_name",
            "plan_year",
            "category",
            "demolition_type",
            "resettlement_mode",
            "planned_households",
            "planned_units",
            "floor_area",
            "planned_investment",
            "lead_leader_name",
            "lead_leader_post",
            "responsible_unit",
            "street_contact_name",
            "street_contact_phone",
            "city_liaison",
            "expropriation_status",
            "construction_status",
            "suspension_reason",
            "approved_on",
            "scope_announced_on",
            "freeze_date",
            "decision_announced_on",
            "signing_starts_on",
            "signing_ends_on",
            "signing_threshold",
            "construction_started_on",
            "completed_on",
            "accepted_on",
            "funding",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "expropriation_status",
            "construction_status",
            "suspension_reason",
            "scope_announced_on",
            "decision_announced_on",
            "signing_starts_on",
            "construction_started_on",
            "completed_on",
            "accepted_on",
            "created_at",
            "updated_at",
        ]

    def create(self, validated_data):
        validated_data.pop("version", None)
        return services.project_create(user=self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        return services.project_update(
            project=instance,
            expected_version=validated_data.pop("version", None),
            user=self.context["request"].user,
            **validated_data,
        )


class ExpropriationStatusChangeSerializer(base.Serializer):
    to_status = serializers.ChoiceField(choices=ExpropriationStatus.choices)
    effective_on = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class ConstructionStatusChangeSerializer(ExpropriationStatusChangeSerializer):
    to_status = serializers.ChoiceField(choices=ConstructionStatus.choices)


class DailyStatusSerializer(base.ModelSerializer):
    project = ScopedPrimaryKeyRelatedField(queryset=Project.objects.all())
    project_name = serializers.CharField(source="project.name", read_only=True)
    district_name = serializers.CharField(source="district.name", read_only=True)
    confirmed = serializers.BooleanField(
        write_only=True,
        default=False,
        help_text=_("Not resumed with workers or machinery on site: true confirms it is so."),
    )
    # Not sent by a first filing (there is nothing to have read); a change to a filed
    # status must send it: 400 when missing, 409 when filed or changed since.
    version = base.version_field()

    class Meta:
        model = DailyStatus
        fields = [
            "id",
            "project",
            "project_name",
            "district",
            "district_name",
            "date",
            "status",
            "workers_on_site",
            "machinery_on_site",
            "reason",
            "expected_resumption_on",
            "reporter",
            "first_submitted_at",
            "submitted_at",
            "is_late",
            "corrected_at",
            "correction_reason",
            "confirmed",
            "version",
        ]
        read_only_fields = [
            "district",
            "reporter",
            "first_submitted_at",
            "submitted_at",
            "is_late",
            "corrected_at",
        ]
        validators = []  # one record per project and day: a second submission updates it

    def create(self, validated_data):
        day = validated_data.pop("date")
        reason = validated_data.pop("correction_reason", "")
        try:
            [status] = services.daily_status_submit(
                day=day,
                rows=[validated_data],
                reporter=self.context["request"].user,
                correction_reason=reason,
                versions_required=True,
            )
        except services.DailyStatusErrors as exc:
            errors = exc.row_errors[0]
            if "version" in errors and validated_data.get("version") is not None:
                raise Conflict(errors["version"]) from None  # stale
            raise serializers.ValidationError(
                {field: [message] for field, message in errors.items()}
            ) from None
        return status
