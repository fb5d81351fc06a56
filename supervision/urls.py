from django.urls import path

from supervision.views import grievances, notices, records

app_name = "supervision"

urlpatterns = [
    path("", notices.NoticeBoardView.as_view(), name="board"),
    path("todo/", notices.todo, name="todo"),
    path("new/", notices.notice_create, name="create"),
    path("<int:pk>/", notices.notice_detail, name="notice"),
    path("<int:pk>/edit/", notices.notice_update, name="update"),
    path("<int:pk>/sign-off/", notices.notice_step, {"step": "sign_off"}, name="sign_off"),
    path("<int:pk>/issue/", notices.notice_step, {"step": "issue"}, name="issue"),
    path("<int:pk>/acknowledge/", notices.notice_step, {"step": "acknowledge"}, name="acknowledge"),
    path("<int:pk>/respond/", notices.notice_step, {"step": "respond"}, name="respond"),
    path("<int:pk>/close/", notices.notice_step, {"step": "close"}, name="close"),
    path("<int:pk>/return/", notices.notice_step, {"step": "return"}, name="return"),
    path(
        "<int:pk>/extension/",
        notices.notice_step,
        {"step": "extension_request"},
        name="extension_request",
    ),
    path(
        "<int:pk>/extension/decide/",
        notices.notice_step,
        {"step": "extension_decide"},
        name="extension_decide",
    ),
    path("<int:pk>/interview/", notices.notice_step, {"step": "interview"}, name="interview"),
    path("<int:pk>/print/", notices.notice_print, name="print"),
    path("<int:pk>/evidence/<int:evidence_pk>/", notices.evidence_file, name="evidence"),
    path(
        "<int:pk>/evidence/<int:evidence_pk>/thumbnail/",
        notices.evidence_file,
        {"variant": "thumbnail"},
        name="evidence_thumbnail",
    ),
]

urlpatterns += [
    path("grievances/", grievances.GrievanceListView.as_view(), name="grievances"),
    path("grievances/new/", grievances.grievance_create, name="grievance_create"),
    path("grievances/<int:pk>/", grievances.grievance_detail, name="grievance"),
    *[
        path(
            f"grievances/<int:pk>/{step}/",
            grievances.grievance_step,
            {"step": step},
            name=f"grievance_{step}",
        )
        for step in grievances.STEPS
    ],
]

urlpatterns += [
    path("inspections/", records.inspection_list, name="inspections"),
    path("inspections/<int:pk>/", records.inspection_detail, name="inspection"),
    path("findings/<int:pk>/photo/", records.finding_photo, name="finding_photo"),
    path(
        "findings/<int:pk>/thumbnail/",
        records.finding_photo,
        {"variant": "thumbnail"},
        name="finding_thumbnail",
    ),
    path("meetings/", records.meeting_list, name="meetings"),
    path("meetings/<int:pk>/", records.meeting_detail, name="meeting"),
    path("liaison/", records.liaison, name="liaison"),
]
