"""A fixed corpus for the search tests: what each relevance query must find is here."""

import datetime

from django.utils import timezone

from core.publishing import Language, Status
from tests.articles.factories import ArticleFactory, CategoryFactory, TopicFactory
from tests.members.factories import PersonFactory


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def build_corpus():
    """Articles and people with known words; returns {key: object}."""
    memos = CategoryFactory(
        name="Policy Memos", name_ru="Аналитические записки", slug="policy-memos"
    )
    commentary = CategoryFactory(name="Commentary", name_ru="Комментарии", slug="commentary")
    people = {
        key: PersonFactory(name=name, slug=slug, **extra)
        for key, name, slug, extra in [
            (
                "lipman",
                "Maria Lipman",
                "maria-lipman",
                {"bio": "<p>Editor and analyst of Russian media.</p>"},
            ),
            (
                "ratelle",
                "Jean-François Ratelle",
                "jean-francois-ratelle",
                {"position": "Professor"},
            ),
            ("strakes", "Jason Strakes", "jason-strakes", {}),
            ("hale", "Henry Hale", "henry-hale", {}),
            ("golosov", "Grigory Golosov", "grigory-golosov", {}),
            ("dubovyk", "Volodymyr Dubovyk", "volodymyr-dubovyk", {}),
            ("hook", "Kristina Hook", "kristina-hook", {}),
            ("saradzhyan", "Simon Saradzhyan", "simon-saradzhyan", {}),
            (
                "private",
                "Pat Private",
                "pat-private",
                {"email": "secret-mailbox@example.org", "notes": "confidential zebra dossier"},
            ),
        ]
    }
    topics = {
        name: TopicFactory(name=name)
        for name in [
            "Armenia",
            "Azerbaijan",
            "Nagorno-Karabakh",
            "Russia",
            "Elections",
            "Ukraine",
            "Sanctions",
            "Federalism",
        ]
    }
    specs = [
        (
            "karabakh",
            "Russian-Sponsored Security Organizations and the Nagorno-Karabakh Conflict",
            "Does the CSTO protect Armenia?",
            p("The CSTO was built for coordination, not collective defence."),
            ["strakes"],
            ["Armenia", "Azerbaijan", "Nagorno-Karabakh"],
            400,
            commentary,
            "en",
        ),
        (
            "governors",
            "Regional Governors After the 2021 Duma Elections",
            "How regional bosses delivered the vote.",
            p("Governors were judged on turnout and margins."),
            ["hale"],
            ["Russia", "Elections"],
            300,
            memos,
            "en",
        ),
        (
            "vybory",
            "Региональные выборы и явка: что показали результаты",
            "На региональных выборах власти добивались высокой явки.",
            p("Наблюдатели отмечают различия между крупными городами и малыми."),
            ["golosov"],
            ["Russia", "Elections"],
            280,
            commentary,
            "ru",
        ),
        (
            "society",
            "Гражданское общество под давлением",
            "Независимые организации меняют способы работы.",
            p("Давление усилилось после принятия законов об иностранных агентах."),
            ["lipman"],
            ["Russia"],
            260,
            commentary,
            "ru",
        ),
        (
            "nuclear",
            "Signalling and Crisis Stability",
            "On deterrence in the current war.",
            p("Moscow's talk of nuclear weapons is meant to deter Western involvement."),
            ["saradzhyan"],
            ["Russia"],
            200,
            commentary,
            "en",
        ),
        (
            "museum",
            "Arsenals on Display",
            "Museums of the Cold War.",
            p(
                "Old weapons, some of them once nuclear-capable, fill the halls; "
                "the nuclear age is history there."
            ),
            [],
            ["Russia"],
            190,
            commentary,
            "en",
        ),
        (
            "oil",
            "Sanctions and the Oil Trade",
            "Price caps and tankers.",
            p("Sanctions on oil exports have been circumvented through a shadow fleet."),
            ["hale"],
            ["Sanctions"],
            150,
            memos,
            "en",
        ),
        (
            "tech",
            "Sanctions on Technology Imports",
            "Chips and machine tools.",
            p("Sanctions on chips reshaped supply chains through third countries."),
            ["dubovyk"],
            ["Sanctions"],
            140,
            memos,
            "en",
        ),
        (
            "memory_old",
            "Memory Politics and the Soviet Past",
            "Archives and monuments.",
            p("Memory politics shapes how the Soviet past is taught."),
            ["hook"],
            ["Ukraine"],
            3650,
            commentary,
            "en",
        ),
        (
            "memory_new",
            "Memory Politics and the Soviet Past, Revisited",
            "Archives and monuments.",
            p("Memory politics shapes how the Soviet past is taught."),
            ["hook"],
            ["Ukraine"],
            20,
            commentary,
            "en",
        ),
        (
            "federalism_title",
            "Federalism Without Federation",
            "Centre and regions.",
            p("Moscow keeps the forms and empties them of content."),
            ["hale"],
            ["Russia"],
            900,
            memos,
            "en",
        ),
        (
            "federalism_body",
            "Budgets of the Regions",
            "Transfers and loyalty.",
            p(
                "Transfers reward loyal regions; "
                "some call this fiscal federalism, others patronage."
            ),
            ["golosov"],
            ["Russia"],
            10,
            memos,
            "en",
        ),
        (
            "refugees",
            "Refugee Policy in Central Europe",
            "Hosting people fleeing the war.",
            p("Municipalities carried most of the burden of hosting refugees from Ukraine."),
            ["ratelle"],
            ["Ukraine"],
            100,
            commentary,
            "en",
        ),
    ]
    items = {}
    for key, title, summary, body, authors, topic_names, age, category, language in specs:
        items[key] = ArticleFactory(
            title=title,
            slug=key.replace("_", "-"),
            summary=summary,
            body=body,
            category=category,
            language=Language.RUSSIAN if language == "ru" else Language.ENGLISH,
            published_at=days_ago(age),
            authors=[people[a] for a in authors],
            topics=[topics[t] for t in topic_names],
        )
    items["draft"] = ArticleFactory(
        title="Caspian Energy Corridors",
        slug="draft-caspian",
        status=Status.DRAFT,
        body=p("Pipelines and ports."),
    )
    items["scheduled"] = ArticleFactory(
        title="Belarus After 2020: Five Scenarios",
        slug="scheduled-belarus",
        published_at=timezone.now() + datetime.timedelta(days=3),
        body=p("Lukashenko's succession."),
    )
    items.update(people)
    items["memos"], items["commentary"] = memos, commentary
    items["topics"] = topics
    return items
