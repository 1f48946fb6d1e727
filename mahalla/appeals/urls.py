from django.urls import path

from mahalla.appeals.views import public, resident, staff

app_name = "appeals"

urlpatterns = [
    # The resident
    path("appeals/", resident.my_appeals, name="mine"),
    path("appeals/new/", resident.new_appeal, name="new"),
    path("appeals/sent/", resident.sent, name="sent"),
    path("appeals/nearby/", resident.nearby, name="nearby"),
    path("appeals/mahallas/", resident.mahalla_options, name="mahalla_options"),
    path("appeals/photo/<int:photo_id>/<str:variant>/", public.photo, name="photo"),
    path("appeals/<str:number>/", resident.appeal_detail, name="detail"),
    path("appeals/<str:number>/rate/", resident.rate, name="rate"),
    path("appeals/<str:number>/reopen/", resident.reopen, name="reopen"),
    path("appeals/<str:number>/support/", resident.support, name="support"),
    path("track/<str:token>/", resident.track, name="track"),
    path("track/<str:token>/photo/<int:photo_id>/<str:variant>/", resident.track_photo,
         name="track_photo"),
    # Staff
    path("staff/appeals/", staff.queue, name="queue"),
    path("staff/appeals/assign/", staff.bulk_assign, name="bulk_assign"),
    path("staff/appeals/<str:number>/", staff.staff_detail, name="staff_detail"),
    path("staff/appeals/<str:number>/<str:action>/", staff.staff_action, name="staff_action"),
    # Public map
    path("map/", public.report_map, name="map"),
    path("map/reports.json", public.reports_json, name="map_json"),
    path("map/<str:number>/", public.public_report, name="public_report"),
]
