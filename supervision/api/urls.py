from rest_framework.routers import DefaultRouter

from supervision.api import views

router = DefaultRouter()
router.register("notices", views.NoticeViewSet, basename="notice")
router.register("grievances", views.GrievanceViewSet, basename="grievance")
router.register("inspections", views.InspectionViewSet, basename="inspection")
router.register("meetings", views.MeetingViewSet, basename="meeting")

urlpatterns = router.urls
