from django.urls import path

from leitstern.site import views

app_name = "site"

urlpatterns = [
    path("", views.index, name="index"),
    path("w/<slug:slug>/", views.home, name="home"),
]
