"""The built-in question bank: open, researched questions for an informational interview.

Every user gets an editable copy (`ensure_question_bank`). The questions follow the practice:
nothing the organization's website answers, open rather than yes/no, never a request for a
job, and always a way to ask who else to talk to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction

from coffeechat.interviews.models import Question, QuestionCategory

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

__all__ = ["BUILT_IN_QUESTIONS", "ensure_question_bank"]

_ROLE = QuestionCategory.ROLE.value
_PATH = QuestionCategory.PATH.value
_SKILLS = QuestionCategory.SKILLS.value
_CULTURE = QuestionCategory.CULTURE.value
_INDUSTRY = QuestionCategory.INDUSTRY.value
_EXPERIENCE = QuestionCategory.EXPERIENCE.value
_ADVICE = QuestionCategory.ADVICE.value
_HIRING = QuestionCategory.HIRING.value
_RESOURCES = QuestionCategory.RESOURCES.value
_REFERRALS = QuestionCategory.REFERRALS.value

BUILT_IN_QUESTIONS: list[tuple[str, str]] = [
    # The role: what the work is, day to day.
    (_ROLE, "What does a typical day look like for you?"),
    (_ROLE, "What are the main responsibilities of your role?"),
    (_ROLE, "How do you spend most of your week?"),
    (_ROLE, "Which parts of your work take more time than people expect?"),
    (_ROLE, "Who do you work with most closely, inside and outside your team?"),
    (_ROLE, "How is success measured in your role?"),
    (_ROLE, "What kinds of problems land on your desk?"),
    (_ROLE, "Could you walk me through a recent project from start to finish?"),
    (_ROLE, "What decisions are you responsible for making?"),
    (_ROLE, "What does a good week in your job look like, compared with a hard one?"),
    # The path: how they got here.
    (_PATH, "How did you get into this field?"),
    (_PATH, "What did your career path look like before this role?"),
    (_PATH, "What led you to choose this line of work?"),
    (_PATH, "What was your first job in this field, and how did you land it?"),
    (_PATH, "Which decisions along the way shaped your career the most?"),
    (_PATH, "Looking back, what would you change about the route you took?"),
    (_PATH, "How did your earlier experience help when you moved into this role?"),
    (_PATH, "What made you decide to join your current organization?"),
    (_PATH, "What turning points changed the direction of your career?"),
    (_PATH, "How did you know this move was the right one for you?"),
    # Skills, training, education, certifications.
    (_SKILLS, "What skills are most important for success in this role?"),
    (_SKILLS, "What training or education would you recommend for this work?"),
    (_SKILLS, "Which certifications, if any, carry weight in this field?"),
    (_SKILLS, "What skills did you have to learn on the job?"),
    (_SKILLS, "How did you build the technical skills you use today?"),
    (_SKILLS, "Which skills from my background do you think would transfer best?"),
    (_SKILLS, "How much does a degree matter compared with hands-on experience?"),
    (_SKILLS, "What tools or software should someone in this role know well?"),
    (_SKILLS, "Which skills do you see newcomers lacking most often?"),
    (_SKILLS, "How do you keep your skills current?"),
    # Culture: how people work together.
    (_CULTURE, "How would you describe the culture of your team?"),
    (_CULTURE, "What kind of person thrives in your organization?"),
    (_CULTURE, "How are decisions made on your team?"),
    (_CULTURE, "What is the work-life balance like where you work?"),
    (_CULTURE, "How does your team handle disagreement?"),
    (_CULTURE, "How do people on your team give each other feedback?"),
    (_CULTURE, "How does remote or hybrid work shape the way your team collaborates?"),
    (_CULTURE, "What does your organization value, beyond what its website says?"),
    (_CULTURE, "How does the culture where you work compare with other places you have been?"),
    (_CULTURE, "How are new people welcomed and supported in their first months?"),
    # Industry: trends, challenges, where the field is going.
    (_INDUSTRY, "What are the biggest challenges facing your industry right now?"),
    (_INDUSTRY, "Where do you see this field going in the next five years?"),
    (_INDUSTRY, "What trends are changing the way work gets done in your field?"),
    (_INDUSTRY, "How is technology changing your industry?"),
    (_INDUSTRY, "What do people outside the field most often misunderstand about it?"),
    (_INDUSTRY, "Which parts of the industry are growing, and which are shrinking?"),
    (_INDUSTRY, "How has the field changed since you started?"),
    (_INDUSTRY, "What developments in the field are you watching most closely?"),
    (_INDUSTRY, "How do changes in regulation or the economy affect your field?"),
    (_INDUSTRY, "What opportunities do you see opening up in this industry?"),
    # Experience: what they love, dislike, what surprised them.
    (_EXPERIENCE, "What do you enjoy most about your work?"),
    (_EXPERIENCE, "What do you find most challenging about your job?"),
    (_EXPERIENCE, "What surprised you most when you started in this role?"),
    (_EXPERIENCE, "What part of the job would you happily give away?"),
    (_EXPERIENCE, "What has been the most rewarding moment of your career so far?"),
    (_EXPERIENCE, "What do you dislike about your job?"),
    (_EXPERIENCE, "What keeps you motivated on the hard days?"),
    (_EXPERIENCE, "What is something about this work that you did not expect?"),
    (_EXPERIENCE, "Which project are you proudest of, and why?"),
    (_EXPERIENCE, "How do you handle the stressful parts of the job?"),
    # Advice: what they would do in my place.
    (_ADVICE, "If you were in my position, what would you do next?"),
    (_ADVICE, "What advice would you give someone trying to break into this field?"),
    (_ADVICE, "How would you prepare if you were starting out today?"),
    (_ADVICE, "What projects could I take on to test whether this work suits me?"),
    (_ADVICE, "What mistakes do people make when moving into this field?"),
    (_ADVICE, "What do you wish you had known when you started?"),
    (_ADVICE, "How can I get relevant experience before I change jobs?"),
    (_ADVICE, "Given my background, what should I focus on first?"),
    (_ADVICE, "What would you tell your younger self about this career?"),
    (_ADVICE, "How can I tell whether this path is right for me?"),
    # Hiring: what they look for, not a request for a job.
    (_HIRING, "What do you look for in candidates when hiring for this role?"),
    (_HIRING, "What makes an application stand out to you?"),
    (_HIRING, "What does the hiring process usually look like in this field?"),
    (_HIRING, "What experience do employers expect from someone entering this field?"),
    (_HIRING, "How do hiring managers in your field view career changers?"),
    (_HIRING, "What red flags do you notice in candidates?"),
    (_HIRING, "What are the usual entry points for newcomers hired into this field?"),
    (
        _HIRING,
        "How much weight does a portfolio carry when people are hired for this kind of role?",
    ),
    (_HIRING, "What questions should I expect in job interviews for roles like yours?"),
    (_HIRING, "What separates the strongest candidates from the rest?"),
    # Resources: what to read, join, attend.
    (_RESOURCES, "What books, blogs or podcasts would you recommend?"),
    (_RESOURCES, "Which professional associations are worth joining?"),
    (_RESOURCES, "What conferences or events should I attend?"),
    (_RESOURCES, "Which online communities do people in this field gather in?"),
    (_RESOURCES, "What publications do you read to stay current?"),
    (_RESOURCES, "Which newsletters help you keep up with the field?"),
    (_RESOURCES, "Which people in the field do you follow for their ideas?"),
    (_RESOURCES, "Which meetups or local groups would you recommend for someone new?"),
    (_RESOURCES, "Where do people in your field share their work and learn from each other?"),
    (_RESOURCES, "What is one resource you wish you had found sooner?"),
    # Referrals: always end by asking who else to talk to.
    (_REFERRALS, "Who else do you think I should talk to?"),
    (_REFERRALS, "Is there anyone else you would suggest I speak with?"),
    (_REFERRALS, "Who else in the field would be good to learn from?"),
    (_REFERRALS, "Could you recommend a few other people I could reach out to?"),
    (_REFERRALS, "Which people in your network might be open to a short conversation?"),
    (_REFERRALS, "Who has taken a different path into this field that I could talk to?"),
    (
        _REFERRALS,
        "Would you be comfortable introducing me to anyone else who could help me learn more?",
    ),
    (_REFERRALS, "Who at your organization would be good to talk to about other teams?"),
    (_REFERRALS, "Is there someone who made a similar switch whom I could contact?"),
    (_REFERRALS, "May I mention your name when I reach out to the people you suggest?"),
]


def ensure_question_bank(user: AbstractBaseUser) -> int:
    """Copy the built-in questions into the user's own bank, once; return how many were added.

    A built-in question the user already has (matched on its text) is left as it is, hidden or
    not, so running this again adds only questions new to the bank.
    """
    with transaction.atomic():
        # Hold the user's row so that two runs at once can't both add the same questions
        # (PostgreSQL; SQLite serializes writers anyway).
        list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))
        have = set(
            Question.objects.filter(user_id=user.pk, built_in=True).values_list("text", flat=True)
        )
        missing = [
            Question(user_id=user.pk, text=text, category=category, built_in=True)
            for category, text in BUILT_IN_QUESTIONS
            if text not in have
        ]
        Question.objects.bulk_create(missing)
    return len(missing)
