from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="list"),
    path("new/", views.ProjectCreateView.as_view(), name="create"),
    path("<int:pk>/", views.ProjectDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ProjectUpdateView.as_view(), name="update"),
    path("<int:pk>/status/<slug:track>/", views.project_change_status, name="change_status"),
    path("<int:pk>/funding/", views.project_funding, name="funding"),
    path("<int:pk>/investment/", views.project_record_investment, name="record_investment"),
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/edit/", views.plan_update, name="plan_update"),
    path("plans/<int:pk>/targets/", views.plan_targets, name="plan_targets"),
    path("sites/", views.SiteListView.as_view(), name="site_list"),
    path("sites/new/", views.SiteCreateView.as_view(), name="site_create"),
    path("sites/<int:pk>/", views.SiteDetailView.as_view(), name="site_detail"),
    path("sites/<int:site_pk>/buildings/", views.building_create, name="building_create"),
    path("sites/<int:site_pk>/buildings/<int:pk>/milestone/", views.building_record_milestone,
         name="building_milestone"),
    path("sites/<int:site_pk>/evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("daily/", views.daily_status_file, name="daily_file"),
    path("daily/overview/", views.daily_status_overview, name="daily_overview"),
    path("campaigns/", views.CampaignListView.as_view(), name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/edit/", views.campaign_update, name="campaign_update"),
]
