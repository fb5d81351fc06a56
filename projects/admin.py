from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin import UserAdmin
from accounts.models import User
from core.admin import ReadOnlyAdmin, ReadOnlyInline
from projects import models


class PlanMilestoneInline(ReadOnlyInline):
    model = models.PlanMilestone
    extra = 0


class DistrictTargetInline(ReadOnlyInline):
    model = models.DistrictTarget
    extra = 0
    autocomplete_fields = ["district"]


@admin.register(models.AnnualPlan)
class AnnualPlanAdmin(ReadOnlyAdmin):
    list_display = [
        "year",
        "target_households",
        "target_projects",
        "target_investment",
        "start_rule",
    ]
    inlines = [PlanMilestoneInline, DistrictTargetInline]


class ProjectFundingInline(ReadOnlyInline):
    model = models.ProjectFunding
    extra = 0


@admin.register(models.Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = [
        "code",
        "name",
        "district",
        "plan_year",
        "expropriation_status",
        "construction_status",
    ]
    list_filter = ["district", "plan_year", "expropriation_status", "construction_status"]
    search_fields = ["code", "name"]
    list_select_related = ["district", "street"]
    autocomplete_fields = ["district", "street", "city_liaison"]
    readonly_fields = ["expropriation_status", "construction_status", "suspension_reason"]
    inlines = [ProjectFundingInline]


@admin.register(models.ProjectStatusChange)
class ProjectStatusChangeAdmin(ReadOnlyAdmin):
    list_display = [
        "project",
        "track",
        "from_status",
        "to_status",
        "effective_on",
        "changed_by",
        "changed_at",
    ]
    list_filter = ["track"]
    list_select_related = ["project", "changed_by"]


class BuildingInline(ReadOnlyInline):
    model = models.ResettlementBuilding
    extra = 0


@admin.register(models.ResettlementSite)
class ResettlementSiteAdmin(ReadOnlyAdmin):
    list_display = ["name", "district"]
    search_fields = ["name"]
    filter_horizontal = ["projects"]
    inlines = [BuildingInline]


@admin.register(models.DailyStatus)
class DailyStatusAdmin(ReadOnlyAdmin):
    list_display = [
        "date",
        "project",
        "district",
        "status",
        "workers_on_site",
        "is_late",
        "submitted_at",
    ]
    list_filter = ["status", "is_late", "district"]
    date_hierarchy = "date"
    list_select_related = ["project", "district"]
    raw_id_fields = ["project", "reporter"]


@admin.register(models.InvestmentReport)
class InvestmentReportAdmin(ReadOnlyAdmin):
    list_display = ["project", "month", "amount"]
    list_select_related = ["project"]
    raw_id_fields = ["project", "reported_by"]


class CampaignTargetInline(ReadOnlyInline):
    model = models.CampaignTarget
    extra = 0


@admin.register(models.Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["name", "starts_on", "ends_on", "scope"]
    inlines = [CampaignTargetInline]


class ProjectScopeInline(admin.TabularInline):
    """The projects a user reaches one by one (project HQ staff), on the user's admin page."""

    model = models.Project.scope_users.through
    extra = 0
    autocomplete_fields = ["project"]
    verbose_name = _("project in scope")
    verbose_name_plural = _("projects in scope (project HQ staff)")


admin.site.unregister(User)


@admin.register(User)
class UserWithProjectsAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, ProjectScopeInline]
