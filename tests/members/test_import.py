"""Membership import in the admin: preview, all-or-nothing, idempotence and bad files."""

import csv
import datetime
import io
import re
from html import unescape

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.models import Membership, MembershipStatus, Person, Role, Tier
from tests.members.factories import MembershipFactory, PersonFactory
from tests.members.helpers import CONFIRM_URL, IMPORT_URL, confirm, main_text, upload

pytestmark = pytest.mark.django_db

HEADER = "name,email,affiliation,country,expertise,tier,status,role,title,started,ended\n"
GOOD = (
    HEADER
    + "Henry Hale,hale@example.org,George Washington University,US,Russia; Ukraine,core,,"
    + "Executive Committee,Director,2015-01-01,\n"
    + "Tanya Lokot,lokot@example.org,Dublin City University,IE,Media,associate,active,member,,"
    + "2019-09-01,\n"
)


@pytest.fixture
def staff_client(client, membership_staff):
    client.force_login(membership_staff)
    return client


def state():
    """Everything an import could change, to prove that it changed nothing."""
    return (
        sorted(Person.objects.values_list("name", "email", "affiliation", "country", "slug")),
        sorted(
            Membership.objects.values_list(
                "person__email", "tier", "status", "role", "title", "started", "ended"
            )
        ),
        Person.history.count(),
        Membership.history.count(),
    )


def test_preview_then_confirm_creates_people_and_terms(staff_client, membership_staff):
    preview = upload(staff_client, GOOD)
    html = preview.content.decode()
    assert "would add <strong>2</strong> people" in html
    assert "Henry Hale" in html and Person.objects.count() == 0  # a preview stores nothing
    response = confirm(staff_client, preview)
    assert "Import finished: 2 new" in response.content.decode()
    hale = Person.objects.get(email="hale@example.org")
    term = hale.memberships.get()
    assert (term.tier, term.role, term.title, term.started) == (
        Tier.CORE,
        Role.EXECUTIVE_COMMITTEE,
        "Director",
        datetime.date(2015, 1, 1),
    )
    assert sorted(hale.expertise.names()) == ["Russia", "Ukraine"]
    assert Membership.history.filter(person_id=hale.pk).get().history_user == membership_staff
    assert hale in Person.objects.current_members()


def test_reimporting_the_same_file_changes_nothing(staff_client):
    confirm(staff_client, upload(staff_client, GOOD))
    before = state()
    preview = upload(staff_client, GOOD)
    assert (
        "would add <strong>0</strong> people, update <strong>0</strong>, leave <strong>2</strong>"
        in (preview.content.decode())
    )
    confirm(staff_client, preview)
    assert state() == before


def test_match_by_explicit_id_and_a_tier_change_adds_a_term(staff_client):
    person = PersonFactory(name="Ben Noble", email="old@example.org")
    MembershipFactory(person=person, tier=Tier.ASSOCIATE, started=datetime.date(2018, 1, 1))
    csv = f"id,name,email,tier,started\n{person.pk},Ben Noble,noble@example.org,core,2024-07-01\n"
    preview = upload(staff_client, csv)
    assert "update <strong>1</strong>" in preview.content.decode()
    confirm(staff_client, preview)
    person.refresh_from_db()
    assert person.email == "noble@example.org" and Person.objects.count() == 1
    old, new = person.memberships.order_by("started")
    assert (old.tier, old.ended) == (Tier.ASSOCIATE, datetime.date(2024, 6, 30))
    assert (new.tier, new.started, new.ended) == (Tier.CORE, datetime.date(2024, 7, 1), None)


def test_unknown_id_is_rejected(staff_client):
    preview = upload(staff_client, "id,name,email,tier\n999999,Nobody,n@example.org,core\n")
    assert "No person has id “999999”" in preview.content.decode()
    assert preview.context.get("confirm_form") is None


@pytest.mark.parametrize(
    "header,message",
    [
        ("nom,courriel,niveau\n", "Unknown columns: “nom”, “courriel”, “niveau”"),
        ("name,email\n", "Missing columns: tier"),
        ("name,tier\n", "An “email” column (or an “id” column) is needed"),
        ("name,email,tier,email\n", "Columns named twice: email"),
    ],
)
def test_wrong_headers_get_a_clear_message(staff_client, header, message):
    response = upload(staff_client, header + ",".join(["x"] * header.count(",")) + ",x\n")
    assert message in response.content.decode()
    assert "allowed: id, name, sort_name" in response.content.decode()
    assert Person.objects.count() == 0


def test_windows_1251_file_with_cyrillic_names(staff_client):
    csv = (
        HEADER
        + "Иван Курилла,kurilla@example.org,Европейский университет,RU,История,core,"
        + ",,,2012-03-01,\n"
    )
    preview = upload(staff_client, csv, encoding="cp1251")
    assert "read as Windows-1251" in preview.content.decode()
    confirm(staff_client, preview)
    person = Person.objects.get(email="kurilla@example.org")
    assert person.name == "Иван Курилла" and person.affiliation == "Европейский университет"
    assert person.slug == "ivan-kurilla"  # transliterated (issue 15), not "person"


def test_duplicate_emails_reject_the_file(staff_client):
    csv = GOOD + "Henry E. Hale,HALE@example.org,,,,core,,,,2015-01-01,\n"
    preview = upload(staff_client, csv)
    html = preview.content.decode()
    assert "hale@example.org is on rows 1 and 3; list each person once." in html
    assert "Nothing will be imported" in html and preview.context.get("confirm_form") is None
    assert Person.objects.count() == 0


def test_bad_values_are_explained_row_by_row(staff_client):
    csv = (
        HEADER
        + "Good Person,good@example.org,,US,,core,,,,2020-01-01,\n"
        + "Gold Person,gold@example.org,,US,,gold,,,,2020-01-01,\n"
        + "Slash Date,slash@example.org,,US,,core,,,,03/15/2024,\n"
        + "No Such Day,feb@example.org,,US,,core,,,,2023-02-30,\n"
        + "Atlantis,atl@example.org,,Atlantis,,core,,,,2020-01-01,\n"
        + "Bad Status,st@example.org,,US,,core,retired,,,2020-01-01,\n"
        + "Backwards,back@example.org,,US,,core,,,,2020-01-01,2019-01-01\n"
        + ",noname@example.org,,US,,core,,,,2020-01-01,\n"
        + "No Email,,,US,,core,,,,2020-01-01,\n"
        + "Bad Email,not-an-email,,US,,core,,,,2020-01-01,\n"
    )
    preview = upload(staff_client, csv)
    html = preview.content.decode()
    for message in (
        "Unknown tier “gold”: use Core, Collegium, Associate.",
        "“03/15/2024” is not a date in the form YYYY-MM-DD (e.g. 2024-09-01).",
        "“2023-02-30” is not a real date.",
        "Unknown country “Atlantis”",
        "Unknown status “retired”",
        "The term cannot end before it starts.",
        "A name is needed.",
        "Each row needs an email",
        "Enter a valid email address.",
    ):
        assert message in html, message
    assert "Nothing will be imported" in html
    assert Person.objects.count() == 0 and Membership.objects.count() == 0


def test_skip_rejected_rows_imports_the_rest(staff_client):
    csv = GOOD + "Gold Person,gold@example.org,,US,,gold,,,,2020-01-01,\n"
    preview = upload(staff_client, csv, skip=True)
    html = preview.content.decode()
    assert "Rejected rows (will be skipped)" in html and "Unknown tier “gold”" in html
    assert "<strong>1</strong> row rejected." in html and "rows rejected" not in html
    response = confirm(staff_client, preview)
    done = response.content.decode()
    # Each row is counted once: the rejected row is not also "unchanged" or "skipped".
    assert "Import finished: 2 new, 0 updated, 0 unchanged." in done
    assert "1 rejected row was left out." in done and "skipped" not in done
    assert sorted(Person.objects.values_list("email", flat=True)) == [
        "hale@example.org",
        "lokot@example.org",
    ]


def test_nothing_half_imported_when_data_changes_after_preview(staff_client):
    preview = upload(staff_client, GOOD)
    # Between preview and confirm someone else adds a person with the same email twice.
    PersonFactory(email="lokot@example.org")
    PersonFactory(email="lokot@example.org")
    before = state()
    response = confirm(staff_client, preview)
    assert "Nothing was imported" in response.content.decode()
    assert state() == before


def test_fifty_megabyte_file_is_refused(staff_client):
    big = HEADER.encode() + b"x" * (50 * 1024 * 1024)
    response = upload(staff_client, big)
    assert "This file is 50.0 MB; the limit is 5 MB." in response.content.decode()
    assert Person.objects.count() == 0


@pytest.mark.parametrize(
    "content", [b"\x00\x01\x02binary\xff\xfe", 'name,email,tier\n"unclosed,a@b.org,core\n']
)
def test_unreadable_csv_never_500(staff_client, content):
    response = upload(staff_client, content)
    assert response.status_code == 200
    assert Person.objects.count() == 0


def test_xlsx_import_and_a_broken_xlsx(staff_client):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Name", "Email", "Tier", "Started", "Expertise"])
    sheet.append(
        [
            "Volha Charnysh",
            "charnysh@example.org",
            "Associate",
            datetime.datetime(2020, 5, 1),
            "Belarus",
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    preview = upload(staff_client, buffer.getvalue(), name="members.xlsx", fmt="1")
    confirm(staff_client, preview)
    person = Person.objects.get(email="charnysh@example.org")
    assert person.memberships.get().started == datetime.date(2020, 5, 1)
    broken = upload(
        staff_client, b"PK\x03\x04 not really a spreadsheet", name="members.xlsx", fmt="1"
    )
    assert "could not be read as xlsx" in broken.content.decode()


def test_emeritus_and_lapsed_from_import(staff_client):
    csv = (
        "name,email,tier,status,started,ended\n"
        "Emma Emerita,emma@example.org,collegium,Emeritus,2010-01-01,\n"
        "Larry Lapsed,larry@example.org,core,lapsed,2010-01-01,2020-12-31\n"
    )
    confirm(staff_client, upload(staff_client, csv))
    assert list(Person.objects.current_members().values_list("name", flat=True)) == ["Emma Emerita"]
    assert Membership.objects.get(person__name="Emma Emerita").status == MembershipStatus.EMERITUS


def test_editor_cannot_import_or_export(client, editor):
    client.force_login(editor)
    assert client.get(reverse(IMPORT_URL)).status_code == 403
    assert (
        client.post(
            reverse(IMPORT_URL),
            {"format": "0", "import_file": SimpleUploadedFile("m.csv", GOOD.encode())},
        ).status_code
        == 403
    )
    assert client.get(reverse("admin:members_person_export")).status_code == 403
    assert Person.objects.count() == 0


def test_preview_lists_each_change(staff_client):
    person = PersonFactory(name="Ben Noble", email="noble@example.org", affiliation="UCL")
    MembershipFactory(person=person, tier=Tier.ASSOCIATE, started=datetime.date(2018, 1, 1))
    csv = "name,email,affiliation,tier,started\nBen Noble,noble@example.org,Oxford,associate,2018-01-01\n"
    html = upload(staff_client, csv).content.decode()
    assert "affiliation: UCL → Oxford" in html
    assert "Ben Noble &lt;noble@example.org&gt;" in html and "Update" in html


# Formulas (issue 13, defect 10) ----------------------------------------------------------------


def as_csv(rows):
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue()


def as_xlsx(rows):
    """A workbook whose cells are all text cells (as a spreadsheet saves text typed as '=…)."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    for row in book.active.iter_rows():
        for cell in row:
            cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "column,value",
    [
        ("name", '=HYPERLINK("https://evil.example/","Click")'),
        ("affiliation", "+cmd|' /C calc'!A0"),
        ("affiliation", "@SUM(1+1)*cmd|' /C calc'!A0"),
        ("title", "-2+3+cmd|' /C calc'!A0"),
        ("expertise", "=cmd|' /C calc'!A0; Russia"),
        ("email", "=cmd@example.org"),
    ],
)
def test_a_cell_that_would_run_as_a_formula_rejects_its_row(staff_client, column, value):
    row = {"name": "Formula Person", "email": "formula@example.org", "tier": "core", column: value}
    rows = [list(row), list(row.values())]
    for content, name, fmt in [(as_csv(rows), "m.csv", "0"), (as_xlsx(rows), "m.xlsx", "1")]:
        preview = upload(staff_client, content, name=name, fmt=fmt)
        html = preview.content.decode()
        assert "so a spreadsheet would run it as a formula" in html, (fmt, main_text(preview))
        assert "Nothing will be imported" in html and preview.context.get("confirm_form") is None
    assert Person.objects.count() == 0


def test_harmless_leading_signs_are_imported(staff_client):
    content = (
        "name,email,affiliation,position,city,tier\n"
        "Dash Person,dash@example.org,-,+1 (202) 555-0100,-5,core\n"
    )
    confirm(staff_client, upload(staff_client, content))
    person = Person.objects.get(email="dash@example.org")
    assert (person.affiliation, person.position, person.city) == ("-", "+1 (202) 555-0100", "-5")


def test_an_exported_list_with_formula_text_imports_again_unchanged(staff_client):
    """The export's apostrophe is taken off again, so re-importing the export changes nothing."""
    person = PersonFactory(name="Odd Entry", email="odd@example.org", affiliation="=not a formula")
    MembershipFactory(
        person=person, tier=Tier.CORE, title="+Chair", started=datetime.date(2020, 1, 1)
    )
    person.expertise.add("=Eurasia", "Russia")
    fields = ["id", "name", "email", "affiliation", "expertise", "tier", "title", "started"]
    data = {"format": "0", "resource": "0", **{f"personresource_{f}": "on" for f in fields}}
    exported = staff_client.post(reverse("admin:members_person_export"), data).content.decode()
    assert "'=not a formula" in exported and "'+Chair" in exported
    assert "'=Eurasia; Russia" in exported
    before = state()
    preview = upload(staff_client, exported)
    assert "update <strong>0</strong>, leave <strong>1</strong>" in preview.content.decode()
    confirm(staff_client, preview)
    assert state() == before


def test_a_csv_export_opens_in_excel_with_its_cyrillic_names(staff_client):
    """Excel on Windows reads a CSV as UTF-8 only when it starts with a byte-order mark."""
    person = PersonFactory(name="Ольга Кириллова", email="olga@example.org", city="Санкт-Петербург")
    MembershipFactory(person=person, tier=Tier.CORE, started=datetime.date(2020, 1, 1))
    fields = ["id", "name", "email", "city", "tier", "started"]
    data = {"format": "0", "resource": "0", **{f"personresource_{f}": "on" for f in fields}}
    raw = staff_client.post(reverse("admin:members_person_export"), data).content
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["name"] == "Ольга Кириллова" and rows[0]["city"] == "Санкт-Петербург"
    before = state()
    preview = upload(staff_client, raw.decode("utf-8"))
    assert "update <strong>0</strong>, leave <strong>1</strong>" in preview.content.decode()
    confirm(staff_client, preview)
    assert state() == before


# The preview refuses whatever the write would refuse (issue 13, defect 12) -------------------


def test_preview_runs_full_model_validation_on_every_row(staff_client):
    long_title = "Director of " + "very " * 25 + "long programmes"
    assert len(long_title) > 120
    content = as_csv(
        [
            ["name", "email", "tier", "role", "title", "expertise"],
            ["Good Person", "good@example.org", "core", "", "", ""],
            ["Long Title", "title@example.org", "core", "executive committee", long_title, ""],
            ["Bad Choice", "choice@example.org", "core", "chairman", "", ""],
            ["N" * 201, "name@example.org", "core", "", "", ""],
            ["Long Area", "area@example.org", "core", "", "", "Russia; " + "Area" * 30],
            ["Twice", "twice@example.org", "core", "", "", ""],
            ["Twice Again", "TWICE@example.org", "associate", "", "", ""],
        ]
    )
    preview = upload(staff_client, content)
    html = preview.content.decode()
    for message in (
        f"Ensure this value has at most 120 characters (it has {len(long_title)}).",
        "Unknown role “chairman”: use Member, Executive Committee.",
        "Ensure this value has at most 200 characters (it has 201).",
        "Ensure this value has at most 100 characters (it has 120).",
        "twice@example.org is on rows 6 and 7; list each person once.",
    ):
        assert message in html, message
    assert "<strong>6</strong> rows rejected" in html and "Nothing will be imported" in html
    assert preview.context.get("confirm_form") is None
    assert Person.objects.count() == 0 and Membership.objects.count() == 0


def test_skipping_rejected_rows_imports_the_valid_ones_and_the_confirm_succeeds(staff_client):
    """The preview caught the long title, so the confirm never says "Nothing was imported"."""
    content = as_csv(
        [
            ["name", "email", "tier", "title"],
            ["Good Person", "good@example.org", "core", "Chair"],
            ["Long Title", "title@example.org", "core", "T" * 121],
        ]
    )
    preview = upload(staff_client, content, skip=True)
    assert "Ensure this value has at most 120 characters (it has 121)." in (
        preview.content.decode()
    )
    response = confirm(staff_client, preview)
    html = response.content.decode()
    assert "Nothing was imported" not in html and "1 rejected row was left out." in html
    assert list(Membership.objects.values_list("person__name", "title")) == [
        ("Good Person", "Chair")
    ]


def test_a_person_listed_by_id_and_again_by_email_is_rejected(staff_client):
    person = PersonFactory(name="Ben Noble", email="noble@example.org")
    content = as_csv(
        [
            ["id", "name", "email", "tier"],
            [str(person.pk), "Ben Noble", "ben@example.org", "core"],
            ["", "Ben Noble", "noble@example.org", "associate"],
        ]
    )
    html = upload(staff_client, content).content.decode()
    assert f"noble@example.org is Ben Noble (id {person.pk}), who is also on row 1" in html
    assert not Membership.objects.exists()


def test_the_russian_import_preview_explains_rejected_rows_in_russian(staff_client):
    content = HEADER + "Gold Person,gold@example.org,,Atlantis,,gold,,,,2020-02-30,\n"
    payload = {"format": "0", "import_file": SimpleUploadedFile("m.csv", content.encode())}
    response = staff_client.post("/ru" + reverse(IMPORT_URL), payload)
    html = response.content.decode()
    assert "Неизвестное значение поля «категория»: «gold». Допустимо: Core" in html
    assert "Неизвестная страна «Atlantis»: укажите двухбуквенный код ISO" in html


def retry_form(html):
    """The address and fields of the preview's "Import the other rows", as a browser posts it."""
    form = re.search(
        r'<form action="([^"]+)" method="post" class="import-retry">(.*?)</form>', html, re.S
    )
    assert form, "no “Import the other rows”"
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(2))
    return unescape(form.group(1)), {name: unescape(value) for name, value in fields}


CYRILLIC_AND_A_BAD_ROW = (
    HEADER
    + "Анна Кузнецова,kuznetsova@example.org,Высшая школа экономики,RU,Энергетика,core,,,,"
    + "2021-01-01,\n"
    + "Gold Person,gold@example.org,"
    + "A very long affiliation of some university institute for advanced study,"
    + "Atlantis,,gold,,,,2020-02-30,\n"
    + GOOD.split("\n", 1)[1]
)


def test_a_rejected_row_shows_why_in_the_row_and_the_rest_imports_without_the_file_again(
    staff_client,
):
    preview = upload(staff_client, CYRILLIC_AND_A_BAD_ROW, name="члены.csv")
    html = preview.content.decode()
    assert "Nothing will be imported." in html and Person.objects.count() == 0
    # Counted once, in the singular; the reasons are text in the row, not behind a badge.
    assert "would add <strong>3</strong> people" in html
    assert "<strong>1</strong> row rejected." in html and "rows rejected" not in html
    assert "validation-error-count" not in html and "validation-error-container" not in html
    row = re.search(r'<tr class="invalid">(.*?)</tr>', html, re.S).group(1)
    assert "Unknown tier “gold”" in row and "“2020-02-30” is not a real date." in row
    assert "Unknown country “Atlantis”" in row and "Gold Person" in row
    assert 'class="import-scroll"' in html  # wide values scroll inside their box
    # The file the preview kept is imported with the rejected row left out: no new upload.
    assert "члены.csv" in html
    action, data = retry_form(html)
    assert data["skip_rejected"] == "True" and data["original_file_name"] == "члены.csv"
    assert action == reverse(CONFIRM_URL)
    done = staff_client.post(action, data, follow=True).content.decode()
    assert "Import finished: 3 new, 0 updated, 0 unchanged." in done
    assert "1 rejected row was left out." in done and "skipped" not in done
    assert Person.objects.get(email="kuznetsova@example.org").name == "Анна Кузнецова"
    assert not Person.objects.filter(email="gold@example.org").exists()


@pytest.mark.parametrize(
    ("bad_rows", "summary", "left_out"),
    [
        (1, "отклонена <strong>1</strong> строка.", "1 отклонённая строка пропущена."),
        (3, "отклонено <strong>3</strong> строки.", "3 отклонённые строки пропущены."),
        (5, "отклонено <strong>5</strong> строк.", "5 отклонённых строк пропущено."),
    ],
)
def test_rejected_rows_are_counted_in_russian_plurals(staff_client, bad_rows, summary, left_out):
    content = CYRILLIC_AND_A_BAD_ROW + "".join(
        f"Gold {i},gold{i}@example.org,,US,,gold,,,,2020-01-01,\n" for i in range(bad_rows - 1)
    )
    payload = {"format": "0", "import_file": SimpleUploadedFile("m.csv", content.encode())}
    html = staff_client.post("/ru" + reverse(IMPORT_URL), payload).content.decode()
    assert summary in html
    action, data = retry_form(html)
    done = staff_client.post(action, data, follow=True).content.decode()
    assert left_out in done


@pytest.mark.parametrize(
    "content, russian",
    [
        ("name,email,tier,email\n", "Столбцы, названные дважды: email."),
        ("\n", "Файл пуст."),
        (b"\x00\x01\x02binary\xff\xfe", "Этот файл не читается как текст"),
    ],
)
def test_a_file_refused_whole_is_explained_in_russian(staff_client, content, russian):
    from django.utils import translation

    with translation.override("ru"):
        data = content.encode() if isinstance(content, str) else content
        response = staff_client.post(
            reverse("admin:members_person_import"),  # /ru/admin/…
            {"format": "0", "import_file": SimpleUploadedFile("members.csv", data)},
        )
    assert response.status_code == 200
    assert russian in response.content.decode()
    assert Person.objects.count() == 0
