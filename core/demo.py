"""Demo content owned by the project: the site record and the editable pages."""

from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site

# Russian names of the demo's vocabularies (topics, areas of expertise, series …): the real
# site's where it has them (its categories, in articles/demo.py), the usual Russian terms
# otherwise. Each app's demo gives its names through `give_russian_names()`.
RUSSIAN_NAMES = {
    "Armenia": "Армения",
    "Azerbaijan": "Азербайджан",
    "Belarus": "Беларусь",
    "Black Sea": "Черное море",
    "Books": "Книги",
    "Civil Society": "Гражданское общество",
    "Conflict and Security": "Конфликты и безопасность",
    "Education": "Образование",
    "Elections": "Выборы",
    "Federalism": "Федерализм",
    "Foreign policy": "Внешняя политика",
    "Genocide studies": "Исследования геноцида",
    "History": "История",
    "History and Memory": "История и память",
    "Internet governance": "Регулирование интернета",
    "Media": "СМИ",
    "Memory and History": "Память и история",
    "Memory politics": "Политика памяти",
    "Methods and Data": "Методы и данные",
    "Nagorno-Karabakh": "Нагорный Карабах",
    "North Caucasus": "Северный Кавказ",
    "Nuclear Weapons": "Ядерное оружие",
    "Parliament": "Парламент",
    "Policy Workshops": "Экспертные семинары",
    "Political economy": "Политическая экономия",
    "Political violence": "Политическое насилие",
    "Politics and Governance": "Политика и управление",
    "Propaganda": "Пропаганда",
    "Public opinion": "Общественное мнение",
    "Refugees": "Беженцы",
    "Regimes and Elections": "Режимы и выборы",
    "Regional politics": "Региональная политика",
    "Russia": "Россия",
    "Sanctions": "Санкции",
    "Security": "Безопасность",
    "South Caucasus": "Южный Кавказ",
    "Ukraine": "Украина",
    "United States": "США",
}


def give_russian_names(*querysets):
    """Fill `name_ru` (core.vocabulary) from RUSSIAN_NAMES where an editor has left it empty."""
    for queryset in querysets:
        for row in queryset.filter(name_ru="", name__in=RUSSIAN_NAMES):
            row.name_ru = RUSSIAN_NAMES[row.name]
            row.save(update_fields=["name_ru"])


PAGES = [
    (
        "/about/",
        "About PONARS Eurasia",
        [
            "PONARS Eurasia is an international network of academics that advances new approaches to research on security, politics, economics, and society in Russia and Eurasia.",
            "The network links scholars across North America, Europe and Eurasia, and publishes policy memos, commentary, podcasts and events for a policy audience.",
        ],
    ),
    (
        "/contact/",
        "Contact",
        [
            "PONARS Eurasia, Institute for European, Russian and Eurasian Studies (IERES), Elliott School of International Affairs, The George Washington University.",
            "1957 E St NW, Washington, DC 20052 · adminponars@gwu.edu · 202.994.5915",
        ],
    ),
    (
        "/about-membership/",
        "About Membership",
        [
            "The network has three tiers of members: Core members, the Collegium of senior scholars, and Associate members in the early part of their careers.",
            "New members are elected each year by the membership committee. Members take part in workshops, write policy memos and speak at events.",
        ],
    ),
    (
        "/submissions/",
        "Submissions",
        [
            "Members may submit policy memos of about 2,500 words to the editors by email. Memos should make an argument relevant to policy and cite their sources.",
            "The editors reply within two weeks. Accepted memos are published on the site and as a PDF with a policy memo number.",
        ],
    ),
    (
        "/permissions-citation-guidelines/",
        "Permissions & Citation Guidelines",
        [
            "Articles may be quoted with attribution to the author and PONARS Eurasia and a link to the original page.",
            "To republish a memo in full, write to the editors for permission first.",
        ],
    ),
]


def seed(command):
    site, _ = Site.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": "127.0.0.1:8000", "name": settings.SITE_NAME}
    )
    for url, title, paragraphs in PAGES:
        page, _ = FlatPage.objects.update_or_create(
            url=url,
            defaults={"title": title, "content": "".join(f"<p>{p}</p>" for p in paragraphs)},
        )
        page.sites.add(site)
    command.stdout.write(f"Pages: {len(PAGES)}")
