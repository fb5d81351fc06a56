from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api import serializers as base
from core.api.fields import ScopedPrimaryKeyRelatedField
from core.models import Region
from households.models import Household
from projects.models import Project
from supervision.choices import Satisfaction
from supervision.models import (
    Decision,
    Finding,
    Grievance,
    Inspection,
    Meeting,
    NoticeEvent,
    NoticeEvidence,
    NoticeExtension,
    SupervisionNotice,
)


class EvidenceSerializer(base.ModelSerializer):
    name = serializers.CharField(source="original_name")
    url = serializers.SerializerMethodField()

    class Meta:
        model = NoticeEvidence
        fields = ["id", "name", "content_type", "size", "url"]

    def get_url(self, evidence) -> str:
        return reverse(
            "notice-evidence", kwargs={"pk": evidence.notice_id, "evidence_pk": evidence.pk}
        )


class EventSerializer(base.ModelSerializer):
    # null for the system's own steps (an automatic reminder has no author)
    by = serializers.CharField(source="by.display_name", default=None, allow_null=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = NoticeEvent
        fields = ["kind", "at", "by", "text", "deadline", "evidence"]


class ExtensionSerializer(base.ModelSerializer):
    class Meta:
        model = NoticeExtension
        fields = ["requested_deadline", "reason", "status", "decided_at", "decision_note"]


class NoticeSerializer(base.ModelSerializer):
    number = serializers.CharField(read_only=True)
    district_name = serializers.CharField(source="district.name", read_only=True)
    overdue = serializers.SerializerMethodField()
    escalation = serializers.CharField(allow_null=True, read_only=True, source="escalation_or_none")
    extension = serializers.SerializerMethodField()
    timeline = EventSerializer(many=True, read_only=True)

    class Meta:
        model = SupervisionNotice
        fields = [
            "id",
            "number",
            "district",
            "district_name",
            "projects",
            "subject",
            "problem",
            "requirement",
            "deadline",
            "level",
            "status",
            "overdue",
            "escalation",
            "issued_on",
            "closed_on",
            "extension",
            "timeline",
            "version",
        ]
        read_only_fields = fields

    def get_overdue(self, notice) -> bool:
        return notice.is_overdue(timezone.localdate())

    def get_extension(self, notice) -> dict | None:
        extension = getattr(notice, "extension", None)
        return ExtensionSerializer(extension).data if extension else None


class NoticeDraftSerializer(base.ModelSerializer):
    district = ScopedPrimaryKeyRelatedField(
        queryset=Region.objects.districts(), label=_("District")
    )
    projects = ScopedPrimaryKeyRelatedField(
        queryset=Project.objects.all(), many=True, required=False, label=_("Projects")
    )

    class Meta:
        model = SupervisionNotice
        fields = ["district", "projects", "subject", "problem", "requirement", "deadline", "level"]


class IssueSerializer(base.Serializer):
    deadline = serializers.DateField(required=False, allow_null=True, label=_("New deadline"))


class RespondSerializer(base.Serializer):
    text = serializers.CharField(max_length=5000, label=_("What was done"))
    files = serializers.ListField(
        child=serializers.FileField(), required=False, label=_("Evidence files")
    )


class ExtendSerializer(base.Serializer):
    deadline = serializers.DateField(label=_("Requested deadline"))
    reason = serializers.CharField(max_length=2000, label=_("Reason"))


class ExtensionDecisionSerializer(base.Serializer):
    grant = serializers.BooleanField(label=_("Grant"))
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, label=_("Note"))


class CloseSerializer(base.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, label=_("Note"))


class ReturnSerializer(base.Serializer):
    reason = serializers.CharField(max_length=2000, label=_("Reason"))
    deadline = serializers.DateField(required=False, allow_null=True, label=_("New deadline"))


class InterviewSerializer(base.Serializer):
    held_on = serializers.DateField(label=_("Held on"))
    outcome = serializers.CharField(max_length=2000, label=_("Outcome"))


class GrievanceSerializer(base.ModelSerializer):
    overdue = serializers.SerializerMethodField()
    deadline = serializers.DateField(read_only=True, allow_null=True)  # none once finished
    satisfaction = serializers.ChoiceField(
        choices=Satisfaction.choices, allow_null=True, read_only=True, source="satisfaction_or_none"
    )
    # null on an anonymous grievance (to_representation), as its household is
    name = serializers.CharField(read_only=True, allow_null=True)
    phone = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Grievance
        fields = [
            "id",
            "channel",
            "ticket_no",
            "ticket_deadline",
            "anonymous",
            "name",
            "phone",
            "household",
            "project",
            "district",
            "category",
            "content",
            "status",
            "registered_on",
            "accept_by",
            "accepted_on",
            "handle_by",
            "extension_days",
            "deadline",
            "overdue",
            "not_accepted_reason",
            "findings",
            "root_cause",
            "reply",
            "resolved_on",
            "satisfaction",
            "closed_on",
            "version",
        ]
        read_only_fields = fields

    def get_overdue(self, grievance) -> bool:
        return grievance.is_overdue(timezone.localdate())

    def to_representation(self, grievance):
        """An anonymous grievance names nobody, for every reader (DESIGN.md §6)."""
        data = super().to_representation(grievance)
        if grievance.anonymous:
            data.update(name=None, phone=None, household=None)
        return data


class GrievanceRegisterSerializer(base.ModelSerializer):
    project = ScopedPrimaryKeyRelatedField(queryset=Project.objects.all(), label=_("Project"))
    household = ScopedPrimaryKeyRelatedField(
        queryset=Household.objects.all(), required=False, allow_null=True, label=_("Household")
    )

    class Meta:
        model = Grievance
        fields = [
            "project",
            "household",
            "channel",
            "ticket_no",
            "ticket_deadline",
            "anonymous",
            "name",
            "phone",
            "category",
            "content",
            "registered_on",
        ]
        extra_kwargs = {"registered_on": {"required": False}}


class GrievanceAcceptSerializer(base.Serializer):
    accepted_on = serializers.DateField(required=False, allow_null=True, label=_("Accepted on"))


class GrievanceDeclineSerializer(base.Serializer):
    reason = serializers.CharField(max_length=2000, label=_("Reason"))


class GrievanceInvestigateSerializer(base.Serializer):
    findings = serializers.CharField(max_length=5000, label=_("Findings"))
    root_cause = serializers.CharField(max_length=2000, label=_("Root cause"))


class GrievanceExtendSerializer(base.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=30, label=_("Extend by (days)"))
    reason = serializers.CharField(max_length=2000, label=_("Reason"))


class GrievanceResolveSerializer(base.Serializer):
    reply = serializers.CharField(max_length=5000, label=_("Reply to the resident"))
    resolved_on = serializers.DateField(required=False, allow_null=True, label=_("Resolved on"))


class GrievanceCloseSerializer(base.Serializer):
    satisfaction = serializers.ChoiceField(
        choices=Satisfaction.choices, label=_("Resident's satisfaction")
    )


class FindingSerializer(base.ModelSerializer):
    class Meta:
        model = Finding
        fields = ["id", "project", "text"]
        read_only_fields = fields


class InspectionSerializer(base.ModelSerializer):
    projects = serializers.PrimaryKeyRelatedField(  # those the caller sees (the view's)
        source="visible_projects",
        many=True,
        read_only=True,
        pk_field=serializers.IntegerField(),
        label=Inspection._meta.get_field("projects").verbose_name,
    )
    findings = serializers.SerializerMethodField()

    class Meta:
        model = Inspection
        fields = ["id", "inspected_on", "inspectors", "projects", "summary", "findings"]
        read_only_fields = fields

    def get_findings(self, inspection) -> list[dict]:
        """The findings at the projects the caller sees (prefetched by the view)."""
        return FindingSerializer(inspection.visible_findings, many=True).data


class DecisionSerializer(base.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["id", "text", "owner", "district", "deadline"]
        read_only_fields = fields


class MeetingSerializer(base.ModelSerializer):
    decisions = DecisionSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "held_on", "host", "subject", "attendees", "decisions"]
        read_only_fields = fields
