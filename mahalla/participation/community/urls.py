from django.urls import path

from mahalla.participation.community.views import discussions, ratings, reception

app_name = "community"

urlpatterns = [
    # Discussions (public reading)
    path("", discussions.index, name="index"),
    path("rules/", discussions.rules, name="rules"),
    path("mahalla/<int:mahalla_id>/", discussions.topics, name="topics"),
    path("mahalla/<int:mahalla_id>/new/", discussions.topic_new, name="topic_new"),
    path("topics/<int:pk>/", discussions.topic, name="topic"),
    path("topics/<int:pk>/comment/", discussions.comment, name="comment"),
    path("topics/<int:pk>/moderate/", discussions.moderate_topic, name="moderate_topic"),
    path("comments/<int:pk>/report/", discussions.report, name="report"),
    path("comments/<int:pk>/moderate/", discussions.moderate_comment, name="moderate_comment"),
    path("moderation/", discussions.moderation, name="moderation"),
    path("moderation/blocks/<int:pk>/lift/", discussions.lift_block, name="lift_block"),
    # Virtual reception
    path("reception/", reception.reception, name="reception"),
    path("reception/slots/<int:pk>/book/", reception.book, name="book"),
    path("reception/bookings/<int:pk>/", reception.booking, name="reception_booking"),
    path("reception/bookings/<int:pk>/cancel/", reception.cancel_booking,
         name="cancel_booking"),
    path("reception/staff/", reception.staff_slots, name="staff_slots"),
    path("reception/staff/slots/<int:pk>/", reception.staff_slot, name="staff_slot"),
    path("reception/staff/slots/<int:pk>/cancel/", reception.cancel_slot, name="cancel_slot"),
    path("reception/staff/bookings/<int:pk>/outcome/", reception.outcome, name="outcome"),
    # Ratings of services
    path("ratings/", ratings.public, name="ratings"),
    path("ratings/mine/", ratings.mine, name="ratings_mine"),
]
