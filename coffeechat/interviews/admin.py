from django.contrib import admin

from coffeechat.interviews.models import Interview, InterviewQuestion, Question, Takeaway


class InterviewQuestionInline(admin.TabularInline):
    model = InterviewQuestion
    extra = 0
    raw_id_fields = ["question"]


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ["person", "stage", "exploration", "scheduled_at", "user"]
    list_filter = ["stage", "medium"]
    raw_id_fields = ["person", "exploration"]
    readonly_fields = [
        "stage",
        "stage_changed_at",
        "requested_at",
        "held_at",
        "thanked_at",
        "closed_at",
        "close_reason",
    ]
    inlines = [InterviewQuestionInline]
    list_select_related = ["person", "exploration"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "category", "built_in", "hidden", "user"]
    list_filter = ["category", "built_in", "hidden"]
    search_fields = ["text"]


@admin.register(Takeaway)
class TakeawayAdmin(admin.ModelAdmin):
    list_display = ["text", "kind", "person", "user"]
    list_filter = ["kind"]
    raw_id_fields = ["interview", "person"]
