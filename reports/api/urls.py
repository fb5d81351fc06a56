from django.urls import path
from rest_framework.routers import DefaultRouter

from reports.api import views

router = DefaultRouter()
router.register("reports", views.ReportViewSet, basename="report")

urlpatterns = [
    path("dashboard/start-rate/", views.StartRateView.as_view(), name="dashboard-start-rate"),
    *router.urls,
]
