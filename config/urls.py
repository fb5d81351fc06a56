from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from accounts.api.views import TokenLoginView, TokenLogoutView
from core.health import healthz
from reports import dashboard_views
from reports.views import HomeView

api_v1 = [
    path("auth/token/", TokenLoginView.as_view(), name="api-token"),
    path("auth/logout/", TokenLogoutView.as_view(), name="api-logout"),
    path("", include("core.api.urls")),
    path("", include("projects.api.urls")),
    path("", include("reports.api.urls")),
    path("", include("households.api.urls")),
    path("", include("compensation.api.urls")),
    path("", include("supervision.api.urls")),
]

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("", include("accounts.urls")),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("dashboard/<slug:code>/", dashboard_views.district_dashboard, name="dashboard_district"),
    # The command-centre screen: its display link's token is all it needs (no session).
    path("screen/<str:token>/", dashboard_views.screen, name="screen"),
    path("screen/<str:token>/data/", dashboard_views.screen_data, name="screen_data"),
    path("notifications/", include("core.urls")),
    # Campaign pages live with households (their progress counts household events).
    path("projects/campaigns/", include("households.campaign_urls")),
    path("projects/", include("projects.urls")),
    path("reports/", include("reports.urls")),
    path("households/", include("households.urls")),
    path("compensation/", include("compensation.urls")),
    path("supervision/", include("supervision.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("healthz", healthz, name="healthz"),
]

admin.site.site_header = _("Penggaitong administration")
admin.site.site_title = _("Penggaitong")

# A fault in the API answers JSON; a page's, the system's own 500 page.
handler404 = "core.api.exceptions.page_not_found"
handler500 = "core.api.exceptions.server_error"
