"""Demo people (named on the seed page) and their membership records."""

import datetime
import random
import secrets

from django.conf import settings
from django.contrib.auth.models import Group

from core.demo import give_russian_names
from core.demo_images import picture
from core.permissions import EDITORS, MEMBERSHIP_STAFF
from core.slugs import make_slug

from .models import Expertise, Membership, MembershipStatus, Person, Role, Tier, User

# name, affiliation, city, country, tier (None: not a member)
PEOPLE = [
    (
        "Jason Strakes",
        "Center for Foreign Policy and Security Studies",
        "Tbilisi",
        "GE",
        "associate",
    ),
    ("Maria Lipman", "George Washington University", "Washington", "US", "core"),
    ("Henry Hale", "George Washington University", "Washington", "US", "core"),
    ("Volha Charnysh", "Massachusetts Institute of Technology", "Cambridge", "US", "associate"),
    ("Jean-François Ratelle", "University of Ottawa", "Ottawa", "CA", "core"),
    ("Aaron Erlich", "McGill University", "Montreal", "CA", "associate"),
    ("Volodymyr Dubovyk", "Odesa National University", "Odesa", "UA", "core"),
    ("Kristina Hook", "Kennesaw State University", "Kennesaw", "US", "associate"),
    ("Irina Busygina", "HSE University", "St. Petersburg", "RU", "core"),
    ("Mikhail Filippov", "Binghamton University", "Binghamton", "US", "collegium"),
    ("Simon Saradzhyan", "Belfer Center, Harvard Kennedy School", "Cambridge", "US", "core"),
    ("Sergei Medvedev", "", "", "", None),
    ("Ivan Kurilla", "European University at St. Petersburg", "St. Petersburg", "RU", "core"),
    ("Sergiy Kudelia", "Baylor University", "Waco", "US", "core"),
    ("Georgiy Kasianov", "", "", "UA", None),
    (
        "Grigory Golosov",
        "European University at St. Petersburg",
        "St. Petersburg",
        "RU",
        "collegium",
    ),
    ("Ben Noble", "University College London", "London", "GB", "associate"),
    ("Nikolay Petrov", "", "", "", "collegium"),
    ("Tanya Lokot", "Dublin City University", "Dublin", "IE", "associate"),
    ("Vita Spivak", "", "", "", None),
    ("Alexander Gabuev", "", "", "", None),
    ("Kelly Smith", "", "", "", None),
    ("Benjamin Nathans", "University of Pennsylvania", "Philadelphia", "US", None),
    ("Andrey Shcherbak", "", "", "", None),
    ("Alexander Verkhovsky", "SOVA Center", "", "", None),
    ("Denis Volkov", "Levada Center", "Moscow", "RU", None),
    ("Naira Davlashyan", "", "", "", None),
    ("Peter Slevin", "Northwestern University", "Evanston", "US", None),
    ("Maxim Trudolyubov", "", "", "", None),
]

# Executive Committee: name -> title shown with the role ("" for a plain committee member).
EXECUTIVE_COMMITTEE = {
    "Henry Hale": "Director",
    "Maria Lipman": "Editor",
    "Sergiy Kudelia": "",
    "Irina Busygina": "",
    "Ivan Kurilla": "",
}
EMERITUS = {"Nikolay Petrov"}
POSITIONS = {
    "Henry Hale": ("Prof.", "Professor of Political Science and International Affairs"),
    "Maria Lipman": ("", "Senior Associate"),
    "Jason Strakes": ("Dr.", "Director of Research and Publications"),
    "Sergiy Kudelia": ("Prof.", "Associate Professor of Political Science"),
    "Volodymyr Dubovyk": ("Prof.", "Associate Professor of International Relations"),
    "Ben Noble": ("Dr.", "Associate Professor of Russian Politics"),
}
EXPERTISE = {
    "Volodymyr Dubovyk": ["Ukraine", "Foreign policy", "Black Sea"],
    "Sergiy Kudelia": ["Ukraine", "Political violence"],
    "Kristina Hook": ["Ukraine", "Genocide studies"],
    "Aaron Erlich": ["Ukraine", "Public opinion", "Propaganda"],
    "Georgiy Kasianov": ["Ukraine", "Memory politics"],
    "Volha Charnysh": ["Belarus", "Political economy"],
    "Jason Strakes": ["South Caucasus", "Security"],
    "Henry Hale": ["Russia", "Elections", "Ukraine"],
    "Maria Lipman": ["Russia", "Media"],
    "Grigory Golosov": ["Russia", "Elections", "Regional politics"],
    "Tanya Lokot": ["Media", "Internet governance"],
    "Simon Saradzhyan": ["Russia", "Security"],
}


def seed(command):
    today = datetime.date.today()
    for index, (name, affiliation, city, country, tier) in enumerate(PEOPLE):
        slug = make_slug(name)
        honorific, position = POSITIONS.get(name, ("", ""))
        person, created = Person.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "honorific": honorific,
                "position": position,
                "affiliation": affiliation,
                "city": city,
                "country": country,
                "email": f"{slug}@example.org",
                "bio": f"<p>{name} writes on politics and society in Russia and Eurasia"
                + (f" at {affiliation}" if affiliation else "")
                + ".</p>",
            },
        )
        if not person.photo and index % 3 != 2:
            person.photo.save(f"{slug}.jpg", picture(name, 640, 640), save=True)
        if name in EXPERTISE:
            person.expertise.add(*EXPERTISE[name])
        if tier and not person.memberships.exists():
            seed_terms(person, tier, datetime.date(2010 + index % 12, 1 + index % 12, 1))
    # One former member: their page stays, the directory does not list them.
    kasianov = Person.objects.get(slug="georgiy-kasianov")
    if not kasianov.memberships.exists():
        Membership.objects.create(
            person=kasianov,
            tier=Tier.CORE,
            status=MembershipStatus.LAPSED,
            started=datetime.date(2012, 1, 1),
            ended=today.replace(year=today.year - 2),
        )
    current = Person.objects.current_members().count()
    command.stdout.write(f"People: {Person.objects.count()}, current members: {current}")
    if settings.DEBUG:
        demo_users(command)
    give_russian_names(Expertise.objects.all())


def seed_terms(person, tier, started):
    """A first term; committee members and emeriti then hold a second one (history to look at)."""
    name = person.name
    Membership.objects.create(person=person, tier=tier, started=started)
    if name not in EXECUTIVE_COMMITTEE and name not in EMERITUS:
        return
    second = Membership(person=person, tier=tier, started=started.replace(year=started.year + 4))
    if name in EMERITUS:
        second.status = MembershipStatus.EMERITUS
    else:
        second.role, second.title = Role.EXECUTIVE_COMMITTEE, EXECUTIVE_COMMITTEE[name]
    Membership.objects.start_term(second)


def demo_users(command):
    """Staff logins for trying the admin; only ever made with DEBUG on."""
    for username, group_name in [("editor", EDITORS), ("membership", MEMBERSHIP_STAFF)]:
        password = secrets.token_urlsafe(12)
        user, _ = User.objects.get_or_create(username=username, defaults={"is_staff": True})
        user.is_staff = True
        # An address, so that the demo's moderation emails (new comments) reach someone.
        user.email = user.email or f"{username}@example.org"
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=group_name))
        command.stdout.write(f"Demo login ({group_name}): {username} / {password}")


# Synthetic people get names as varied as the network's (as many first and family names as
# a real directory of 10,000 would repeat), so name search is measured on realistic data.
FIRST_NAMES = (
    "Anna Maria Olga Elena Irina Natalia Tatiana Svetlana Yulia Ekaterina Oksana Iryna Nino "
    "Ani Aigerim Dilnoza Laura Sarah Emily Rachel Hannah Alexander Sergei Dmitry Andrei Ivan "
    "Mikhail Pavel Nikolai Vladimir Oleksandr Taras Bohdan Giorgi Levan Armen Tigran Rustam "
    "Timur Nurlan Aziz David Michael Thomas Daniel Henry Peter John Mark Samuel Gulnara Zhanna"
).split()
LAST_NAMES = (
    "Ivanova Petrov Smirnov Kuznetsova Popov Sokolov Lebedeva Kozlov Novikova Morozov Volkov "
    "Pavlova Semenov Golubeva Vinogradov Bogdanova Vorobyov Fedorov Mikhailova Belyaev "
    "Tarasenko Shevchenko Bondarenko Kovalenko Boyko Tkachenko Kravchenko Oliynyk Melnyk "
    "Savchenko Rudenko Lysenko Marchenko Hrytsenko Beridze Kapanadze Gelashvili Maisuradze "
    "Tsiklauri Hovhannisyan Sargsyan Grigoryan Harutyunyan Mammadov Aliyeva Huseynov "
    "Nurmagambetov Abenova Tokayeva Karimov Rakhimova Yusupov Saidov Nazarov Sharipova "
    "Brown Miller Wilson Taylor Anderson Thomas Moore Martin Jackson Thompson White Harris "
    "Clark Lewis Robinson Walker Young Allen King Wright Scott Green Baker Adams Nelson Hill "
    "Campbell Mitchell Roberts Carter Phillips Evans Turner Parker Collins Edwards Stewart "
    "Morris Murphy Cook Rogers Morgan Cooper Peterson Reed Bailey Bell Kelly Howard Ward Cox "
    "Richardson Wood Watson Brooks Bennett Gray Hughes Price Sanders Myers Long Ross Foster "
    "Schneider Fischer Weber Wagner Becker Hoffmann Kowalski Nowak Wisniewski Dabrowski "
    "Lewandowski Zielinski Szymanski Kask Tamm Saar Berzins Kalnins Kazlauskas Petrauskas"
).split()


def scale(command, count):
    """Synthetic people in proportion to `count` synthetic articles (one per ten)."""
    start = Person.objects.filter(slug__startswith="synthetic-person-").count()
    rng = random.Random(start)
    names = [(rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)) for _ in range(max(1, count // 10))]
    people = [
        Person(
            name=f"{first} {last}",
            sort_name=f"{last}, {first}",
            slug=f"synthetic-person-{i}",
            affiliation=f"Institute {i % 97}",
        )
        for i, (first, last) in enumerate(names, start=start)
    ]
    Person.objects.bulk_create(people, batch_size=1000)
    # Every synthetic person is a member, so the directory can be tried at size.
    created = Person.objects.filter(slug__in=[p.slug for p in people]).values_list("id", flat=True)
    Membership.objects.bulk_create(
        [
            Membership(person_id=pk, tier=Tier.values[pk % 3], started=datetime.date(2015, 1, 1))
            for pk in created
        ],
        batch_size=1000,
    )
    command.stdout.write(f"Synthetic people (and members) added: {len(people)}")
