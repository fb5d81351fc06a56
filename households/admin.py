from django.contrib import admin

from core.admin import ReadOnlyAdmin, ReadOnlyInline
from households.models import Household, HouseholdMember, IdRevealLog, ProgressEvent, RosterImport


class MemberInline(ReadOnlyInline):
    model = HouseholdMember
    extra = 0
    fields = ["name", "relation", "id_masked", "is_resettlement_person", "added_after_freeze"]
    readonly_fields = fields


@admin.register(Household)
class HouseholdAdmin(ReadOnlyAdmin):
    """Masked ID numbers only; the encrypted and hashed forms are never shown."""

    list_display = [
        "code",
        "party_name",
        "id_masked",
        "project",
        "district",
        "stage",
        "has_duplicate_id",
    ]
    list_filter = ["stage", "district", "has_duplicate_id", "added_after_freeze"]
    search_fields = ["code", "party_name"]
    list_select_related = ["project", "district"]
    exclude = ["id_encrypted", "id_hash"]
    readonly_fields = ["id_masked", "stage", "district", "added_after_freeze", "has_duplicate_id"]
    raw_id_fields = ["project"]
    inlines = [MemberInline]


@admin.register(ProgressEvent)
class ProgressEventAdmin(ReadOnlyAdmin):
    list_display = [
        "household",
        "from_stage",
        "to_stage",
        "effective_on",
        "recorded_by",
        "recorded_at",
    ]
    list_select_related = ["household", "recorded_by"]


@admin.register(IdRevealLog)
class IdRevealLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "kind", "household", "record_count", "reason"]
    list_select_related = ["user", "household"]


@admin.register(RosterImport)
class RosterImportAdmin(ReadOnlyAdmin):
    list_display = ["imported_at", "project", "filename", "created", "updated", "unchanged"]
    list_select_related = ["project", "imported_by"]
