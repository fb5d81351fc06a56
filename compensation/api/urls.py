from django.urls import path
from rest_framework.routers import DefaultRouter

from compensation.api import views

router = DefaultRouter()
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("appraisals", views.AppraisalViewSet, basename="appraisal")
router.register("payments", views.LedgerEntryViewSet, basename="payment")
router.register("lotteries", views.LotteryViewSet, basename="lottery")
router.register("units", views.ResettlementUnitViewSet, basename="unit")
router.register("allocations", views.AllocationViewSet, basename="allocation")

urlpatterns = [
    path(
        "households/<int:pk>/statement/",
        views.StatementViewSet.as_view({"get": "retrieve"}),
        name="household-statement",
    ),
    *router.urls,
]
