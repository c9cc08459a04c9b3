"""Editors create, change and cancel events in the admin; bad input gets a clear message."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from core.video import parse_video
from events.models import Event, EventStatus, Participant, Role
from tests.events.factories import EventFactory, LectureFactory, SeriesFactory, local
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:events_event_add")


def form_data(**overrides):
    data = {
        "title": "New Voices: refugee assistance",
        "slug": "refugee-assistance",
        "series": "",
        "status": EventStatus.PUBLISHED,
        "published_at_0": "2025-01-01",
        "published_at_1": "09:00:00",
        "summary": "A talk.",
        "description": "<p>More about it.</p>",
        "time_zone": "Europe/Kyiv",
        "start_0": "2030-03-28",
        "start_1": "18:00",
        "end_0": "2030-03-28",
        "end_1": "19:30",
        "format": "online",
        "venue": "",
        "address": "",
        "online_url": "",
        "registration_url": "",
        "registration_deadline_0": "",
        "registration_deadline_1": "",
        "image_alt": "",
        "image_credit": "",
        "recording_url": "",
        "credits-TOTAL_FORMS": "0",
        "credits-INITIAL_FORMS": "0",
        "credits-MIN_NUM_FORMS": "0",
        "credits-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_editors_group_has_event_permissions(editor, membership_staff):
    perms = Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    for codename in [
        "add_event",
        "change_event",
        "delete_event",
        "add_series",
        "add_lecture",
        "change_participant",
    ]:
        assert codename in perms
    assert editor.has_perm("events.change_event")
    assert not membership_staff.has_perm("events.change_event")


def test_editor_creates_an_event_in_its_own_time_zone_with_ordered_people(client, editor):
    speaker, second, moderator = (
        PersonFactory(name="Volha Charnysh"),
        PersonFactory(),
        PersonFactory(),
    )
    client.force_login(editor)
    people = {
        "credits-TOTAL_FORMS": "3",
        "credits-0-person": speaker.pk,
        "credits-0-role": Role.SPEAKER,
        "credits-0-order": "0",
        "credits-1-person": second.pk,
        "credits-1-role": Role.SPEAKER,
        "credits-1-order": "1",
        "credits-2-person": moderator.pk,
        "credits-2-role": Role.MODERATOR,
        "credits-2-order": "2",
    }
    response = client.post(ADD_URL, form_data(**people))
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(slug="refugee-assistance")
    # 18:00 typed for Kyiv, stored as the instant 16:00 UTC (EET, before the clocks change).
    assert event.start == datetime.datetime(2030, 3, 28, 16, 0, tzinfo=datetime.UTC)
    assert event.time_zone == "Europe/Kyiv"
    assert [(p.person, p.role) for p in event.credits.order_by("order")] == [
        (speaker, Role.SPEAKER),
        (second, Role.SPEAKER),
        (moderator, Role.MODERATOR),
    ]
    # The change form shows the same wall-clock time back.
    change = client.get(reverse("admin:events_event_change", args=[event.pk]))
    assert 'value="18:00:00"' in change.content.decode()


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"end_1": "17:00"}, "end", "The event must end after it starts."),
        (
            {
                "registration_url": "https://example.org/r",
                "registration_deadline_0": "2030-03-29",
                "registration_deadline_1": "09:00",
            },
            "registration_deadline",
            "Registration must close before the event starts.",
        ),
        ({"recording_url": "https://example.org/not-a-video"}, "recording_url", "not a video link"),
        ({"recording_url": "javascript:alert(1)"}, "recording_url", "Enter a valid URL"),
        ({"format": "in_person"}, "venue", "Say where an in-person event takes place."),
        (
            {"start_1": "03:30", "start_0": "2030-03-31", "end_0": "2030-03-31", "end_1": "05:00"},
            "start",
            "does not exist in Europe/Kyiv",
        ),
        ({"slug": "past"}, "slug", "is an events address"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Select a valid choice"),
        ({"start_0": "2030-02-30"}, "start", "Enter a valid date"),
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_is_saved(
    client, editor, overrides, field, message
):
    client.force_login(editor)
    response = client.post(ADD_URL, form_data(**overrides))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert message.split("“")[0] in response.content.decode().replace("&quot;", '"').replace(
        "&#x27;", "'"
    )
    assert not Event.objects.exists()


def test_changing_speakers_in_the_admin_bumps_the_sequence(client, editor):
    event = EventFactory(speakers=[PersonFactory()])
    client.force_login(editor)
    participant = event.credits.get()
    newcomer = PersonFactory()
    local_start = event.local_times.start
    local_end = event.local_times.end
    data = form_data(
        title=event.title,
        slug=event.slug,
        time_zone=event.time_zone,
        start_0=f"{local_start:%Y-%m-%d}",
        start_1=f"{local_start:%H:%M}",
        end_0=f"{local_end:%Y-%m-%d}",
        end_1=f"{local_end:%H:%M}",
        summary=event.summary,
        description=event.description,
        **{
            "credits-TOTAL_FORMS": "2",
            "credits-INITIAL_FORMS": "1",
            "credits-0-id": participant.pk,
            "credits-0-event": event.pk,
            "credits-0-person": participant.person.pk,
            "credits-0-role": "speaker",
            "credits-0-order": "0",
            "credits-1-person": newcomer.pk,
            "credits-1-role": "moderator",
            "credits-1-order": "1",
        },
    )
    response = client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert event.sequence == 1
    assert Participant.objects.filter(event=event, person=newcomer, role=Role.MODERATOR).exists()


def test_cancel_action_keeps_the_event_listed_and_bumps_the_sequence(client, editor):
    event = EventFactory(title="To be cancelled")
    client.force_login(editor)
    response = client.post(
        reverse("admin:events_event_changelist"),
        {"action": "cancel_events", "_selected_action": [event.pk]},
        follow=True,
    )
    assert "Cancelled 1 event." in response.content.decode()
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED and event.sequence == 1
    assert "To be cancelled" in client.get(reverse("events:upcoming")).content.decode()


@pytest.mark.parametrize("count", [1, 30])
def test_admin_changelist_query_budget(client, editor, django_assert_max_num_queries, count):
    series = SeriesFactory()
    people = [PersonFactory(), PersonFactory()]
    for _ in range(count):
        EventFactory(series=series, speakers=people)
    client.force_login(editor)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:events_event_changelist"))
    assert response.content.decode().count('class="field-title"') == count


def test_image_needs_alt_text(client, editor):
    client.force_login(editor)
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (120, 30, 40)).save(buffer, "JPEG")
    buffer.seek(0)
    buffer.name = "poster.jpg"
    response = client.post(ADD_URL, {**form_data(), "image": buffer})
    assert "alt text is required" in response.content.decode()
    assert not Event.objects.exists()


def test_lecture_with_a_non_video_link_is_refused(client, editor):
    lecture = LectureFactory()
    client.force_login(editor)
    response = client.post(
        reverse("admin:events_lecture_change", args=[lecture.pk]),
        {
            "title": lecture.title,
            "slug": lecture.slug,
            "lecturer": lecture.lecturer.pk,
            "topic": lecture.topic.pk,
            "summary": "",
            "recording_url": "https://example.org/talk.pdf",
            "recorded_on": "2023-01-27",
            "status": "published",
            "published_at_0": "2023-01-27",
            "published_at_1": "09:00:00",
        },
    )
    assert response.status_code == 200
    assert "not a video link" in response.content.decode()


@pytest.mark.parametrize(
    "url,embed",
    [
        (
            "https://www.youtube.com/watch?v=abcdefghijk&t=30",
            "https://www.youtube-nocookie.com/embed/abcdefghijk?autoplay=1",
        ),
        (
            "https://youtu.be/abcdefghijk",
            "https://www.youtube-nocookie.com/embed/abcdefghijk?autoplay=1",
        ),
        (
            "https://www.youtube.com/live/abcdefghijk",
            "https://www.youtube-nocookie.com/embed/abcdefghijk?autoplay=1",
        ),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"),
        (
            "https://vimeo.com/76979871/abcdef1234",
            "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1&h=abcdef1234",
        ),
        (
            "https://player.vimeo.com/video/76979871",
            "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1",
        ),
    ],
)
def test_video_links_become_privacy_friendly_embeds(url, embed):
    assert parse_video(url).embed_url == embed


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/video",
        "ftp://youtube.com/watch?v=abcdefghijk",
        "https://youtube.com/watch?v=short",
        "https://evil.example/youtube.com/watch?v=abcdefghijk",
        "https://vimeo.com/channels/staffpicks",
        "https://www.youtube.com.evil.example/watch?v=abcdefghijk",
        "",
        "not a url at all",
        "https://[::1",
    ],
)
def test_other_links_are_not_videos(url):
    assert parse_video(url) is None


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_video_parser_never_crashes(text):
    video = parse_video(text)
    assert video is None or video.embed_url.startswith(
        ("https://www.youtube-nocookie.com/", "https://player.vimeo.com/")
    )


def test_database_refuses_an_end_before_the_start():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(start=local(2030, 1, 1, 12), end=local(2030, 1, 1, 11))
