from rest_framework.routers import DefaultRouter

from core.api import views

router = DefaultRouter()
router.register("regions", views.RegionViewSet, basename="region")

urlpatterns = router.urls
