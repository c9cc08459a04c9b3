"""The demo site's pages (`seed_demo`, what `make run` shows): one address of each public type."""

from django.conf import settings

from articles.models import Article, Category, Topic
from events.models import Event, EventStatus, Lecture, Series
from members.models import Expertise, Person
from podcasts.models import Episode, Show
from resources.models import Book, Syllabus


def demo_pages():
    """{path: the <title> it had before the metadata became its source} for every page type."""
    site = settings.SITE_NAME
    published = Article.objects.published()
    article = published.filter(credits__isnull=False).order_by("published_at").first()
    category, topic = Category.objects.get(slug="policy-memos"), Topic.objects.first()
    person = Person.objects.current_members().order_by("sort_name").first()
    episode, show = Episode.objects.published().first(), Show.objects.current()
    event, series = (
        Event.objects.filter(status=EventStatus.PUBLISHED).first(),
        Series.objects.first(),
    )
    cancelled = Event.objects.get(status=EventStatus.CANCELLED)
    lecture = Lecture.objects.published().select_related("topic").first()
    book, syllabus = Book.objects.published().first(), Syllabus.objects.published().first()
    area = Expertise.objects.first()
    past = Event.objects.past().first().start
    return {
        "/": f"{site} · Program on New Approaches to Research and Security in Eurasia",
        "/articles/": f"Articles · {site}",
        article.get_absolute_url(): f"{article.title} · {site}",
        category.get_absolute_url(): f"{category.label} · {site}",
        topic.get_absolute_url(): f"{topic.name} · {site}",
        "/members/": f"Members · {site}",
        "/members/core/": f"Core Members · {site}",
        "/members/?country=UA": f"Members in Ukraine · {site}",
        "/members/executive-committee/": f"Executive Committee · {site}",
        area.get_absolute_url(): f"{area.name} Experts · {site}",
        person.get_absolute_url(): f"{person.display_name} · {site}",
        "/podcasts/": f"{show.title} · {site}",
        episode.get_absolute_url(): f"{episode.title} · {show.title} · {site}",
        "/events/": f"Upcoming Events · {site}",
        "/events/past/": f"Past Events · {site}",
        f"/events/past/?year={past.year}": f"Past Events · {past.year} · {site}",
        f"/events/past/?year={past.year}&month={past.month}": (
            f"Past Events · {past:%B} {past.year} · {site}"
        ),
        event.get_absolute_url(): f"{event.title} · {site}",
        cancelled.get_absolute_url(): f"Cancelled: {cancelled.title} · {site}",
        series.get_absolute_url(): f"{series.name} · {site}",
        "/academy/": f"Online Academy · {site}",
        f"/academy/?topic={lecture.topic.slug}": f"Online Academy · {lecture.topic.name} · {site}",
        lecture.get_absolute_url(): f"{lecture.title} · Online Academy · {site}",
        "/resources/": f"Knowledge Hub · Digital Resources · {site}",
        "/resources/books/": f"Bookstore · Digital Resources · {site}",
        book.get_absolute_url(): f"{book.title} · Bookstore · {site}",
        "/resources/syllabi/": f"Course Syllabi · Digital Resources · {site}",
        syllabus.get_absolute_url(): f"{syllabus.title} · Course Syllabi · {site}",
        "/search/": f"Search · {site}",
        "/search/?q=russia": f"“russia” · Search · {site}",
        "/newsletter/": f"Newsletter · {site}",
        "/newsletter/check-your-inbox/": f"Check your inbox · {site}",
        "/about/": f"About {site} · {site}",
    }
