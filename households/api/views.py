from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers as drf_serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api.docs import documented
from core.api.pagination import KeysetPagination
from core.api.views import ScopedModelViewSet
from households import services
from households.api.serializers import (
    HouseholdSerializer,
    ImportResultSerializer,
    ProgressSerializer,
    RosterImportSerializer,
)
from households.filtersets import HouseholdFilterSet
from households.importers import ImportResult, import_roster
from households.models import Household, HouseholdMember

_VERSIONED = _(
    "Send the `version` you read: 409 when the household has changed since. Leave "
    "`id_number` empty or out to keep the stored one."
)


@documented(
    _("Households"),
    list=(
        _("List households"),
        _(
            "Households in the caller's scope, with masked ID numbers, in id order: follow "
            "`next` for the following page (a cursor; there is no count or page number)."
        ),
    ),
    retrieve=(
        _("Get a household"),
        _("One household with its members, with masked ID numbers."),
    ),
    create=(
        _("Register a household"),
        _("The ID number is checked and stored encrypted; it is never returned in full."),
    ),
    update=(_("Replace a household"), _VERSIONED),
    partial_update=(_("Change a household"), _VERSIONED),
    progress=(
        _("Record a household's progress"),
        _("Moves the household to `stage` on `date`; a move back needs the right and a reason."),
    ),
    roster_import=(
        _("Import a roster"),
        _(
            "Imports a roster spreadsheet into a project, all or nothing; `dry_run` checks "
            "without writing. Every error names its row and column."
        ),
    ),
)
class HouseholdViewSet(ScopedModelViewSet):
    # The project is written as its id alone (no join); the encrypted ID number and its
    # search hash are never read back. A household's members in the order they were added:
    # the members' default order, by household, joins its project and district to sort by
    # their codes (half the cost of a page's members).
    queryset = Household.objects.defer("id_encrypted", "id_hash").prefetch_related(
        Prefetch("members", HouseholdMember.objects.defer("id_encrypted", "id_hash").order_by("id"))
    )
    serializer_class = HouseholdSerializer
    filterset_class = HouseholdFilterSet
    pagination_class = KeysetPagination  # DESIGN.md §6: the one list paged by cursor
    ordering_fields = []  # id order only: a cursor needs a unique order to page on
    ordering = ["id"]
    action_permissions = {
        "progress": ["households.change_household"],
        "roster_import": ["households.add_household", "households.change_household"],
    }

    @extend_schema(request=ProgressSerializer, responses=HouseholdSerializer)
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        """Record the household's progress: {"stage", "date", "note"}."""
        household = self.get_object()
        payload = ProgressSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            services.household_record_progress(
                households=[household],
                to_stage=payload.validated_data["stage"],
                effective_on=payload.validated_data["date"],
                user=request.user,
                note=payload.validated_data["note"],
                can_revert=request.user.has_perm("households.revert_progress"),
            )
        except services.ProgressErrors as exc:
            raise drf_serializers.ValidationError(
                {"stage": list(exc.household_errors.values())}
            ) from None
        except DjangoValidationError as exc:
            raise drf_serializers.ValidationError(exc.message_dict) from None
        household.refresh_from_db()
        return Response(self.get_serializer(household).data)

    @extend_schema(
        request=RosterImportSerializer,
        responses={200: ImportResultSerializer, 400: ImportResultSerializer},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def roster_import(self, request):
        """Import a roster into a project, all or nothing; `dry_run` checks without writing."""
        payload = RosterImportSerializer(data=request.data, context={"request": request})
        if not payload.is_valid():
            if any(e.code == "does_not_exist" for e in payload.errors.get("project", [])):
                raise Http404  # a project outside the caller's scope is not found; "abc" is a 400
            # The import's one answer shape (DESIGN.md §6), the form's fields as its columns.
            result = ImportResult(
                errors=[
                    {"row": None, "column": field, "message": str(message)}
                    for field, messages in payload.errors.items()
                    for message in messages
                ]
            )
            return Response(result.as_dict(), status=400)
        upload = payload.validated_data["file"]
        result = import_roster(
            project=payload.validated_data["project"],
            content=upload.read(),
            filename=upload.name,
            user=request.user,
            dry_run=payload.validated_data["dry_run"],
        )
        return Response(result.as_dict(), status=400 if result.errors else 200)
