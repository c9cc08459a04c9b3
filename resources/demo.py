"""Demo Bookstore, Course Syllabi and Knowledge Hub (idempotent; people come from members.demo)."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from core.demo import give_russian_names
from core.demo_images import picture
from core.publishing import Status
from core.slugs import make_slug
from members.models import Person

from .models import (
    Book,
    BookAuthor,
    HubEntry,
    Kind,
    Level,
    LinkKind,
    Syllabus,
    SyllabusInstructor,
    Topic,
)


def minimal_pdf(*lines):
    """A small, valid one-page PDF showing `lines` (written by hand: no PDF library needed)."""
    text = " T* ".join(
        "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj"
        for line in lines
    )
    stream = f"BT /F1 14 Tf 16 TL 72 720 Td {text} ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


TOPICS = [
    # name, order on the Knowledge Hub
    ("Russia", 1),
    ("Ukraine", 2),
    ("South Caucasus", 3),
    ("Memory and History", 4),
    ("Regimes and Elections", 5),
    ("Methods and Data", 6),
]

# title, authors, publisher, year, topics, prizes, link, link kind, description (our own words), status
BOOKS = [
    (
        "The Return of the Russian Leviathan",
        ["Sergei Medvedev"],
        "Polity",
        2020,
        ["Russia", "Regimes and Elections"],
        "Pushkin House Book Prize 2020",
        "https://www.politybooks.com/",
        LinkKind.BUY,
        "Essays on how the Russian state has reasserted itself over territory, bodies and memory, "
        "and what that return means for Russian society.",
        Status.PUBLISHED,
    ),
    (
        "Patronal Politics: Eurasian Regime Dynamics in Comparative Perspective",
        ["Henry Hale"],
        "Cambridge University Press",
        2015,
        ["Regimes and Elections", "Russia", "Ukraine"],
        "",
        "https://www.cambridge.org/",
        LinkKind.PUBLISHER,
        "A comparative account of post-Soviet regimes built on networks of personal loyalty, and of the "
        "cycles in which those networks gather around one patron and then come apart.",
        Status.PUBLISHED,
    ),
    (
        "Memory Crash: Politics of History in and around Ukraine, 1980s–2010s",
        ["Georgiy Kasianov"],
        "Central European University Press",
        2022,
        ["Memory and History", "Ukraine"],
        "",
        "https://ceupress.com/",
        LinkKind.BUY,
        "How governments, historians and activists in Ukraine and its neighbours have used the past, "
        "from late Soviet reforms to the years after 2014.",
        Status.PUBLISHED,
    ),
    (
        "Uprooted: How Post-WWII Population Transfers Built Effective States in Eastern Europe",
        ["Volha Charnysh"],
        "Cambridge University Press",
        2024,
        ["Memory and History", "Methods and Data"],
        "",
        "https://www.cambridge.org/",
        LinkKind.PUBLISHER,
        "A study of forced migration after the Second World War and the lasting effects of resettlement "
        "on state capacity and local economies.",
        Status.PUBLISHED,
    ),
    (
        "Federalism and Its Discontents: Russia's Regions Compared",
        ["Irina Busygina", "Mikhail Filippov"],
        "PONARS Eurasia (demo)",
        2023,
        ["Russia", "Regimes and Elections"],
        "",
        "https://www.ponarseurasia.org/",
        LinkKind.READ,
        "A demo title: two members compare how fiscal transfers and appointments tie Russia's regions "
        "to the centre.",
        Status.PUBLISHED,
    ),
    (
        "Arms and Alliances in the South Caucasus (forthcoming)",
        ["Jason Strakes"],
        "PONARS Eurasia (demo)",
        2026,
        ["South Caucasus"],
        "",
        "",
        LinkKind.BUY,
        "A draft entry: editors see it in the admin and preview it; readers do not.",
        Status.DRAFT,
    ),
]

# title, instructors, institution, term, level, topics, summary
SYLLABI = [
    (
        "Politics of Post-Soviet Eurasia",
        ["Henry Hale"],
        "George Washington University",
        "Fall 2022",
        Level.UNDERGRADUATE,
        ["Regimes and Elections", "Russia", "Ukraine"],
        "An introduction to the politics of the states that emerged from the Soviet Union: regime types, "
        "elections, federalism and the wars that have shaped the region.",
    ),
    (
        "History and Memory in Contemporary Ukraine",
        ["Georgiy Kasianov"],
        "Demo University",
        "Spring 2023",
        Level.GRADUATE,
        ["Memory and History", "Ukraine"],
        "A graduate seminar on memory laws, textbooks, monuments and the politics of history in Ukraine "
        "and its neighbours since the 1980s.",
    ),
    (
        "Insurgency and Counterinsurgency in the North Caucasus",
        ["Jean-François Ratelle"],
        "University of Ottawa",
        "Winter 2023",
        Level.GRADUATE,
        ["Russia", "South Caucasus"],
        "The Chechen wars, the spread of insurgency to Dagestan and Ingushetia, and how the Russian state "
        "has governed the region since.",
    ),
    (
        "Survey Research in Authoritarian Settings",
        ["Aaron Erlich", "Volha Charnysh"],
        "McGill University",
        "Summer 2023",
        Level.PROFESSIONAL,
        ["Methods and Data"],
        "A short course for practitioners on designing, fielding and reading surveys where respondents "
        "may not answer freely.",
    ),
]

# title, url, kind, topic, annotation (our own words)
HUB_ENTRIES = [
    (
        "Levada Center surveys",
        "https://www.levada.ru/en/",
        Kind.DATASET,
        "Russia",
        "Regular opinion polls on Russian society and politics, with published tables going back decades.",
    ),
    (
        "Russian Federal State Statistics Service (Rosstat)",
        "https://rosstat.gov.ru/",
        Kind.DATASET,
        "Russia",
        "Official statistics on population, regions and the economy; read with the usual caveats.",
    ),
    (
        "Kyiv International Institute of Sociology",
        "https://www.kiis.com.ua/",
        Kind.DATASET,
        "Ukraine",
        "Polling on Ukrainian public opinion, including wartime surveys on attitudes to negotiations.",
    ),
    (
        "Wilson Center Digital Archive",
        "https://digitalarchive.wilsoncenter.org/",
        Kind.ARCHIVE,
        "Memory and History",
        "Declassified documents from the Cold War, translated and searchable by country and theme.",
    ),
    (
        "Caucasus Research Resource Centers",
        "https://crrc.ge/en/",
        Kind.DATASET,
        "South Caucasus",
        "The Caucasus Barometer and other surveys of Armenia, Azerbaijan and Georgia, with an online analysis tool.",
    ),
    (
        "V-Dem: Varieties of Democracy",
        "https://v-dem.net/",
        Kind.DATASET,
        "Regimes and Elections",
        "Country-year indicators of democracy and autocracy, useful for comparing Eurasian regimes over time.",
    ),
    (
        "IERES at the George Washington University",
        "https://ieres.elliott.gwu.edu/",
        Kind.INSTITUTION,
        "Methods and Data",
        "The Institute for European, Russian and Eurasian Studies, home of PONARS Eurasia.",
    ),
    (
        "Freedom House: Nations in Transit",
        "https://freedomhouse.org/report/nations-in-transit",
        Kind.REPORT,
        "Regimes and Elections",
        "Annual reports scoring democratic governance from Central Europe to Central Asia.",
    ),
]


def _person(name):
    return Person.objects.get(slug=make_slug(name))


def _pdf_name(slug):
    return f"{slug[:60]}.pdf"


def seed(command):
    topics = {}
    for name, order in TOPICS:
        topics[name], _ = Topic.objects.update_or_create(
            slug=make_slug(name), defaults={"name": name, "order": order}
        )

    base = timezone.now() - datetime.timedelta(days=30)
    for index, (
        title,
        authors,
        publisher,
        year,
        topic_names,
        prizes,
        link,
        link_kind,
        description,
        status,
    ) in enumerate(BOOKS):
        slug = make_slug(title)[:280]
        book, created = Book.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "publisher": publisher,
                "year": year,
                "prizes": prizes,
                "link": link,
                "link_kind": link_kind,
                "description": description,
                "status": status,
                "published_at": base + datetime.timedelta(days=index),
            },
        )
        if created:
            for order, name in enumerate(authors):
                BookAuthor.objects.create(book=book, person=_person(name), order=order)
            book.topics.set([topics[name] for name in topic_names])
        if not book.cover:
            book.cover.save(f"{slug[:40]}.jpg", picture(title, 600, 900), save=False)
            book.cover_alt = f"Cover of “{title}”" + (
                f" by {', '.join(authors)}" if authors else ""
            )
            book.save()

    for index, (title, instructors, institution, term, level, topic_names, summary) in enumerate(
        SYLLABI
    ):
        slug = make_slug(title)
        syllabus, created = Syllabus.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "institution": institution,
                "term": term,
                "level": level,
                "summary": summary,
                "status": Status.PUBLISHED,
                "published_at": base + datetime.timedelta(days=index),
            },
        )
        if created:
            for order, name in enumerate(instructors):
                SyllabusInstructor.objects.create(
                    syllabus=syllabus, person=_person(name), order=order
                )
            syllabus.topics.set([topics[name] for name in topic_names])
        if not syllabus.pdf:
            pdf = minimal_pdf(
                title,
                f"{institution}, {term}",
                "Instructor: " + ", ".join(instructors),
                "Demo syllabus",
            )
            syllabus.pdf.save(_pdf_name(slug), ContentFile(pdf), save=True)

    for order, (title, url, kind, topic_name, annotation) in enumerate(HUB_ENTRIES):
        HubEntry.objects.update_or_create(
            topic=topics[topic_name],
            url=url,
            defaults={
                "title": title,
                "kind": kind,
                "annotation": annotation,
                "order": order,
                "status": Status.PUBLISHED,
            },
        )
    command.stdout.write(
        f"Resources: {Book.objects.count()} books, {Syllabus.objects.count()} syllabi, {HubEntry.objects.count()} hub entries"
    )
    give_russian_names(Topic.objects.all())
