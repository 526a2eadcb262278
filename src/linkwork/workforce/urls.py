from django.urls import path

from linkwork.workforce.views import costs, edits, gp, posts, resources

app_name = "workforce"

urlpatterns = [
    path("workforce/", posts.index_view, name="index"),
    path("workforce/indicators/", costs.indicators_view, name="indicators"),
    path("workforce/schemes/<slug:slug>/posts/", posts.scheme_posts_view, name="scheme_posts"),
    path("workforce/schemes/<slug:slug>/standard/", posts.standard_view, name="standard"),
    path("workforce/schemes/<slug:slug>/gp-appointments/", gp.gp_import_view, name="gp_import"),
    path(
        "workforce/episodes/<uuid:referral_id>/gp-appointments/",
        gp.gp_record_view,
        name="gp_record",
    ),
    path("workforce/schemes/<slug:slug>/costs/", costs.scheme_costs_view, name="scheme_costs"),
    path(
        "workforce/schemes/<slug:slug>/indicators/",
        costs.scheme_indicators_view,
        name="scheme_indicators",
    ),
    path("workforce/posts/<uuid:pk>/", posts.post_detail_view, name="post_detail"),
    path("workforce/posts/<uuid:pk>/end/", posts.post_end_view, name="post_end"),
    path("workforce/posts/<uuid:pk>/change/", edits.post_edit_view, name="post_edit"),
    path(
        "workforce/resources/<str:kind>/<uuid:pk>/change/",
        edits.resource_edit_view,
        name="resource_edit",
    ),
    path(
        "workforce/resources/<str:kind>/<uuid:pk>/end/",
        edits.resource_end_view,
        name="resource_end",
    ),
    path("workforce/posts/<uuid:pk>/sessions/", posts.session_add_view, name="session_add"),
    path("workforce/posts/<uuid:pk>/training/", posts.training_add_view, name="training_add"),
    path("workforce/posts/<uuid:pk>/wellbeing/", posts.wellbeing_add_view, name="wellbeing_add"),
    path(
        "workforce/records/<str:kind>/<uuid:pk>/remove/",
        posts.record_remove_view,
        name="record_remove",
    ),
    path(
        "workforce/practices/<uuid:pk>/resources/",
        resources.practice_resources_view,
        name="practice_resources",
    ),
    path("workforce/practices/<uuid:pk>/funds/", resources.fund_add_view, name="fund_add"),
    path(
        "workforce/practices/<uuid:pk>/protected-time/",
        resources.protected_time_add_view,
        name="protected_time_add",
    ),
]
