from django.db.models import Prefetch
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core.api.docs import documented
from core.api.views import ScopedGenericViewSet, ScopedReadOnlyModelViewSet
from supervision import grievances, services
from supervision.api import serializers
from supervision.filtersets import GrievanceFilterSet, NoticeFilterSet
from supervision.models import (
    Finding,
    Grievance,
    Inspection,
    Meeting,
    NoticeEvidence,
    SupervisionNotice,
)

ANSWER = ["supervision.answer_supervisionnotice"]


@documented(
    _("Supervision notices"),
    list=(
        _("List supervision notices"),
        _(
            "Notices in the caller's scope (a district sees those issued to it); filter by "
            "status, district, level, escalation, overdue and year."
        ),
    ),
    retrieve=(_("Get a supervision notice"), _("One notice with its timeline and extension.")),
    create=(_("Draft a supervision notice"), _("City staff draft a notice to one district.")),
    sign_off=(
        _("Sign off a notice"),
        _(
            "A bureau leader signs off a draft, which gets the year's next number; 409 if "
            "not a draft."
        ),
    ),
    issue=(
        _("Issue a notice"),
        _("Sends a signed-off notice to its district and stores the printed notice."),
    ),
    acknowledge=(
        _("Acknowledge a notice"),
        _("The district confirms receipt of an issued notice."),
    ),
    respond=(
        _("Respond to a notice"),
        _("The district says what it did, with PDF, JPEG or PNG evidence (multipart)."),
    ),
    extend=(
        _("Ask for an extension"),
        _("The district asks once for a later deadline, with a reason; 409 the second time."),
    ),
    decide_extension=(
        _("Decide on an extension"),
        _("A bureau leader grants (the deadline moves) or refuses the extension asked for."),
    ),
    close=(_("Close out a notice"), _("City staff accept the response (销号).")),
    return_=(
        _("Return a notice"),
        _("City staff return the response with a reason and optionally a new deadline."),
    ),
    evidence=(
        _("Download an evidence file"),
        _("A file a district sent with its response, to those who see the notice."),
    ),
    interview=(
        _("Record an interview"),
        _("The date and outcome of the interview (约谈) an overdue notice reached."),
    ),
)
class NoticeViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedGenericViewSet
):
    queryset = SupervisionNotice.objects.select_related("district", "extension").prefetch_related(
        "projects", "timeline__by", "timeline__evidence"
    )
    serializer_class = serializers.NoticeSerializer
    filterset_class = NoticeFilterSet
    ordering_fields = ["deadline", "issued_on", "number"]
    ordering_sources = {"number": "serial"}
    ordering = ["-id"]
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    action_permissions = {
        "sign_off": ["supervision.sign_off_supervisionnotice"],
        "issue": ["supervision.issue_supervisionnotice"],
        "acknowledge": ANSWER,
        "respond": ANSWER,
        "extend": ANSWER,
        "decide_extension": ["supervision.decide_extension"],
        "close": ["supervision.close_supervisionnotice"],
        "return_": ["supervision.close_supervisionnotice"],
        "interview": ["supervision.change_noticeescalation"],
    }

    @extend_schema(
        request=serializers.NoticeDraftSerializer,
        responses={201: serializers.NoticeSerializer},
    )
    def create(self, request, *args, **kwargs):
        payload = serializers.NoticeDraftSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        notice = services.notice_draft(user=request.user, **payload.validated_data)
        return Response(self._read(notice), status=status.HTTP_201_CREATED)

    def _read(self, notice):
        return self.get_serializer(self.get_queryset().get(pk=notice.pk)).data

    def _act(self, service, payload_class=None, **extra):
        """The notice first (404 out of scope), then its payload (400), then the service
        (403 for a role that may not, 409 in the wrong status)."""
        notice = self.get_object()
        data = {}
        if payload_class is not None:
            payload = payload_class(data=self.request.data)
            payload.is_valid(raise_exception=True)
            data = payload.validated_data
        service(notice=notice, user=self.request.user, **data, **extra)
        return Response(self._read(notice))

    @extend_schema(request=None, responses=serializers.NoticeSerializer)
    @action(detail=True, methods=["post"], url_path="sign-off", url_name="sign-off")
    def sign_off(self, request, pk=None):
        return self._act(services.notice_sign_off)

    @extend_schema(request=serializers.IssueSerializer, responses=serializers.NoticeSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        return self._act(services.notice_issue, serializers.IssueSerializer)

    @extend_schema(request=None, responses=serializers.NoticeSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        return self._act(services.notice_acknowledge)

    @extend_schema(request=serializers.RespondSerializer, responses=serializers.NoticeSerializer)
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        return self._act(services.notice_respond, serializers.RespondSerializer)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, url_path=r"evidence/(?P<evidence_pk>\d+)", url_name="evidence")
    def evidence(self, request, pk=None, evidence_pk=None):
        # DRF's lookup: an id that is not a number is not found, as in the viewset's own.
        evidence = get_object_or_404(
            NoticeEvidence.objects.for_user(request.user), pk=evidence_pk, notice_id=pk
        )
        return FileResponse(
            evidence.file.open("rb"),
            as_attachment=True,
            filename=evidence.original_name,
            content_type=evidence.content_type,
        )

    @extend_schema(request=serializers.ExtendSerializer, responses=serializers.NoticeSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        return self._act(services.notice_extension_request, serializers.ExtendSerializer)

    @extend_schema(
        request=serializers.ExtensionDecisionSerializer, responses=serializers.NoticeSerializer
    )
    @action(detail=True, methods=["post"], url_path="decide-extension", url_name="decide-extension")
    def decide_extension(self, request, pk=None):
        return self._act(services.notice_extension_decide, serializers.ExtensionDecisionSerializer)

    @extend_schema(request=serializers.CloseSerializer, responses=serializers.NoticeSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._act(services.notice_close, serializers.CloseSerializer)

    @extend_schema(request=serializers.ReturnSerializer, responses=serializers.NoticeSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        return self._act(services.notice_return, serializers.ReturnSerializer)

    @extend_schema(request=serializers.InterviewSerializer, responses=serializers.NoticeSerializer)
    @action(detail=True, methods=["post"])
    def interview(self, request, pk=None):
        return self._act(services.notice_interview_record, serializers.InterviewSerializer)


CHANGE_GRIEVANCE = ["supervision.change_grievance"]


@documented(
    _("Grievances"),
    list=(
        _("List grievances"),
        _(
            "Residents' grievances about the projects in the caller's scope; an anonymous one "
            "names nobody. Filter by status, channel, category, district, project, overdue."
        ),
    ),
    retrieve=(_("Get a grievance"), _("One grievance with its deadlines and outcome.")),
    create=(
        _("Register a grievance"),
        _("Registers a grievance; the acceptance deadline is 15 days, a hotline ticket's own."),
    ),
    accept=(_("Accept a grievance"), _("The handling deadline runs: 60 days, or the ticket's.")),
    decline=(_("Decline a grievance"), _("Not accepted, with the reason.")),
    investigate=(_("Record the findings"), _("What the investigation found and the root cause.")),
    extend=(_("Extend a grievance"), _("Once, by up to 30 days, with a reason.")),
    resolve=(_("Resolve a grievance"), _("The reply given to the resident.")),
    close=(_("Close a grievance"), _("The resident's satisfaction at the return visit.")),
)
class GrievanceViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedGenericViewSet
):
    queryset = Grievance.objects.all()
    serializer_class = serializers.GrievanceSerializer
    filterset_class = GrievanceFilterSet
    ordering_fields = ["registered_on", "accept_by", "handle_by"]
    ordering = ["-id"]
    action_permissions = {
        step: CHANGE_GRIEVANCE
        for step in ("accept", "decline", "investigate", "extend", "resolve", "close")
    }

    @extend_schema(
        request=serializers.GrievanceRegisterSerializer,
        responses={201: serializers.GrievanceSerializer},
    )
    def create(self, request, *args, **kwargs):
        payload = serializers.GrievanceRegisterSerializer(
            data=request.data, context={"request": request}
        )
        payload.is_valid(raise_exception=True)
        grievance = grievances.grievance_register(user=request.user, **payload.validated_data)
        return Response(self.get_serializer(grievance).data, status=status.HTTP_201_CREATED)

    def _act(self, service, payload_class):
        grievance = self.get_object()
        payload = payload_class(data=self.request.data)
        payload.is_valid(raise_exception=True)
        grievance = service(grievance=grievance, user=self.request.user, **payload.validated_data)
        return Response(self.get_serializer(grievance).data)

    @extend_schema(
        request=serializers.GrievanceAcceptSerializer, responses=serializers.GrievanceSerializer
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._act(grievances.grievance_accept, serializers.GrievanceAcceptSerializer)

    @extend_schema(
        request=serializers.GrievanceDeclineSerializer, responses=serializers.GrievanceSerializer
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._act(grievances.grievance_decline, serializers.GrievanceDeclineSerializer)

    @extend_schema(
        request=serializers.GrievanceInvestigateSerializer,
        responses=serializers.GrievanceSerializer,
    )
    @action(detail=True, methods=["post"])
    def investigate(self, request, pk=None):
        return self._act(
            grievances.grievance_investigate, serializers.GrievanceInvestigateSerializer
        )

    @extend_schema(
        request=serializers.GrievanceExtendSerializer, responses=serializers.GrievanceSerializer
    )
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        return self._act(grievances.grievance_extend, serializers.GrievanceExtendSerializer)

    @extend_schema(
        request=serializers.GrievanceResolveSerializer, responses=serializers.GrievanceSerializer
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        return self._act(grievances.grievance_resolve, serializers.GrievanceResolveSerializer)

    @extend_schema(
        request=serializers.GrievanceCloseSerializer, responses=serializers.GrievanceSerializer
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._act(grievances.grievance_close, serializers.GrievanceCloseSerializer)


@documented(
    _("Inspections"),
    list=(
        _("List inspections"),
        _("Inspections that visited a project in the caller's scope, with their findings there."),
    ),
    retrieve=(_("Get an inspection"), _("One inspection with its findings.")),
)
class InspectionViewSet(ScopedReadOnlyModelViewSet):
    queryset = Inspection.objects.all()
    serializer_class = serializers.InspectionSerializer
    ordering_fields = ["inspected_on"]
    ordering = ["-inspected_on", "-id"]

    def get_queryset(self):
        findings = Finding.objects.for_user(self.request.user).order_by("id")
        return (
            super()
            .get_queryset()
            .with_visible_projects(self.request.user)
            .prefetch_related(Prefetch("findings", findings, to_attr="visible_findings"))
        )


@documented(
    _("Dispatch meetings"),
    list=(_("List dispatch meetings"), _("The city's dispatch meetings with their decisions.")),
    retrieve=(_("Get a dispatch meeting"), _("One meeting with its decisions.")),
)
class MeetingViewSet(ScopedReadOnlyModelViewSet):
    queryset = Meeting.objects.prefetch_related("decisions")
    serializer_class = serializers.MeetingSerializer
    ordering_fields = ["held_on"]
    ordering = ["-held_on", "-id"]
