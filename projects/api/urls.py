from rest_framework.routers import DefaultRouter

from projects.api import views

router = DefaultRouter()
router.register("plans", views.AnnualPlanViewSet, basename="plan")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("daily-statuses", views.DailyStatusViewSet, basename="daily-status")

urlpatterns = router.urls
