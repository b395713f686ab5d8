from django.urls import path

from leitstern.products import views

app_name = "products"

urlpatterns = [
    path("", views.product_list, name="list"),
    path("new/", views.product_new, name="new"),
    path("<int:pk>/", views.product_detail, name="detail"),
    path("<int:pk>/edit/", views.product_edit, name="edit"),
    path("<int:pk>/archive/", views.product_archive, name="archive"),
    path("<int:pk>/restore/", views.product_restore, name="restore"),
]
