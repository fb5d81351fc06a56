from django.urls import path

from supervision import views

app_name = "supervision"

urlpatterns = [
    path("", views.NoticeBoardView.as_view(), name="board"),
    path("todo/", views.todo, name="todo"),
    path("new/", views.notice_create, name="create"),
    path("<int:pk>/", views.notice_detail, name="notice"),
    path("<int:pk>/edit/", views.notice_update, name="update"),
    path("<int:pk>/sign-off/", views.notice_step, {"step": "sign_off"}, name="sign_off"),
    path("<int:pk>/issue/", views.notice_step, {"step": "issue"}, name="issue"),
    path("<int:pk>/acknowledge/", views.notice_step, {"step": "acknowledge"}, name="acknowledge"),
    path("<int:pk>/respond/", views.notice_step, {"step": "respond"}, name="respond"),
    path("<int:pk>/close/", views.notice_step, {"step": "close"}, name="close"),
    path("<int:pk>/return/", views.notice_step, {"step": "return"}, name="return"),
    path(
        "<int:pk>/extension/",
        views.notice_step,
        {"step": "extension_request"},
        name="extension_request",
    ),
    path(
        "<int:pk>/extension/decide/",
        views.notice_step,
        {"step": "extension_decide"},
        name="extension_decide",
    ),
    path("<int:pk>/interview/", views.notice_step, {"step": "interview"}, name="interview"),
    path("<int:pk>/print/", views.notice_print, name="print"),
    path("<int:pk>/evidence/<int:evidence_pk>/", views.evidence_file, name="evidence"),
    path(
        "<int:pk>/evidence/<int:evidence_pk>/thumbnail/",
        views.evidence_file,
        {"variant": "thumbnail"},
        name="evidence_thumbnail",
    ),
]
