from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from compensation import services
from compensation.api import serializers
from compensation.filtersets import AgreementFilterSet, AppraisalFilterSet
from compensation.models import Agreement, Appraisal
from core.api.docs import documented
from core.api.views import ScopedGenericViewSet


@documented(
    _("Agreements"),
    list=(
        _("List agreements"),
        _("Agreements of the households in the caller's scope; filter by project, status, mode."),
    ),
    retrieve=(_("Get an agreement"), _("One agreement with its item lines.")),
    create=(
        _("Draft an agreement"),
        _(
            "Computes a draft from the project's approved scheme, the household's latest "
            "appraisal and the household; 409 when the household already has one."
        ),
    ),
    review=(
        _("Review an agreement"),
        _("A second person checks the draft; 409 for the drafter or when not a draft."),
    ),
    sign=(
        _("Sign an agreement"),
        _(
            "Numbers the reviewed agreement and fixes its figures; conditional under a "
            "threshold, effective otherwise; 409 when not reviewed or when the figures changed."
        ),
    ),
    void=(
        _("Void an agreement"),
        _("Voids it with a reason; the record stays and a signed household goes back."),
    ),
)
class AgreementViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedGenericViewSet
):
    queryset = Agreement.objects.select_related("scheme", "project").prefetch_related("lines")
    serializer_class = serializers.AgreementSerializer
    filterset_class = AgreementFilterSet
    ordering_fields = ["number", "signed_on", "total"]
    ordering = ["id"]
    action_permissions = {
        "review": ["compensation.review_agreement"],
        "sign": ["compensation.sign_agreement"],
        "void": ["compensation.void_agreement"],
    }

    @extend_schema(
        request=serializers.AgreementDraftSerializer,
        responses={201: serializers.AgreementSerializer},
    )
    def create(self, request, *args, **kwargs):
        payload = serializers.AgreementDraftSerializer(
            data=request.data, context={"request": request}
        )
        payload.is_valid(raise_exception=True)
        agreement = services.agreement_draft(user=request.user, **payload.validated_data)
        return Response(self.get_serializer(agreement).data, status=status.HTTP_201_CREATED)

    def _act(self, service, payload_class=None):
        """The agreement first (404 out of scope), then its payload (400), then the service."""
        agreement = self.get_object()
        data = {}
        if payload_class is not None:
            payload = payload_class(data=self.request.data)
            payload.is_valid(raise_exception=True)
            data = payload.validated_data
        agreement = service(agreement=agreement, user=self.request.user, **data)
        return Response(self.get_serializer(agreement).data)

    @extend_schema(request=None, responses=serializers.AgreementSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        return self._act(services.agreement_review)

    @extend_schema(request=serializers.SignSerializer, responses=serializers.AgreementSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        return self._act(services.agreement_sign, serializers.SignSerializer)

    @extend_schema(request=serializers.VoidSerializer, responses=serializers.AgreementSerializer)
    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        return self._act(services.agreement_void, serializers.VoidSerializer)


@documented(
    _("Appraisals"),
    list=(_("List appraisals"), _("Appraisals of the households in the caller's scope.")),
    retrieve=(_("Get an appraisal"), _("One household's appraisal.")),
    create=(
        _("Record an appraisal"),
        _("Records a household's appraisal; the household becomes “appraised” from its date."),
    ),
)
class AppraisalViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedGenericViewSet
):
    queryset = Appraisal.objects.all()
    serializer_class = serializers.AppraisalSerializer
    filterset_class = AppraisalFilterSet
    ordering = ["id"]

    def perform_create(self, serializer):
        serializer.instance = services.appraisal_record(
            user=self.request.user, **serializer.validated_data
        )
