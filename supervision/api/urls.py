from rest_framework.routers import DefaultRouter

from supervision.api import views

router = DefaultRouter()
router.register("notices", views.NoticeViewSet, basename="notice")

urlpatterns = router.urls
