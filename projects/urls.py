from django.urls import path

from projects.views import daily, plans, projects, sites

app_name = "projects"

urlpatterns = [
    path("", projects.ProjectListView.as_view(), name="list"),
    path("new/", projects.ProjectCreateView.as_view(), name="create"),
    path("<int:pk>/", projects.ProjectDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", projects.ProjectUpdateView.as_view(), name="update"),
    path("<int:pk>/daily/", projects.ProjectDailyStatusListView.as_view(), name="daily_statuses"),
    path("<int:pk>/status/<slug:track>/", projects.project_change_status, name="change_status"),
    path("<int:pk>/funding/", projects.project_funding, name="funding"),
    path("<int:pk>/investment/", projects.project_record_investment, name="record_investment"),
    path("plans/", plans.PlanListView.as_view(), name="plan_list"),
    path("plans/new/", plans.plan_create, name="plan_create"),
    path("plans/<int:pk>/edit/", plans.plan_update, name="plan_update"),
    path("plans/<int:pk>/targets/", plans.plan_targets, name="plan_targets"),
    path("sites/", sites.SiteListView.as_view(), name="site_list"),
    path("sites/new/", sites.SiteCreateView.as_view(), name="site_create"),
    path("sites/<int:pk>/", sites.SiteDetailView.as_view(), name="site_detail"),
    path("sites/<int:site_pk>/buildings/", sites.building_create, name="building_create"),
    path(
        "sites/<int:site_pk>/buildings/<int:pk>/milestone/",
        sites.building_record_milestone,
        name="building_milestone",
    ),
    path(
        "sites/<int:site_pk>/evidence/<int:pk>/", sites.evidence_download, name="evidence_download"
    ),
    path("daily/", daily.daily_status_file, name="daily_file"),
    path("daily/overview/", daily.daily_status_overview, name="daily_overview"),
    path("daily/remind/", daily.daily_status_remind, name="daily_remind"),
]
