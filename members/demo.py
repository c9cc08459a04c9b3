"""Demo people (named on the seed page) and their membership records."""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.utils.text import slugify

from core.demo_images import picture
from core.permissions import EDITORS, MEMBERSHIP_STAFF

from .models import Membership, MembershipStatus, Person, Role, Tier, User

# name, affiliation, city, country, tier (None: not a member)
PEOPLE = [
    ("Jason Strakes", "Center for Foreign Policy and Security Studies", "Tbilisi", "GE", "associate"),
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
    ("Grigory Golosov", "European University at St. Petersburg", "St. Petersburg", "RU", "collegium"),
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

EXECUTIVE_COMMITTEE = {"Henry Hale": "Director", "Maria Lipman": "Editor", "Sergiy Kudelia": ""}


def seed(command):
    today = datetime.date.today()
    for index, (name, affiliation, city, country, tier) in enumerate(PEOPLE):
        slug = slugify(name)
        person, created = Person.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
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
        if tier and not person.memberships.exists():
            started = datetime.date(2010 + index % 12, 1 + index % 12, 1)
            Membership.objects.create(person=person, tier=tier, started=started)
            if name in EXECUTIVE_COMMITTEE:
                Membership.objects.create(
                    person=person,
                    tier=tier,
                    role=Role.EXECUTIVE_COMMITTEE,
                    title=EXECUTIVE_COMMITTEE[name],
                    started=started,
                )
    # One former member: their page stays, the directory will not list them.
    kasianov = Person.objects.get(slug="georgiy-kasianov")
    if not kasianov.memberships.exists():
        Membership.objects.create(
            person=kasianov,
            tier=Tier.CORE,
            status=MembershipStatus.LAPSED,
            started=datetime.date(2012, 1, 1),
            ended=today.replace(year=today.year - 2),
        )
    command.stdout.write(f"People: {Person.objects.count()}")
    if settings.DEBUG:
        demo_users(command)


def demo_users(command):
    """Staff logins for trying the admin; only ever made with DEBUG on."""
    for username, group_name in [("editor", EDITORS), ("membership", MEMBERSHIP_STAFF)]:
        password = secrets.token_urlsafe(12)
        user, _ = User.objects.get_or_create(username=username, defaults={"is_staff": True})
        user.is_staff = True
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=group_name))
        command.stdout.write(f"Demo login ({group_name}): {username} / {password}")


def scale(command, count):
    """Synthetic people in proportion to `count` synthetic articles (one per ten)."""
    start = Person.objects.filter(slug__startswith="synthetic-person-").count()
    people = [
        Person(
            name=f"Synthetic Author {i}",
            sort_name=f"Author {i:07d}, Synthetic",
            slug=f"synthetic-person-{i}",
            affiliation=f"Institute {i % 97}",
        )
        for i in range(start, start + max(1, count // 10))
    ]
    Person.objects.bulk_create(people, batch_size=1000)
    command.stdout.write(f"Synthetic people added: {len(people)}")
