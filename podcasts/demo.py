"""Demo podcast: the show and the episodes named on the seed page, with generated audio.

Audio is a few seconds of silence written with the standard library's `wave` module and
artwork is drawn with Pillow, so the player and the feed work offline. Summaries are ours.
"""

import datetime
import io
import wave

from django.core.files.base import ContentFile
from django.utils import timezone

from core.demo_images import picture
from core.publishing import Status
from core.slugs import make_slug
from members.models import Person

from .models import Episode, EpisodeGuest, EpisodeType, Series, Show

SERIES = "Lipman Series 2021"
HOST = "Maria Lipman"

# title, date, in the Lipman series, guests, our own one-line summary
EPISODES = [
    (
        "Volodymyr Zelensky: Year Two",
        (2021, 5, 24),
        True,
        ["Sergiy Kudelia", "Georgiy Kasianov"],
        "How Ukraine's president has fared in his second year: reforms, rivals and a restless parliament.",
    ),
    (
        "The Evolution of Russia's Political Regime",
        (2021, 6, 21),
        True,
        ["Grigory Golosov", "Henry Hale"],
        "Two political scientists trace how Russia's regime has changed and what the run-up to the Duma vote shows.",
    ),
    (
        "Is Russia Becoming More Soviet?",
        (2021, 7, 26),
        True,
        ["Maxim Trudolyubov"],
        "Does the late Soviet period help explain today's tightening, or does the comparison mislead?",
    ),
    (
        "Vaccine Hesitancy in Russia, France, and the United States",
        (2021, 8, 31),
        True,
        ["Denis Volkov", "Naira Davlashyan", "Peter Slevin"],
        "Why many people in three very different countries still refuse COVID-19 vaccines, compared side by side.",
    ),
    (
        "Why Is the Kremlin Nervous?",
        (2021, 9, 14),
        True,
        ["Ben Noble", "Nikolay Petrov"],
        "Ahead of the September Duma elections: pressure on challengers and why the outcome still matters to the Kremlin.",
    ),
    (
        "Russia's Legislative Elections followup",
        (2021, 10, 4),
        True,
        ["Tanya Lokot", "Nikolay Petrov"],
        "What the Duma results, online voting and the Smart Voting campaign tell us about the years ahead.",
    ),
    (
        "Active citizens of any kind are under threat",
        (2021, 11, 5),
        True,
        ["Alexander Verkhovsky"],
        "The widening set of legal tools used against activists, journalists and civic groups.",
    ),
    (
        "Russia's 2021 census and the Kremlin's nationalities policy",
        (2021, 12, 9),
        True,
        ["Andrey Shcherbak"],
        "How reliable the new census data are, and what the government wants from its nationalities policy.",
    ),
    (
        "Exploring the Russian Courts' Ruling to Liquidate the Memorial Society",
        (2022, 1, 28),
        False,
        ["Kelly Smith", "Benjamin Nathans"],
        "Memorial's history and achievements, and what closing it means for civil society in Russia.",
    ),
    (
        "The Putin-Xi Summit: What's New In Their Joint Communique ?",
        (2022, 2, 23),
        False,
        ["Vita Spivak", "Alexander Gabuev"],
        "Reading the February joint statement of Russia and China for signs of where the partnership is going.",
    ),
]

TRANSCRIPTS = {
    "is-russia-becoming-more-soviet": (
        "Maria Lipman: Welcome to the PONARS Eurasia Podcast. Today we ask whether the Soviet past "
        "is a useful guide to the present.\n\n"
        "Maxim Trudolyubov: It helps with some questions and misleads on others. The economy is open, "
        "people travel, and information moves in ways it never did before 1991.\n\n"
        "Maria Lipman: Thank you for joining us."
    ),
    "why-is-the-kremlin-nervous": (
        "Maria Lipman: This is the PONARS Eurasia Podcast. With me are Ben Noble and Nikolay Petrov.\n\n"
        "Ben Noble: Elections still give the centre information about the regions, even when the "
        "result is never in doubt.\n\n"
        "Nikolay Petrov: And the pressure on candidates tells us what the Kremlin fears."
    ),
}


def silence(seconds, rate=8000):
    """A mono 16-bit WAV of `seconds` of silence (a few kilobytes per second)."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\0\0" * rate * seconds)
    return buffer.getvalue()


def _names(names):
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _person(name):
    person, _ = Person.objects.get_or_create(slug=make_slug(name), defaults={"name": name})
    return person


def _show():
    show = Show.objects.current() or Show(
        title="PONARS Eurasia Podcast",
        description=(
            "Conversations with scholars of Russia, Ukraine and Eurasia about the politics, society and "
            "security questions in the news, hosted by Maria Lipman and the PONARS Eurasia network."
        ),
        author="PONARS Eurasia",
        owner_name="PONARS Eurasia",
        owner_email="adminponars@gwu.edu",
        category="News > Politics",
        secondary_category="Government",
        copyright="© PONARS Eurasia",
    )
    if not show.artwork:
        show.artwork.save(
            "podcast-show.jpg", picture("PONARS Eurasia Podcast", 1400, 1400), save=False
        )
        show.full_clean()
        show.save()
    return show


def seed(command):
    _show()
    series, _ = Series.objects.get_or_create(name=SERIES)
    host = _person(HOST)
    tz = timezone.get_current_timezone()
    for number, (title, (y, m, d), in_series, guests, summary) in enumerate(EPISODES, start=1):
        slug = make_slug(title)
        episode = Episode.objects.filter(slug=slug).first() or Episode(slug=slug)
        episode.title = title
        episode.summary = summary
        episode.show_notes = (
            f"<p>In this episode {HOST} talks with {_names(guests)}.</p>"
            "<ul><li>The question and why it matters now</li><li>What the evidence shows</li>"
            "<li>What to watch in the coming months</li></ul>"
            "<p><em>Demo audio: a few seconds of silence.</em></p>"
        )
        episode.series = series if in_series else None
        episode.host = host
        episode.number = number
        episode.episode_type = EpisodeType.FULL
        episode.status = Status.PUBLISHED
        episode.published_at = datetime.datetime(y, m, d, 10, tzinfo=tz)
        episode.transcript = TRANSCRIPTS.get(slug, "")
        if not episode.audio:
            episode.audio.save(f"{slug[:60]}.wav", ContentFile(silence(3 + number % 5)), save=False)
        if not episode.artwork:
            episode.artwork.save(f"{slug[:60]}.jpg", picture(title, 1400, 1400), save=False)
        episode.full_clean()
        episode.save()
        for order, name in enumerate(guests):
            EpisodeGuest.objects.update_or_create(
                episode=episode, person=_person(name), defaults={"order": order}
            )
    command.stdout.write(f"Podcast episodes: {Episode.objects.count()}")
