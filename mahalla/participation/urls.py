from django.urls import path

from mahalla.participation import staff_views, views

app_name = "participation"

urlpatterns = [
    path("", views.index, name="index"),
    # Petitions
    path("petitions/", views.petition_list, name="petitions"),
    path("petitions/new/", views.petition_new, name="petition_new"),
    path("petitions/<int:petition_id>/", views.petition_detail, name="petition"),
    path("petitions/<int:petition_id>/sign/", views.petition_sign, name="petition_sign"),
    # Polls and surveys
    path("surveys/<int:survey_id>/", views.survey_detail, name="survey"),
    path("surveys/<int:survey_id>/respond/", views.survey_respond, name="survey_respond"),
    path("surveys/<int:survey_id>/results/", views.survey_results, name="survey_results"),
    # Votes
    path("votes/<int:election_id>/", views.election_detail, name="election"),
    path("votes/<int:election_id>/vote/", views.election_vote, name="election_vote"),
    path("votes/<int:election_id>/ballots.json", views.election_ballots_json,
         name="election_ballots_json"),
    path("votes/<int:election_id>/ballots.csv", views.election_ballots_csv,
         name="election_ballots_csv"),
    path("votes/<int:election_id>/receipt/", views.election_receipt, name="election_receipt"),
    # Staff
    path("staff/", staff_views.dashboard, name="staff"),
    path("staff/petitions/<int:petition_id>/", staff_views.petition, name="staff_petition"),
    path("staff/petitions/<int:petition_id>/moderate/", staff_views.petition_moderate,
         name="staff_petition_moderate"),
    path("staff/petitions/<int:petition_id>/answer/", staff_views.petition_answer,
         name="staff_petition_answer"),
    path("staff/surveys/new/", staff_views.survey_new, name="staff_survey_new"),
    path("staff/surveys/<int:survey_id>/", staff_views.survey, name="staff_survey"),
    path("staff/surveys/<int:survey_id>/export.<str:fmt>", staff_views.survey_export,
         name="staff_survey_export"),
    path("staff/votes/new/", staff_views.election_new, name="staff_election_new"),
    path("staff/votes/<int:election_id>/", staff_views.election, name="staff_election"),
]
