"""Factories for the podcasts app, and small generated audio files for tests."""

import datetime
import io
import struct
import wave

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from core.demo_images import picture
from core.publishing import Status
from podcasts.models import Episode, EpisodeGuest, Series, Show
from tests.members.factories import PersonFactory


def wav_bytes(seconds=2, rate=8000):
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\0\0" * int(rate * seconds))
    return buffer.getvalue()


def mp3_bytes(frames=200):
    """Silent MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz): about 26 ms each."""
    return (bytes([0xFF, 0xFB, 0x90, 0x64]) + bytes(413)) * frames


def m4a_bytes(seconds=4):
    """A minimal MP4 audio container whose header says it lasts `seconds`."""

    def box(kind, payload):
        return struct.pack(">I", 8 + len(payload)) + kind + payload

    ftyp = box(b"ftyp", b"M4A " + struct.pack(">I", 0) + b"M4A mp42isom")
    mvhd = box(b"mvhd", bytes(4) + struct.pack(">IIII", 0, 0, 1000, seconds * 1000) + bytes(80))
    mdhd = box(b"mdhd", bytes(4) + struct.pack(">IIII", 0, 0, 44100, 44100 * seconds) + bytes(4))
    hdlr = box(b"hdlr", bytes(8) + b"soun" + bytes(12) + b"\0")
    moov = box(b"moov", mvhd + box(b"trak", box(b"mdia", mdhd + hdlr)))
    return ftyp + moov + box(b"mdat", bytes(100))


class ShowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Show
        django_get_or_create = ["id"]

    id = Show.SINGLETON_ID
    title = "PONARS Eurasia Podcast"
    description = "Conversations with scholars of Russia and Eurasia."
    artwork = factory.LazyFunction(lambda: picture("test show", 1400, 1400))
    author = "PONARS Eurasia"
    owner_name = "PONARS Eurasia"
    owner_email = "podcast@example.org"
    category = "News > Politics"
    secondary_category = "Government"


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series
        django_get_or_create = ["name"]

    name = "Lipman Series 2021"


class EpisodeFactory(factory.django.DjangoModelFactory):
    """A published episode, live since yesterday, with a 2-second WAV. Pass guests=[...]."""

    class Meta:
        model = Episode
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Episode number {n}")
    slug = factory.Sequence(lambda n: f"episode-{n}")
    summary = "A conversation about the week's news."
    show_notes = "<p>What we talked about.</p>"
    audio = factory.LazyFunction(lambda: ContentFile(wav_bytes(2), name="episode.wav"))
    duration = 2
    audio_size = factory.LazyAttribute(lambda o: o.audio.size if o.audio else 1_000_000)
    audio_type = "audio/wav"
    host = factory.SubFactory(PersonFactory)
    status = Status.PUBLISHED
    published_at = factory.Sequence(
        lambda n: timezone.now() - datetime.timedelta(days=1, minutes=n)
    )

    @factory.post_generation
    def guests(self, create, extracted, **kwargs):
        for order, person in enumerate(extracted or []):
            EpisodeGuest.objects.create(episode=self, person=person, order=order)
