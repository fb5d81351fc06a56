from rest_framework.routers import DefaultRouter

from supervision.api import views

router = DefaultRouter()
router.register("notices", views.NoticeViewSet, basename="notice")
router.register("grievances", views.GrievanceViewSet, basename="grievance")

urlpatterns = router.urls
