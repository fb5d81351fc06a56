from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from compensation import selectors, services
from compensation.api import serializers
from compensation.filtersets import (
    AgreementFilterSet,
    AllocationFilterSet,
    AppraisalFilterSet,
    LedgerEntryFilterSet,
    LotteryFilterSet,
    ResettlementUnitFilterSet,
)
from compensation.models import (
    Agreement,
    Allocation,
    Appraisal,
    LedgerEntry,
    Lottery,
    ResettlementUnit,
)
from core.api.docs import documented
from core.api.exceptions import fields_named
from core.api.views import ScopedGenericViewSet
from households.models import Household


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
    ordering_fields = ["appraised_on", "value", "unit_price"]
    ordering = ["id"]

    def perform_create(self, serializer):
        serializer.instance = services.appraisal_record(
            user=self.request.user, **serializer.validated_data
        )


@documented(
    _("Payments"),
    list=(
        _("List ledger entries"),
        _(
            "Payments and deposits of the households in the caller's scope; filter by project, "
            "household, item, kind, status and date."
        ),
    ),
    retrieve=(_("Get a ledger entry"), _("One payment or deposit; the account shown masked.")),
    create=(
        _("Enter a payment"),
        _(
            "Enters a payment or deposit against an item of the household's effective "
            "agreement; it counts as paid once another person approves it."
        ),
    ),
    approve=(
        _("Approve a ledger entry"),
        _(
            "A second person makes the entry final; 409 for who entered it, when not waiting "
            "for approval, or when it would pay more than is due to date."
        ),
    ),
    reverse=(
        _("Reverse a ledger entry"),
        _(
            "Takes an approved payment back with a reversing entry and a reason; 409 when not "
            "approved or reversed already."
        ),
    ),
)
class LedgerEntryViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedGenericViewSet
):
    queryset = LedgerEntry.objects.all()
    serializer_class = serializers.LedgerEntrySerializer
    filterset_class = LedgerEntryFilterSet
    ordering_fields = ["date", "amount"]
    ordering_sources = {"date": "paid_on"}
    ordering = ["id"]
    action_permissions = {
        "approve": ["compensation.approve_ledgerentry"],
        "reverse": ["compensation.reverse_ledgerentry"],
    }

    @extend_schema(
        request=serializers.LedgerEntryCreateSerializer,
        responses={201: serializers.LedgerEntryEnteredSerializer},
    )
    def create(self, request, *args, **kwargs):
        payload = serializers.LedgerEntryCreateSerializer(
            data=request.data, context={"request": request}
        )
        payload.is_valid(raise_exception=True)
        fields = dict(payload.validated_data)
        with fields_named(item_code="item", paid_on="date"):
            entry = services.entry_enter(
                user=request.user,
                item_code=fields.pop("item"),
                paid_on=fields.pop("date"),
                **fields,
            )
        entry.warnings = services.entry_warnings(entry, user=request.user)
        return Response(
            serializers.LedgerEntryEnteredSerializer(
                entry, context=self.get_serializer_context()
            ).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=None, responses=serializers.LedgerEntrySerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        entry = services.entry_approve(entry=self.get_object(), user=request.user)
        return Response(self.get_serializer(entry).data)

    @extend_schema(
        request=serializers.ReverseSerializer, responses=serializers.LedgerEntrySerializer
    )
    @action(detail=True, methods=["post"])
    def reverse(self, request, pk=None):
        entry = self.get_object()
        payload = serializers.ReverseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        reversal = services.entry_reverse(entry=entry, user=request.user, **payload.validated_data)
        return Response(self.get_serializer(reversal).data)


@documented(
    _("Payments"),
    retrieve=(
        _("Get a household's statement"),
        _("Due, paid and unpaid by item as of today, an accruing fee month by month."),
    ),
)
class StatementViewSet(ScopedGenericViewSet):
    queryset = Household.objects.all()
    action_permissions = {"retrieve": ["compensation.view_ledgerentry"]}

    @extend_schema(responses=serializers.StatementSerializer)
    def retrieve(self, request, pk=None):
        household = self.get_object()
        today = timezone.localdate()
        agreement = selectors.effective_agreement(household)
        dues = selectors.household_dues(household, on=today, agreement=agreement)
        data = {
            "household": household.pk,
            "agreement": agreement.pk if agreement else None,
            "on": today,
            "items": dues,
        }
        return Response(serializers.StatementSerializer(data).data)


@documented(
    _("Selection orders"),
    list=(_("List selection orders"), _("Lotteries and signing orders of projects in scope.")),
    retrieve=(
        _("Get a selection order"),
        _("List hash, algorithm, seed and the order drawn (household codes)."),
    ),
    freeze=(
        _("Freeze a list"),
        _(
            "Freezes and publishes the list of the project's swap households with an agreement "
            "in effect; a signing order is drawn at once."
        ),
    ),
    draw=(
        _("Enter the seed"),
        _("Draws a lottery's order from its published list and the seed; 409 once drawn."),
    ),
    published_list=(
        _("Get the published list"),
        _("The list file, the exact bytes whose SHA-256 is list_hash."),
    ),
)
class LotteryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    queryset = Lottery.objects.all()
    serializer_class = serializers.LotterySerializer
    filterset_class = LotteryFilterSet
    ordering_fields = ["number", "frozen_at"]
    ordering = ["id"]
    action_permissions = {
        "freeze": ["compensation.add_lottery"],
        "draw": ["compensation.change_lottery"],
        "published_list": ["compensation.view_lottery"],
    }

    @extend_schema(
        request=serializers.LotteryFreezeSerializer,
        responses={201: serializers.LotterySerializer},
    )
    @action(detail=False, methods=["post"])
    def freeze(self, request):
        payload = serializers.LotteryFreezeSerializer(
            data=request.data, context={"request": request}
        )
        payload.is_valid(raise_exception=True)
        lottery = services.lottery_freeze(user=request.user, **payload.validated_data)
        return Response(self.get_serializer(lottery).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=serializers.LotteryDrawSerializer, responses=serializers.LotterySerializer
    )
    @action(detail=True, methods=["post"])
    def draw(self, request, pk=None):
        lottery = self.get_object()
        payload = serializers.LotteryDrawSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        lottery = services.lottery_draw(
            lottery=lottery, user=request.user, **payload.validated_data
        )
        return Response(self.get_serializer(lottery).data)

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path="list")
    def published_list(self, request, pk=None):
        lottery = self.get_object()
        return HttpResponse(bytes(lottery.list_content), content_type="text/csv; charset=utf-8")


@documented(
    _("Resettlement units"),
    list=(_("List resettlement units"), _("Units of the resettlement sites in scope.")),
    retrieve=(_("Get a resettlement unit"), _("One unit with its status.")),
)
class ResettlementUnitViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet
):
    queryset = ResettlementUnit.objects.select_related("building")
    serializer_class = serializers.ResettlementUnitSerializer
    filterset_class = ResettlementUnitFilterSet
    ordering_fields = ["floor", "unit_no", "area"]
    ordering = ["id"]


@documented(
    _("Resettlement units"),
    list=(_("List allocations"), _("Units chosen by the households in scope.")),
    retrieve=(_("Get an allocation"), _("One household's chosen unit.")),
)
class AllocationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    queryset = Allocation.objects.all()
    serializer_class = serializers.AllocationSerializer
    filterset_class = AllocationFilterSet
    ordering_fields = ["allocated_at"]
    ordering = ["id"]
