from rest_framework.routers import DefaultRouter

from compensation.api import views

router = DefaultRouter()
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("appraisals", views.AppraisalViewSet, basename="appraisal")

urlpatterns = router.urls
