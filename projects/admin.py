from django.contrib import admin

from projects.models import Project, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "is_development_zone"]
    list_filter = ["level", "is_development_zone"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "district", "street", "updated_at"]
    list_filter = ["district"]
    search_fields = ["code", "name"]
    list_select_related = ["district", "street"]
    autocomplete_fields = ["district", "street"]
