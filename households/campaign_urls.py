"""Campaign pages, mounted at /projects/campaigns/ (where users have always found them)."""

from django.urls import path

from households.views import campaigns

app_name = "campaigns"

urlpatterns = [
    path("", campaigns.CampaignListView.as_view(), name="list"),
    path("new/", campaigns.campaign_create, name="create"),
    path("<int:pk>/edit/", campaigns.campaign_update, name="update"),
]
