"""Demo events and Online Academy lectures (idempotent).

The two “New Voices on Eurasia” talks and the North Caucasus lecture are named on the seed
page (titles, speakers, dates); the descriptions are our own. A few more events are placed
relative to today so that the upcoming list is never empty. The recording addresses are
placeholders in the right format (they point at no real PONARS video).
"""

import datetime
import zoneinfo

from django.utils import timezone

from core.demo import give_russian_names
from core.demo_images import picture
from core.slugs import make_slug
from members.models import Person

from .models import Event, EventStatus, Format, Lecture, LectureTopic, Participant, Role, Series

ELLIOTT = (
    "Elliott School of International Affairs, The George Washington University",
    "1957 E St NW, Washington, DC 20052",
)

SERIES = [
    (
        "New Voices on Eurasia",
        "new-voices-on-eurasia",
        "Early-career scholars present new research on the region, with a discussion led by a member of the network.",
    ),
    (
        "Policy Workshops",
        "policy-workshops",
        "Members meet with policy practitioners to test arguments before they become policy memos.",
    ),
    ("Book Talks", "book-talks", "Authors from the network discuss their new books."),
]


def person(name, **extra):
    """A person from members/demo.py, made here if the members demo has not run."""
    obj, _ = Person.objects.get_or_create(slug=make_slug(name), defaults={"name": name, **extra})
    return obj


def at(day, hour, minute, zone):
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(zone)
    )


def events_spec(today):
    soon = lambda days: today + datetime.timedelta(days=days)  # noqa: E731
    return [
        {
            "slug": "determinants-of-assistance-to-ukrainian-and-syrian-refugees",
            "title": "The Determinants of Assistance to Ukrainian and Syrian Refugees",
            "series": "new-voices-on-eurasia",
            "start": at(datetime.date(2023, 2, 16), 12, 0, "America/New_York"),
            "minutes": 75,
            "format": Format.ONLINE,
            "summary": "Why do some refugees receive far more help from host societies than others? "
            "A comparison of public responses to people fleeing Ukraine and Syria.",
            "speakers": ["Volha Charnysh"],
            "moderators": ["Henry Hale"],
            "recording": "https://www.youtube.com/watch?v=PEdemoCharn",
        },
        {
            "slug": "pro-kremlin-propagandas-failure-in-ukraine",
            "title": "Pro-Kremlin Propaganda’s Failure in Ukraine",
            "series": "new-voices-on-eurasia",
            "start": at(datetime.date(2023, 1, 19), 12, 0, "America/New_York"),
            "minutes": 75,
            "format": Format.ONLINE,
            "summary": "Survey experiments from Ukraine on why Kremlin messaging persuaded so few of "
            "the people it was aimed at.",
            "speakers": ["Aaron Erlich"],
            "moderators": ["Maria Lipman"],
            "recording": "https://vimeo.com/790000001",
        },
        {
            "slug": "regional-security-after-karabakh",
            "title": "Regional Security After the Karabakh War",
            "series": "policy-workshops",
            "start": at(datetime.date(2023, 5, 11), 18, 0, "Asia/Tbilisi"),
            "minutes": 120,
            "format": Format.HYBRID,
            "venue": "Center for Foreign Policy and Security Studies",
            "address": "Tbilisi, Georgia",
            "summary": "How the South Caucasus security order is changing, and what Russian-led "
            "organisations can and cannot do there.",
            "speakers": ["Jason Strakes", "Simon Saradzhyan"],
            "moderators": ["Sergiy Kudelia"],
            "recording": "https://youtu.be/PEdemoKarab",
        },
        {
            "slug": "new-voices-wartime-humanitarian-response",
            "title": "Humanitarian Response in Wartime Ukraine",
            "series": "new-voices-on-eurasia",
            "start": at(soon(9), 12, 0, "America/New_York"),
            "minutes": 75,
            "format": Format.ONLINE,
            "summary": "How local volunteers and international agencies divide the work of protecting "
            "civilians, and where the gaps are.",
            "speakers": ["Kristina Hook"],
            "moderators": ["Henry Hale"],
            "registration": True,
        },
        {
            "slug": "federalism-and-the-regions-workshop",
            "title": "Federalism and the Regions: A Policy Workshop",
            "series": "policy-workshops",
            "start": at(soon(23), 9, 30, "America/New_York"),
            "minutes": 420,
            "format": Format.IN_PERSON,
            "venue": ELLIOTT[0],
            "address": ELLIOTT[1],
            "summary": "A day of short papers on centre–region bargaining in Russia and Ukraine.",
            "speakers": ["Irina Busygina", "Mikhail Filippov", "Grigory Golosov"],
            "moderators": ["Maria Lipman"],
            "registration": True,
        },
        {
            "slug": "odesa-and-the-black-sea",
            "title": "Odesa and the Black Sea: Ukraine’s Southern Front",
            "series": None,
            "start": at(soon(37), 18, 0, "Europe/Kyiv"),
            "minutes": 90,
            "format": Format.HYBRID,
            "venue": "Odesa National University",
            "address": "Odesa, Ukraine",
            "summary": "Shipping, ports and coastal defence in the war’s southern theatre.",
            "speakers": ["Volodymyr Dubovyk"],
            "moderators": ["Sergiy Kudelia"],
            "registration": True,
        },
        {
            "slug": "book-talk-russian-regional-politics",
            "title": "Book Talk: Elections Without Choice",
            "series": "book-talks",
            "start": at(soon(51), 11, 0, "Europe/London"),
            "minutes": 60,
            "format": Format.ONLINE,
            "summary": "A conversation about how managed elections keep regional elites in line.",
            "speakers": ["Ben Noble"],
            "moderators": ["Tanya Lokot"],
            "status": EventStatus.CANCELLED,
        },
    ]


DESCRIPTION = (
    "<p>The speakers present for about twenty minutes each; the moderator then opens the floor. "
    "Questions from the audience are welcome throughout, in the room or in the chat.</p>"
)

TOPICS = [
    ("Conflict and Security", "conflict-and-security"),
    ("Politics and Governance", "politics-and-governance"),
    ("History and Memory", "history-and-memory"),
]

LECTURES = [
    {
        "slug": "conflicts-in-the-north-caucasus-since-1991",
        "title": "Conflicts in the North Caucasus Since 1991",
        "lecturer": "Jean-François Ratelle",
        "topic": "conflict-and-security",
        "recorded_on": datetime.date(2023, 1, 27),
        "summary": "From the Chechen wars to the insurgency that followed: how violence in the "
        "region began, spread and was contained, and what it left behind.",
        "recording": "https://www.youtube.com/watch?v=PEdemoRatel",
    },
    {
        "slug": "russias-nuclear-signalling",
        "title": "Russia’s Nuclear Signalling",
        "lecturer": "Simon Saradzhyan",
        "topic": "conflict-and-security",
        "recorded_on": datetime.date(2023, 3, 9),
        "summary": "What Moscow's statements about nuclear weapons are meant to achieve, and how to read them.",
        "recording": "https://vimeo.com/790000002",
    },
    {
        "slug": "how-russian-federalism-works",
        "title": "How Russian Federalism Works",
        "lecturer": "Irina Busygina",
        "topic": "politics-and-governance",
        "recorded_on": datetime.date(2022, 11, 17),
        "summary": "The formal rules and the informal bargains between Moscow and the regions.",
        "recording": "https://www.youtube.com/watch?v=PEdemoBusyg",
    },
    {
        "slug": "patronal-politics-in-eurasia",
        "title": "Patronal Politics in Eurasia",
        "lecturer": "Henry Hale",
        "topic": "politics-and-governance",
        "recorded_on": datetime.date(2022, 10, 6),
        "summary": "Why networks of personal loyalty matter more than parties in much of the region.",
        "recording": "https://www.youtube.com/watch?v=PEdemoHale1",
    },
    {
        "slug": "memory-politics-in-ukraine",
        "title": "Memory Politics in Ukraine",
        "lecturer": "Georgiy Kasianov",
        "topic": "history-and-memory",
        "recorded_on": datetime.date(2022, 12, 8),
        "summary": "How the state, historians and the public have argued over the past since 1991.",
        "recording": "https://vimeo.com/790000003",
    },
]


def seed(command):
    series = {}
    for order, (name, slug, description) in enumerate(SERIES):
        series[slug], _ = Series.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order}
        )
    today = timezone.localdate()
    for spec in events_spec(today):
        start = spec["start"]
        defaults = {
            "title": spec["title"],
            "series": series.get(spec["series"]),
            "start": start,
            "end": start + datetime.timedelta(minutes=spec["minutes"]),
            "time_zone": start.tzinfo.key,
            "format": spec["format"],
            "venue": spec.get("venue", ""),
            "address": spec.get("address", ""),
            "summary": spec["summary"],
            "description": DESCRIPTION,
            "registration_url": "https://www.example.org/register/" + spec["slug"]
            if spec.get("registration")
            else "",
            "registration_deadline": start - datetime.timedelta(days=1)
            if spec.get("registration")
            else None,
            "online_url": "https://www.example.org/webinar/" + spec["slug"]
            if spec["format"] != Format.IN_PERSON
            else "",
            "recording_url": spec.get("recording", ""),
            "status": spec.get("status", EventStatus.PUBLISHED),
        }
        event = Event.objects.filter(slug=spec["slug"]).first() or Event(slug=spec["slug"])
        for name, value in defaults.items():
            setattr(event, name, value)
        event.save()
        if not event.image:
            event.image_alt = f"Abstract pattern for “{spec['title']}”"
            event.image.save(f"{spec['slug']}.jpg", picture(spec["title"], 1600, 900), save=True)
        wanted = [(name, Role.SPEAKER) for name in spec["speakers"]] + [
            (name, Role.MODERATOR) for name in spec["moderators"]
        ]
        if [(p.person.name, p.role) for p in event.credits.select_related("person")] != wanted:
            event.credits.all().delete()
            Participant.objects.bulk_create(
                Participant(event=event, person=person(name), role=role, order=order)
                for order, (name, role) in enumerate(wanted)
            )
    # One draft: editors see it in the admin, readers never do.
    draft, _ = Event.objects.get_or_create(
        slug="draft-spring-workshop",
        defaults={
            "title": "Spring Workshop (draft)",
            "start": at(today + datetime.timedelta(days=90), 10, 0, "America/New_York"),
            "end": at(today + datetime.timedelta(days=90), 16, 0, "America/New_York"),
            "status": EventStatus.DRAFT,
            "summary": "Programme to follow.",
        },
    )
    topics = {}
    for order, (name, slug) in enumerate(TOPICS):
        topics[slug], _ = LectureTopic.objects.update_or_create(
            slug=slug, defaults={"name": name, "order": order}
        )
    for spec in LECTURES:
        Lecture.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "title": spec["title"],
                "lecturer": person(spec["lecturer"]),
                "topic": topics[spec["topic"]],
                "recorded_on": spec["recorded_on"],
                "summary": spec["summary"],
                "recording_url": spec["recording"],
            },
        )
    command.stdout.write(
        f"Events: {Event.objects.count()}; Online Academy lectures: {Lecture.objects.count()}"
    )
    give_russian_names(Series.objects.all(), LectureTopic.objects.all())
