"""The main menu as the site had it in its header template (and the real site has it), now
editable in the admin; the Editors group may change it."""

from django.db import migrations

from core.permissions import EDITORS, grant, revoke

# (label, Russian label, link, entries under it)
MENU = [
    (
        "About",
        "О нас",
        "",
        [
            ("About {site}", "О {site}", "/about/", []),
            ("Contact", "Контакты", "/contact/", []),
            (
                "Membership",
                "Членство",
                "",
                [
                    ("All Members", "Все участники", "/members/", []),
                    ("Core Members", "Основные участники", "/members/core/", []),
                    ("Collegium Members", "Члены коллегии", "/members/collegium/", []),
                    ("Associate Members", "Ассоциированные участники", "/members/associate/", []),
                    ("About Membership", "О членстве", "/about-membership/", []),
                ],
            ),
            ("Ukraine Experts", "Эксперты по Украине", "/members/expertise/ukraine/", []),
            ("Executive Committee", "Исполнительный комитет", "/members/executive-committee/", []),
        ],
    ),
    (
        "Policy Memos",
        "Аналитические записки",
        "",
        [
            (
                "List of Policy Memos",
                "Все аналитические записки",
                "/articles/category/policy-memos/",
                [],
            ),
            ("Submissions", "Предложить материал", "/submissions/", []),
        ],
    ),
    ("Commentary", "Комментарии", "/articles/category/commentary/", []),
    ("Podcasts", "Подкасты", "/podcasts/", []),
    ("Online Academy", "Онлайн-академия", "/academy/", []),
    (
        "Events",
        "Мероприятия",
        "",
        [
            ("Upcoming Events", "Ближайшие мероприятия", "/events/", []),
            ("Past Events", "Прошедшие мероприятия", "/events/past/", []),
        ],
    ),
    ("Recommended", "Рекомендуем", "/articles/category/recommended/", []),
    (
        "Digital Resources",
        "Цифровые ресурсы",
        "",
        [
            ("Bookstore", "Книжная полка", "/resources/books/", []),
            ("Knowledge Hub", "База знаний", "/resources/", []),
            ("Course Syllabi", "Программы курсов", "/resources/syllabi/", []),
            (
                "Point & Counterpoint",
                "Аргументы и контраргументы",
                "/articles/category/point-counterpoint/",
                [],
            ),
            (
                "Policy Perspectives",
                "Политические перспективы",
                "/articles/category/policy-perspectives/",
                [],
            ),
        ],
    ),
]
def create_menu(apps, schema_editor):
    MenuItem = apps.get_model("core", "MenuItem")
    if MenuItem.objects.exists():
        return

    def add(entries, parent):
        for order, (name, name_ru, link, children) in enumerate(entries):
            item = MenuItem.objects.create(
                parent=parent, name=name, name_ru=name_ru, link=link, order=order
            )
            add(children, item)

    add(MENU, None)


def editors_edit_the_menu(apps, schema_editor):
    grant(apps, EDITORS, "core", ["menuitem"])


def backwards(apps, schema_editor):
    revoke(apps, EDITORS, "core", ["menuitem"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_menuitem"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_menu, migrations.RunPython.noop),
        migrations.RunPython(editors_edit_the_menu, backwards),
    ]
