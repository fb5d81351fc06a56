from rest_framework.routers import DefaultRouter

from households.api import views

router = DefaultRouter()
router.register("households", views.HouseholdViewSet, basename="household")

urlpatterns = router.urls
