"""Knowledge Hub, Bookstore and Course Syllabi: what readers see, filters, bad input, query budgets."""

import datetime

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from core.publishing import Status
from resources.models import (
    Book,
    BookAuthor,
    HubEntry,
    Kind,
    Level,
    Syllabus,
    SyllabusInstructor,
)
from tests.articles.factories import ArticleFactory
from tests.helpers.html import assert_valid_html
from tests.helpers.seo import checked_json_ld, meta_tags
from tests.members.factories import PersonFactory
from tests.resources.factories import (
    BookFactory,
    HubEntryFactory,
    ResourceTopicFactory,
    SyllabusFactory,
)

pytestmark = pytest.mark.django_db

FUTURE = timezone.now() + datetime.timedelta(days=3)


def text(response):
    return response.content.decode()


# ------------------------------------------------------------------ visibility


def test_published_excludes_drafts_and_scheduled_for_every_model():
    for factory, model in [
        (BookFactory, Book),
        (SyllabusFactory, Syllabus),
        (HubEntryFactory, HubEntry),
    ]:
        live = factory()
        factory(status=Status.DRAFT)
        factory(published_at=FUTURE)
        assert list(model.objects.published()) == [live]


def test_drafts_and_scheduled_items_never_reach_readers(client):
    person = PersonFactory(name="Hidden Writer")
    topic = ResourceTopicFactory(name="Secrets")
    BookFactory(title="Draft book", status=Status.DRAFT, authors=[person], topics=[topic])
    BookFactory(title="Scheduled book", published_at=FUTURE, authors=[person])
    SyllabusFactory(title="Draft syllabus", status=Status.DRAFT, instructors=[person])
    HubEntryFactory(title="Draft entry", status=Status.DRAFT, topic=topic)
    pages = [
        reverse("resources:hub"),
        reverse("resources:books"),
        reverse("resources:syllabi"),
        person.get_absolute_url(),
    ]
    for url in pages:
        html = text(client.get(url))
        for title in ["Draft book", "Scheduled book", "Draft syllabus", "Draft entry"]:
            assert title not in html, (url, title)
    # Nor do they leak into the filter choices.
    html = text(client.get(reverse("resources:books")))
    assert "Hidden Writer" not in html and "Secrets" not in html


# ------------------------------------------------------------------ Knowledge Hub


def test_hub_groups_entries_by_topic_and_links_to_bookstore_and_syllabi(client):
    russia = ResourceTopicFactory(name="Russia", order=1)
    archives = ResourceTopicFactory(name="Archives", order=2)
    HubEntryFactory(
        title="Levada Center surveys",
        url="https://www.levada.ru/en/",
        topic=russia,
        annotation="Opinion polls on Russian society.",
    )
    HubEntryFactory(title="Wilson Center Digital Archive", kind=Kind.ARCHIVE, topic=archives)
    BookFactory(title="The Return of the Russian Leviathan")
    SyllabusFactory(title="Politics of Post-Soviet Eurasia")
    response = client.get(reverse("resources:hub"))
    html = text(response)
    document = assert_valid_html(response)
    assert response.status_code == 200
    groups = [
        section.find("h2").text
        for section in document.iter("section")
        if section.get("class") == "hub-group"
    ]
    assert groups == ["Russia", "Archives"]
    assert '<a href="https://www.levada.ru/en/" rel="noopener">Levada Center surveys</a>' in html
    assert "Opinion polls on Russian society." in html and "Archive" in html
    assert reverse("resources:books") in html and reverse("resources:syllabi") in html
    assert (
        "The Return of the Russian Leviathan" in html and "Politics of Post-Soviet Eurasia" in html
    )


def test_every_outbound_link_on_resource_pages_carries_noopener(client):
    person = PersonFactory()
    book = BookFactory(link="https://example.org/buy", authors=[person])
    HubEntryFactory(url="https://example.org/data")
    for url in [reverse("resources:hub"), reverse("resources:books"), book.get_absolute_url()]:
        document = assert_valid_html(client.get(url))
        external = [a for a in document.iter("a") if a.get("href", "").startswith("http")]
        assert external, url
        assert all("noopener" in (a.get("rel") or "") for a in external), url


# ------------------------------------------------------------------ Bookstore


def test_bookstore_shows_cover_authors_prize_and_link(client):
    medvedev = PersonFactory(name="Sergei Medvedev")
    BookFactory(
        title="The Return of the Russian Leviathan",
        authors=[medvedev],
        publisher="Polity",
        year=2020,
        prizes="Pushkin House Book Prize 2020",
        link="https://www.politybooks.com/",
        cover=True,
    )
    response = client.get(reverse("resources:books"))
    html = text(response)
    assert_valid_html(response)
    assert f'<a href="{medvedev.get_absolute_url()}">Sergei Medvedev</a>' in html
    assert "Polity, 2020" in html
    assert "Pushkin House Book Prize 2020" in html
    assert 'alt="Cover of The Return of the Russian Leviathan"' in html
    assert 'type="image/webp"' in html
    assert 'href="https://www.politybooks.com/" rel="noopener"' in html
    assert "1 book" in html


def test_bookstore_filters_by_topic_author_and_year(client):
    hale, lipman = (
        PersonFactory(name="Henry Hale", slug="henry-hale"),
        PersonFactory(name="Maria Lipman"),
    )
    russia, ukraine = ResourceTopicFactory(name="Russia"), ResourceTopicFactory(name="Ukraine")
    BookFactory(title="Patronal Politics", authors=[hale], topics=[russia, ukraine], year=2015)
    BookFactory(title="Media in Russia", authors=[lipman], topics=[russia], year=2020)
    BookFactory(title="Kyiv Notes", authors=[lipman, hale], topics=[ukraine], year=2020)

    def titles(query):
        response = client.get(reverse("resources:books") + query)
        assert response.status_code == 200
        assert_valid_html(response)
        html = text(response)
        return {
            t for t in ["Patronal Politics", "Media in Russia", "Kyiv Notes"] if f">{t}</a>" in html
        }

    assert titles("") == {"Patronal Politics", "Media in Russia", "Kyiv Notes"}
    assert titles("?topic=russia") == {"Patronal Politics", "Media in Russia"}
    assert titles("?author=henry-hale") == {"Patronal Politics", "Kyiv Notes"}
    assert titles("?year=2020") == {"Media in Russia", "Kyiv Notes"}
    assert titles("?topic=ukraine&author=henry-hale&year=2020") == {"Kyiv Notes"}
    assert titles("?topic=&author=&year=") == {"Patronal Politics", "Media in Russia", "Kyiv Notes"}


def test_bookstore_filter_form_has_labels_and_keeps_the_choice(client):
    BookFactory(year=2019, topics=[ResourceTopicFactory(name="Russia")])
    response = client.get(reverse("resources:books") + "?year=2019")
    document = assert_valid_html(response)
    labels = {label.get("for") for label in document.iter("label")}
    assert {"id_topic", "id_author", "id_year"} <= labels
    assert '<option value="2019" selected>2019</option>' in text(response)


@pytest.mark.parametrize(
    "query,message",
    [
        ("?topic=nope", "There is no topic “nope” here"),
        ("?author=nobody", "There is no author “nobody” here"),
        ("?year=abc", "There are no books from “abc” here"),
        ("?year=1999", "There are no books from “1999” here"),
        ("?year=-1", "There are no books from “-1” here"),
        ("?year=99999999999999999999999", "There are no books from"),
        ("?year=2020.5", "There are no books from"),
        (
            "?topic=%3Cscript%3Ealert(1)%3C/script%3E",
            "There is no topic “&lt;script&gt;alert(1)&lt;/script&gt;”",
        ),
        ("?topic=" + "x" * 1000, "There is no topic"),
        ("?author=%F0%9F%92%A5", "There is no author “💥”"),
    ],
)
def test_bad_bookstore_filters_answer_400_with_a_message(client, query, message):
    BookFactory(title="Patronal Politics", year=2020, topics=[ResourceTopicFactory(name="Russia")])
    response = client.get(reverse("resources:books") + query)
    html = text(response)
    assert response.status_code == 400
    assert_valid_html(response)
    assert message in html
    assert "Patronal Politics</a>" not in html
    assert "<script>alert" not in html


@pytest.mark.parametrize("query", ["?page=abc", "?page=0", "?page=999"])
def test_bad_page_numbers_are_404_not_500(client, query):
    BookFactory()
    SyllabusFactory()
    for name in ["resources:books", "resources:syllabi"]:
        response = client.get(reverse(name) + query)
        assert response.status_code == 404
        assert "Page not found" in text(response)


def test_book_page_shows_details_and_related_articles_by_its_authors(client):
    hale, busygina = PersonFactory(name="Henry Hale"), PersonFactory(name="Irina Busygina")
    stranger = PersonFactory(name="Someone Else")
    russia = ResourceTopicFactory(name="Russia")
    book = BookFactory(
        title="Patronal Politics",
        authors=[hale, busygina],
        topics=[russia],
        publisher="Cambridge University Press",
        year=2015,
        prizes="Prize One\nPrize Two",
        description="First paragraph.\n\nSecond paragraph.",
        cover=True,
    )
    ArticleFactory(title="Regional governors after the elections", authors=[hale])
    ArticleFactory(title="Federal transfers", authors=[busygina, hale])
    ArticleFactory(title="Unpublished memo", authors=[hale], status=Status.DRAFT)
    ArticleFactory(title="Not by them", authors=[stranger])
    response = client.get(book.get_absolute_url())
    html = text(response)
    assert_valid_html(response)
    assert "<h1>Patronal Politics</h1>" in html
    assert hale.get_absolute_url() in html and busygina.get_absolute_url() in html
    assert "Cambridge University Press" in html and ">2015</a>" in html
    assert "<li>Prize One</li>" in html and "<li>Prize Two</li>" in html
    assert "<p>First paragraph.</p>" in html and "<p>Second paragraph.</p>" in html
    assert f'href="{reverse("resources:books")}?topic=russia"' in html
    assert 'alt="Cover of Patronal Politics"' in html
    assert "Articles by Henry Hale and Irina Busygina" in html
    assert "Regional governors after the elections" in html and "Federal transfers" in html
    assert "Unpublished memo" not in html and "Not by them" not in html


def test_book_page_without_articles_has_no_empty_related_block(client):
    book = BookFactory(authors=[PersonFactory()])
    assert "Articles by" not in text(client.get(book.get_absolute_url()))


def test_the_bookstore_label_goes_with_the_title_not_above_the_cover(client):
    """The cover is one column, the label, title and facts the other (the layout at 1280 and
    390 px is measured in tests/browser/test_finished_layout.py)."""
    book = BookFactory(cover=True)
    page = assert_valid_html(client.get(book.get_absolute_url()))
    layout = page.find(".//article[@class='book-detail']")
    cover, body = list(layout)
    assert cover.get("class") == "book-detail-cover" and body.get("class") == "book-detail-body"
    label, title = list(body)[:2]
    assert label.get("class") == "eyebrow" and "".join(label.itertext()) == "Bookstore"
    assert title.tag == "h1"
    assert page.findall(".//p[@class='eyebrow']") == [label]


def test_draft_book_is_404_for_readers_and_previewable_by_editors(client, editor):
    draft = BookFactory(title="Unfinished book", status=Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/resources/books/no-such-book/").status_code == 404
    client.force_login(editor)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Draft" in text(response) and "only staff can see this page" in text(response)


# ------------------------------------------------------------------ Course Syllabi


def test_syllabi_show_institution_term_summary_and_pdf(client):
    hale = PersonFactory(name="Henry Hale")
    syllabus = SyllabusFactory(
        title="Politics of Post-Soviet Eurasia",
        instructors=[hale],
        institution="George Washington University",
        term="Fall 2022",
        level=Level.GRADUATE,
        summary="Regimes, elections and wars.",
    )
    response = client.get(reverse("resources:syllabi"))
    html = text(response)
    assert_valid_html(response)
    assert "Graduate · Fall 2022" in html and "George Washington University" in html
    assert "Regimes, elections and wars." in html
    assert f'href="{syllabus.pdf.url}" download' in html
    assert hale.get_absolute_url() in html
    detail = client.get(syllabus.get_absolute_url())
    assert_valid_html(detail)
    assert "<h1>Politics of Post-Soviet Eurasia</h1>" in text(detail) and syllabus.pdf.url in text(
        detail
    )


def test_syllabi_filter_by_topic_level_and_instructor(client):
    hale, kasianov = (
        PersonFactory(name="Henry Hale", slug="henry-hale"),
        PersonFactory(name="Georgiy Kasianov"),
    )
    memory = ResourceTopicFactory(name="Memory")
    SyllabusFactory(title="Intro Politics", instructors=[hale], level=Level.UNDERGRADUATE)
    SyllabusFactory(
        title="Memory Seminar", instructors=[kasianov], topics=[memory], level=Level.GRADUATE
    )
    SyllabusFactory(
        title="Methods Course", instructors=[hale, kasianov], topics=[memory], level=Level.GRADUATE
    )

    def titles(query):
        response = client.get(reverse("resources:syllabi") + query)
        assert response.status_code == 200
        html = text(response)
        return {
            t for t in ["Intro Politics", "Memory Seminar", "Methods Course"] if f">{t}</a>" in html
        }

    assert titles("?topic=memory") == {"Memory Seminar", "Methods Course"}
    assert titles("?level=graduate") == {"Memory Seminar", "Methods Course"}
    assert titles("?instructor=henry-hale") == {"Intro Politics", "Methods Course"}
    assert titles("?topic=memory&level=graduate&instructor=henry-hale") == {"Methods Course"}


@pytest.mark.parametrize(
    "query,message",
    [
        ("?level=phd", "There is no level “phd”"),
        ("?topic=nope", "There is no topic “nope”"),
        ("?instructor=nobody", "There is no instructor “nobody”"),
        (
            "?level=graduate&level=",
            "Syllabus number",
        ),  # the last value wins: no filter, a normal page
    ],
)
def test_bad_syllabus_filters_answer_400_with_a_message(client, query, message):
    SyllabusFactory(level=Level.GRADUATE)
    response = client.get(reverse("resources:syllabi") + query)
    assert_valid_html(response)
    assert message in text(response)
    assert response.status_code == (200 if message == "Syllabus number" else 400)


def test_draft_syllabus_is_404_for_readers(client, editor):
    draft = SyllabusFactory(status=Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(editor)
    assert client.get(draft.get_absolute_url()).status_code == 200


# ------------------------------------------------------------------ person page


def test_person_page_lists_their_books_and_syllabi(client):
    hale = PersonFactory(name="Henry Hale")
    BookFactory(title="Patronal Politics", authors=[hale])
    BookFactory(title="Draft Book", authors=[hale], status=Status.DRAFT)
    BookFactory(title="Somebody else's book", authors=[PersonFactory()])
    SyllabusFactory(title="Politics of Post-Soviet Eurasia", instructors=[hale])
    response = client.get(hale.get_absolute_url())
    html = text(response)
    assert_valid_html(response)
    assert '<h2 id="person-books">Books</h2>' in html and "Patronal Politics" in html
    assert (
        '<h2 id="person-syllabi">Course Syllabi</h2>' in html
        and "Politics of Post-Soviet Eurasia" in html
    )
    assert "Draft Book" not in html and "Somebody else" not in html


def test_person_without_books_has_no_empty_sections(client):
    person = PersonFactory()
    html = text(client.get(person.get_absolute_url()))
    assert "person-books" not in html and "person-syllabi" not in html


# ------------------------------------------------------------------ query budgets


def make_resources(count):
    """`count` published books, syllabi and hub entries with authors and topics (bulk inserts)."""
    people = [PersonFactory(), PersonFactory()]
    topics = [ResourceTopicFactory(), ResourceTopicFactory()]
    BookFactory(authors=people, topics=topics, cover=True)
    SyllabusFactory(instructors=people, topics=topics, level=Level.GRADUATE)
    now = timezone.now() - datetime.timedelta(hours=1)
    books = Book.objects.bulk_create(
        Book(
            title=f"Bulk book {i}",
            slug=f"bulk-book-{i}",
            year=2000 + i % 20,
            status=Status.PUBLISHED,
            published_at=now,
            link="https://example.org/",
        )
        for i in range(count - 1)
    )
    syllabi = Syllabus.objects.bulk_create(
        Syllabus(
            title=f"Bulk syllabus {i}",
            slug=f"bulk-syllabus-{i}",
            institution="GWU",
            term="Fall 2022",
            level=Level.GRADUATE,
            summary="Summary.",
            pdf="syllabi/x.pdf",
            status=Status.PUBLISHED,
            published_at=now,
        )
        for i in range(count - 1)
    )
    BookAuthor.objects.bulk_create(
        BookAuthor(book=b, person=p, order=o) for b in books for o, p in enumerate(people)
    )
    SyllabusInstructor.objects.bulk_create(
        SyllabusInstructor(syllabus=s, person=p, order=o)
        for s in syllabi
        for o, p in enumerate(people)
    )
    Book.topics.through.objects.bulk_create(
        Book.topics.through(book=b, topic=t) for b in books for t in topics
    )
    Syllabus.topics.through.objects.bulk_create(
        Syllabus.topics.through(syllabus=s, topic=t) for s in syllabi for t in topics
    )
    HubEntry.objects.bulk_create(
        HubEntry(
            title=f"Entry {i}",
            url=f"https://example.org/{i}",
            annotation="Useful.",
            kind=Kind.REPORT,
            topic=topics[i % 2],
            status=Status.PUBLISHED,
            published_at=now,
        )
        for i in range(count)
    )
    for _ in range(count % 7):  # a handful of articles by the authors, for the book page
        ArticleFactory(authors=people)
    return people, topics


@pytest.mark.parametrize("count", [1, 200])
@pytest.mark.parametrize(
    "url_name,query,expected",
    [
        ("resources:hub", "", 5),
        ("resources:books", "", 6),
        ("resources:books", "?topic={topic}&author={person}&year=2020", 8),
        ("resources:syllabi", "", 5),
        ("resources:syllabi", "?topic={topic}&instructor={person}&level=graduate", 7),
    ],
)
def test_list_pages_run_a_fixed_number_of_queries(
    client, django_assert_num_queries, count, url_name, query, expected
):
    people, topics = make_resources(count)
    query = query.format(topic=topics[0].slug, person=people[0].slug)
    with django_assert_num_queries(expected):
        response = client.get(reverse(url_name) + query)
    assert response.status_code == 200
    assert_valid_html(response)
    assert 'class="empty"' not in response.content.decode()


@pytest.mark.parametrize("count", [1, 200])
def test_detail_and_person_pages_run_a_fixed_number_of_queries(
    client, django_assert_num_queries, count
):
    people, _ = make_resources(count)
    book = Book.objects.order_by("id").first()
    syllabus = Syllabus.objects.order_by("id").first()
    for url, expected in [(book.get_absolute_url(), 5), (syllabus.get_absolute_url(), 5)]:
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200
    assert client.get(people[0].get_absolute_url()).status_code == 200


def test_person_page_costs_the_same_with_one_book_or_two_hundred(client):
    """Other apps add their own sections to the page: compare, rather than pin a total."""
    busy, _ = make_resources(200)
    quiet = PersonFactory()
    BookFactory(authors=[quiet])
    SyllabusFactory(instructors=[quiet])
    ArticleFactory(authors=[quiet])  # the busy one has articles too: same sections shown
    counts = []
    for person in [quiet, busy[0]]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(person.get_absolute_url())
        assert response.status_code == 200
        assert 'id="person-books"' in response.content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_book_page_tells_link_previews_and_search_engines_about_the_book(client):
    medvedev = PersonFactory(name="Sergei Medvedev")
    book = BookFactory(
        title="The Return of the Russian Leviathan",
        authors=[medvedev],
        publisher="Polity",
        year=2020,
        prizes="Pushkin House Book Prize 2020",
        cover=True,
    )
    response = client.get(book.get_absolute_url())
    tags = meta_tags(response)
    assert tags["og:title"] == ["The Return of the Russian Leviathan"]
    assert tags["og:type"] == ["book"]
    assert tags["og:image"][0].startswith("http://testserver/media/renditions/")
    assert tags["og:image:alt"] == ["Cover of The Return of the Russian Leviathan"]
    assert "robots" not in tags
    blocks, types = checked_json_ld(response)
    book_data = next(block for block in blocks if block["@type"] == "Book")
    assert book_data["award"] == ["Pushkin House Book Prize 2020"]
    assert book_data["author"][0]["name"] == "Sergei Medvedev"
    assert book_data["datePublished"] == "2020"


def test_syllabus_and_list_pages_carry_structured_data(client):
    syllabus = SyllabusFactory(
        title="Politics of Post-Soviet Eurasia", instructors=[PersonFactory()]
    )
    _, types = checked_json_ld(client.get(syllabus.get_absolute_url()))
    assert "Course" in types
    for name, title in [
        ("resources:hub", "Knowledge Hub"),
        ("resources:books", "Bookstore"),
        ("resources:syllabi", "Course Syllabi"),
    ]:
        response = client.get(reverse(name))
        blocks, types = checked_json_ld(response)
        assert "CollectionPage" in types
        assert meta_tags(response)["og:title"] == [title]


def test_previews_are_not_indexed(client, editor):
    draft = SyllabusFactory(status=Status.DRAFT)
    client.force_login(editor)
    assert meta_tags(client.get(draft.get_absolute_url()))["robots"][0].startswith("noindex")


FILTER_VALUES = st.one_of(
    st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=80),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(
        ["russia", "2020", "graduate", "", " ", "%", "'; DROP TABLE x;--", "1e309", "NaN"]
    ),
)


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    values=st.fixed_dictionaries(
        {},
        optional={
            k: FILTER_VALUES for k in ["topic", "author", "year", "level", "instructor", "page"]
        },
    )
)
def test_no_filter_value_is_ever_a_500(client, values):
    """Whatever a reader (or a crawler) puts in the filters, the answer is a page or a 4xx."""
    if not Book.objects.exists():  # once: examples share the test's transaction
        people, topics = [PersonFactory(slug="henry-hale")], [ResourceTopicFactory(name="Russia")]
        BookFactory(authors=people, topics=topics, year=2020)
        SyllabusFactory(instructors=people, topics=topics, level=Level.GRADUATE)
    for name in ["resources:books", "resources:syllabi", "resources:hub"]:
        response = client.get(reverse(name), values)
        assert response.status_code in {200, 400, 404}, (name, values)


def test_book_and_syllabus_cards_show_what_a_reader_scans_for():
    """{% book_card %} and {% syllabus_card %} (resources/templatetags/resource_cards.py): a
    placeholder cover with the title's first eight words when there is no cover, authors and
    publisher, prizes, the description and the PDF only where asked and present, escaped."""
    anna, boris = PersonFactory(name="Anna <A>"), PersonFactory(name="Boris B")
    book = BookFactory(
        title="One two three four five six seven eight nine & ten",
        authors=[anna, boris],
        publisher="Polity & Co",
        year=2021,
        prizes="Pushkin House Book Prize 2022\nA <second> prize",
        description="What the book argues.",
    )
    bare = BookFactory(authors=[], publisher="", prizes="", link="")
    syllabus = SyllabusFactory(title="Power & Politics", instructors=[boris])
    no_pdf = SyllabusFactory(instructors=[], pdf="", institution="HSE")
    template = Template(
        "{% load resource_cards %}{% book_card book show_description=shown %}"
        "{% syllabus_card syllabus show_summary=shown %}"
    )

    def render(book, syllabus, shown):
        return template.render(Context({"book": book, "syllabus": syllabus, "shown": shown}))

    html = render(book, syllabus, True)
    assert (
        '<div class="book-cover-placeholder" aria-hidden="true"><span>One two three four five six'
        " seven eight …</span></div>"
    ) in html
    assert (
        f'<a href="{book.get_absolute_url()}">One two three four five six seven eight nine &amp; ten</a>'
        in html
    )
    assert f'By <a href="{anna.get_absolute_url()}">Anna &lt;A&gt;</a> and ' in html
    assert "· Polity &amp; Co, 2021</p>" in html
    assert (
        '<ul class="prize-list"><li>Pushkin House Book Prize 2022</li><li>A &lt;second&gt; prize'
        "</li></ul>"
    ) in html
    assert '<p class="card-summary">What the book argues.</p>' in html
    assert '<p class="book-link"><a href="https://example.org/buy" rel="noopener">' in html
    assert f'<a href="{syllabus.get_absolute_url()}">Power &amp; Politics</a>' in html
    assert f'<a href="{syllabus.pdf.url}" download>Download the syllabus' in html
    assert '<p class="card-summary">What the course covers.</p>' in html

    html = render(bare, no_pdf, False)
    assert "By " not in html and "prize-list" not in html and "book-link" not in html
    assert '<p class="card-meta">2020</p>' in html
    assert "card-summary" not in html and "syllabus-download" not in html
    assert '<p class="card-meta">HSE</p>' in html
