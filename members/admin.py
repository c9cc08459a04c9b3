from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Membership, Person, User


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    pass


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["tier", "status", "role", "title", "started", "ended", "note"]
    show_change_link = True


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "affiliation", "city", "country"]
    search_fields = ["name", "sort_name", "affiliation", "email"]
    list_filter = ["country"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["honorific", "name", "sort_name", "slug", "photo"]}),
        ("Public profile", {"fields": ["position", "affiliation", "city", "country", "website", "bio"]}),
        ("Private", {"fields": ["email", "notes"]}),
    ]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "tier", "status", "role", "started", "ended"]
    list_filter = ["tier", "status", "role"]
    list_select_related = ["person"]
    search_fields = ["person__name", "person__email", "person__affiliation"]
    autocomplete_fields = ["person"]
    date_hierarchy = "started"
