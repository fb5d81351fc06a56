from rest_framework.routers import DefaultRouter

from projects.api import views

router = DefaultRouter()
router.register("regions", views.RegionViewSet, basename="region")
router.register("projects", views.ProjectViewSet, basename="project")

urlpatterns = router.urls
