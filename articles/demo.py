"""Demo articles: the items named on the seed page plus memos and commentary of our own."""

import datetime
import random

from django.core.files.base import ContentFile
from django.utils import timezone

from core.demo import give_russian_names
from core.demo_images import picture
from core.publishing import Language, Status
from core.slugs import make_slug
from core.typeset import TypesetError, typeset
from members.models import Person

from . import corpus
from .models import Article, Byline, Category, TaggedArticle, Topic
from .pdf import TEMPLATE, figure_files, memo_data

CATEGORIES = [
    # slug, name, Russian name, order, is memo, links out. The real site's names ("Policy Memos |
    # Аналитические записки", "Commentary | Комментарии", "Recommended | Рекомендуем").
    ("policy-memos", "Policy Memos", "Аналитические записки", 1, True, False),
    ("commentary", "Commentary", "Комментарии", 2, False, False),
    ("recommended", "Recommended", "Рекомендуем", 3, False, True),
    # The real site names these two in English only; the Russian names are ours.
    ("point-counterpoint", "Point & Counterpoint", "Аргументы и контраргументы", 4, False, False),
    ("policy-perspectives", "Policy Perspectives", "Политические перспективы", 5, False, False),
]

PARAGRAPHS = {
    "security": [
        "Regional security arrangements in the post-Soviet space are often read through the lens of NATO, which leads observers to expect automatic guarantees that the treaties do not contain.",
        "The record of consultations since the early 1990s shows organisations built for coordination and signalling rather than for collective defence in the Atlantic sense.",
        "For policymakers the practical question is how these structures shape the choices of smaller states that buy arms from the same supplier as their rivals.",
    ],
    "ukraine": [
        "The war has changed everyday life far from the front: schools move to shelters, teachers plan lessons around air-raid alerts, and families decide each morning whether to send children to class.",
        "Local authorities have taken on tasks that central ministries once handled, from organising repairs to coordinating volunteers and aid deliveries.",
        "These adaptations will shape recovery planning, and donors who understand them will spend their money better.",
    ],
    "politics": [
        "Elections in Russia remain an instrument of regime management: the outcome is rarely in doubt, but turnout, margins and regional variation still tell the centre a great deal.",
        "Repression of independent candidates and observers narrows the information the Kremlin receives, which makes its own decisions riskier over time.",
        "Comparisons with the late Soviet period help in some respects and mislead in others; the differences in technology and economic openness matter.",
    ],
    "society": [
        "Surveys show public attitudes that are less uniform than official rhetoric suggests, with sharp differences between age groups and between large cities and small towns.",
        "Civil society organisations have adapted to pressure by decentralising, moving online, and relying on small donations rather than foreign grants.",
        "Researchers working on these questions face growing obstacles to fieldwork, which raises the value of careful secondary analysis.",
    ],
}

SUMMARIES = {
    "security": "Why Russian-led security structures are better read as forums for coordination than as a mirror of NATO.",
    "ukraine": "How the war reshapes daily life, local government and the priorities of Ukraine's partners.",
    "politics": "What managed elections and regional results tell us about how the Russian regime governs.",
    "society": "Public opinion and civil society under pressure, and what researchers can still learn.",
}

# title, category, authors, date, topics, theme, language, extra
SEED_ARTICLES = [
    (
        "Russian-Sponsored Security Organizations and the Nagorno-Karabakh Conflict: Threat or Misconception?",
        "commentary",
        ["Jason Strakes"],
        (2020, 11, 2, 9),
        ["Armenia", "Azerbaijan", "Nagorno-Karabakh", "Russia"],
        "security",
        "en",
        {"featured": True},
    ),
    (
        "Pushkin House Book Prize 2020: The Return of the Russian Leviathan by Sergei Medvedev",
        "recommended",
        [],
        (2020, 10, 30, 9),
        ["Russia", "Books"],
        "politics",
        "en",
        {"external_url": "https://www.pushkinhouse.org/"},
    ),
    (
        "Kurilla: I do not expect the U.S. elections to affect Russia in any way, as I do not expect U.S. policy toward Russia will significantly change",
        "recommended",
        [],
        (2020, 11, 2, 15),
        ["Russia", "United States"],
        "politics",
        "en",
        {"external_url": "https://www.ponarseurasia.org/"},
    ),
    (
        "The Determinants of Assistance to Ukrainian and Syrian Refugees | New Voices on Eurasia with Volha Charnysh (Feb. 16)",
        "recommended",
        [],
        (2023, 1, 30, 9),
        ["Ukraine", "Refugees"],
        "society",
        "en",
        {"external_url": "https://www.youtube.com/@PONARSEurasia"},
    ),
    (
        "Conflicts in the North Caucasus Since 1991 | PONARS Eurasia Online Academy",
        "recommended",
        ["Jean-François Ratelle"],
        (2023, 1, 27, 9),
        ["North Caucasus", "Russia"],
        "security",
        "en",
        {"external_url": "https://www.youtube.com/@PONARSEurasia"},
    ),
    (
        "Will Ukraine Wind Up Making Territorial Concessions to Russia? Foreign Affairs Asks the Experts",
        "recommended",
        [],
        (2023, 1, 24, 9),
        ["Ukraine", "Russia"],
        "ukraine",
        "en",
        {"external_url": "https://www.foreignaffairs.com/"},
    ),
    (
        "Pro-Kremlin Propaganda’s Failure in Ukraine | New Voices on Eurasia with Aaron Erlich (Jan. 19)",
        "recommended",
        [],
        (2023, 1, 17, 9),
        ["Ukraine", "Media"],
        "society",
        "en",
        {"external_url": "https://www.youtube.com/@PONARSEurasia"},
    ),
    (
        "Kyiv-Washington Relations in Times of Colossal War: The Ultimate Test of a Strategic Partnership",
        "commentary",
        ["Volodymyr Dubovyk"],
        (2023, 1, 11, 10),
        ["Ukraine", "United States"],
        "ukraine",
        "en",
        {"featured": True},
    ),
    (
        "Russia’s war in Ukraine threatens students daily and forces teachers to improvise",
        "recommended",
        ["Kristina Hook"],
        (2023, 1, 11, 9),
        ["Ukraine", "Education"],
        "ukraine",
        "en",
        {"external_url": "https://theconversation.com/"},
    ),
    (
        "Prevailing Soviet Legacies",
        "commentary",
        ["Irina Busygina", "Mikhail Filippov"],
        (2022, 12, 27, 9),
        ["Russia", "Federalism"],
        "politics",
        "en",
        {},
    ),
    (
        "In Russia’s Nuclear Messaging to West and Ukraine, Putin Plays Both Bad and Good Cop",
        "commentary",
        ["Simon Saradzhyan"],
        (2022, 12, 23, 9),
        ["Russia", "Nuclear Weapons", "Ukraine"],
        "security",
        "en",
        {"featured": True},
    ),
]

OWN_ARTICLES = [
    (
        "Regional Governors After the 2021 Duma Elections",
        "policy-memos",
        ["Henry Hale"],
        "politics",
        ["Russia", "Elections"],
    ),
    (
        "Managing Turnout: What Russia’s Regional Results Reveal",
        "policy-memos",
        ["Grigory Golosov"],
        "politics",
        ["Russia", "Elections"],
    ),
    (
        "Ukraine’s Decentralization Reform Under Wartime Pressure",
        "policy-memos",
        ["Sergiy Kudelia"],
        "ukraine",
        ["Ukraine", "Federalism"],
    ),
    (
        "Arms Suppliers and Alliance Politics in the South Caucasus",
        "policy-memos",
        ["Jason Strakes"],
        "security",
        ["Armenia", "Azerbaijan", "Russia"],
    ),
    (
        "Refugee Policy in Central Europe After February 2022",
        "policy-memos",
        ["Volha Charnysh"],
        "society",
        ["Ukraine", "Refugees"],
    ),
    (
        "Legislating Loyalty: The Duma’s Lawmaking Since 2020",
        "policy-memos",
        ["Ben Noble"],
        "politics",
        ["Russia", "Parliament"],
    ),
    (
        "Online Protest and Platform Blocking in Russia",
        "policy-memos",
        ["Tanya Lokot"],
        "society",
        ["Russia", "Media"],
    ),
    (
        "Counterinsurgency Legacies in Chechnya and Dagestan",
        "policy-memos",
        ["Jean-François Ratelle"],
        "security",
        ["North Caucasus", "Russia"],
    ),
    (
        "Federal Transfers and Regional Loyalty",
        "policy-memos",
        ["Irina Busygina", "Mikhail Filippov"],
        "politics",
        ["Russia", "Federalism"],
    ),
    (
        "Memory Politics and the Soviet Past in Ukraine",
        "commentary",
        ["Georgiy Kasianov"],
        "society",
        ["Ukraine", "History"],
    ),
    (
        "Nuclear Signalling and Crisis Stability",
        "commentary",
        ["Simon Saradzhyan"],
        "security",
        ["Russia", "Nuclear Weapons"],
    ),
    (
        "Historians and the State: Debates Over Archives",
        "commentary",
        ["Ivan Kurilla"],
        "society",
        ["Russia", "History"],
    ),
    (
        "Point: Sanctions Are Working Slowly",
        "point-counterpoint",
        ["Henry Hale"],
        "politics",
        ["Russia", "Sanctions"],
    ),
    (
        "Counterpoint: Sanctions Have Been Absorbed",
        "point-counterpoint",
        ["Nikolay Petrov"],
        "politics",
        ["Russia", "Sanctions"],
    ),
    (
        "Policy Perspectives: Rebuilding Ukrainian Schools",
        "policy-perspectives",
        ["Kristina Hook"],
        "ukraine",
        ["Ukraine", "Education"],
    ),
    (
        "Media Trust in Wartime Ukraine",
        "commentary",
        ["Aaron Erlich"],
        "society",
        ["Ukraine", "Media"],
    ),
    (
        "Odesa and the Black Sea Economy",
        "commentary",
        ["Volodymyr Dubovyk"],
        "ukraine",
        ["Ukraine", "Black Sea"],
    ),
]

RUSSIAN_ARTICLES = [
    (
        "Региональные выборы и явка: что показали результаты",
        "commentary",
        ["Grigory Golosov"],
        ["Russia", "Elections"],
        [
            "На региональных выборах власти добивались высокой явки, но результаты в разных регионах сильно различались.",
            "Наблюдатели отмечают, что в крупных городах поддержка кандидатов власти была ниже, чем в малых.",
        ],
    ),
    (
        "Гражданское общество под давлением",
        "commentary",
        ["Maria Lipman"],
        ["Russia", "Civil Society"],
        [
            "Независимые организации переходят к децентрализованной работе и небольшим пожертвованиям.",
            "Давление на НКО усилилось после принятия новых законов об иностранных агентах.",
        ],
    ),
    (
        "Украина: местная власть во время войны",
        "commentary",
        ["Volodymyr Dubovyk"],
        ["Ukraine"],
        [
            "Война изменила повседневную жизнь Украины далеко от линии фронта: школы переходят в укрытия, а учителя планируют уроки с учётом воздушных тревог.",
            "Местные власти взяли на себя задачи, которые раньше решали министерства, от ремонта до работы с волонтёрами, и это определит восстановление Украины.",
        ],
    ),
]


def _body(paragraphs):
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def _categories():
    result = {}
    for slug, name, name_ru, order, is_memo, links_out in CATEGORIES:
        result[slug], _ = Category.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_ru": name_ru,
                "order": order,
                "is_policy_memo": is_memo,
                "links_out": links_out,
            },
        )
    return result


def _save(slug, defaults, authors, topics, with_image):
    article, created = Article.objects.update_or_create(slug=slug, defaults=defaults)
    if created:
        for order, name in enumerate(authors):
            Byline.objects.create(
                article=article, person=Person.objects.get(slug=make_slug(name)), order=order
            )
        article.topics.set(topics)
    if with_image and not article.image:
        article.image.save(f"{slug[:40]}.jpg", picture(article.title), save=False)
        article.image_alt = f"Abstract illustration for “{article.title[:80]}”"
        article.image_credit = "PONARS Eurasia (demo image)"
        article.save()
    return article


def _upload_memo_pdf(memo, command):
    """One memo with a PDF as an editor uploads it (the other memos get theirs made from the
    text by the task worker): typeset once, kept on later runs."""
    if memo is None or memo.pdf:
        return
    try:
        pdf = typeset(TEMPLATE, memo_data(memo), figure_files(memo))
    except TypesetError as exc:
        command.stdout.write(f"No uploaded PDF for memo No. {memo.memo_number}: {exc}")
        return
    memo.pdf.save(f"memo-{memo.memo_number}.pdf", ContentFile(pdf))
    command.stdout.write(f"Memo No. {memo.memo_number} has an uploaded PDF ({len(pdf)} bytes).")


def seed(command):
    categories = _categories()
    tz = timezone.get_current_timezone()
    for title, cat, authors, (y, m, d, h), topics, theme, language, extra in SEED_ARTICLES:
        defaults = {
            "title": title,
            "category": categories[cat],
            "summary": SUMMARIES[theme],
            "body": _body(PARAGRAPHS[theme]),
            "language": language,
            "status": Status.PUBLISHED,
            "published_at": datetime.datetime(y, m, d, h, tzinfo=tz),
            **extra,
        }
        _save(make_slug(title)[:280], defaults, authors, topics, with_image=cat != "recommended")

    rng = random.Random(2020)
    start = datetime.datetime(2021, 1, 15, 9, tzinfo=tz)
    for index, (title, cat, authors, theme, topics) in enumerate(OWN_ARTICLES):
        defaults = {
            "title": title,
            "category": categories[cat],
            "summary": SUMMARIES[theme],
            "body": _body(rng.sample(PARAGRAPHS[theme], 3)),
            "status": Status.PUBLISHED,
            "published_at": start + datetime.timedelta(days=37 * index),
            "memo_number": 700 + index if cat == "policy-memos" else None,
        }
        _save(make_slug(title), defaults, authors, topics, with_image=index % 2 == 0)
    _upload_memo_pdf(
        Article.objects.published()
        .filter(category__is_policy_memo=True, memo_number__isnull=False)
        .order_by("memo_number")
        .first(),
        command,
    )

    for index, (title, cat, authors, topics, paragraphs) in enumerate(RUSSIAN_ARTICLES):
        defaults = {
            "title": title,
            "category": categories[cat],
            "summary": paragraphs[0],
            "body": _body(paragraphs),
            "language": Language.RUSSIAN,
            "status": Status.PUBLISHED,
            "published_at": datetime.datetime(2021, 9, 20 + index, 9, tzinfo=tz),
        }
        _save(
            f"ru-{index + 1}-" + make_slug(topics[-1]), defaults, authors, topics, with_image=False
        )

    # One draft and one scheduled article: editors see them, readers do not.
    _save(
        "draft-caspian-energy-corridors",
        {
            "title": "Draft: Caspian Energy Corridors",
            "category": categories["commentary"],
            "body": _body(PARAGRAPHS["security"]),
            "status": Status.DRAFT,
        },
        ["Jason Strakes"],
        ["Azerbaijan"],
        with_image=False,
    )
    _save(
        "scheduled-belarus-after-2020",
        {
            "title": "Belarus After 2020: Five Scenarios",
            "category": categories["policy-memos"],
            "body": _body(PARAGRAPHS["politics"]),
            "status": Status.PUBLISHED,
            "published_at": timezone.now() + datetime.timedelta(days=7),
            "memo_number": 799,
        },
        ["Henry Hale"],
        ["Belarus"],
        with_image=False,
    )
    give_russian_names(Topic.objects.all())
    command.stdout.write(
        f"Articles: {Article.objects.count()} ({Article.objects.published().count()} published)"
    )
    _seed_comments(command)


DEMO_COMMENTS = [
    # key, parent key, name, email, website, status, days after publication, body
    (
        "a",
        None,
        "Lilit Hakobyan",
        "lilit@example.org",
        "",
        "approved",
        1,
        "A useful corrective. Much of the commentary I read in Yerevan assumed the CSTO would act "
        "automatically, and this piece explains why that expectation was misplaced.",
    ),
    (
        "b",
        "a",
        "Jason Strakes",
        "strakes@example.org",
        "",
        "approved",
        2,
        "Thank you. The treaty texts are public, and worth reading alongside the 2010 Protocol:\n"
        "https://en.wikipedia.org/wiki/Collective_Security_Treaty_Organization",
    ),
    (
        "c",
        "b",
        "Lilit Hakobyan",
        "lilit@example.org",
        "",
        "approved",
        3,
        "I will. Do you expect the organisation to change its procedures after this year?",
    ),
    (
        "d",
        None,
        "Murad Aliyev",
        "murad@example.org",
        "https://example.org/",
        "approved",
        4,
        "The piece could say more about arms sales to both sides, which shape Moscow's options.",
    ),
    (
        "e",
        None,
        "A. Reader",
        "reader@example.org",
        "",
        "pending",
        5,
        "Waiting for moderation: an editor sees this in the admin queue.",
    ),
    (
        "f",
        None,
        "Best Casino",
        "win@spam.example",
        "https://spam.example/",
        "spam",
        5,
        "Cheap pills and casino bonus here https://spam.example/ https://spam.example/2 https://spam.example/3",
    ),
]


def _seed_comments(command):
    """Comments on the Nagorno-Karabakh commentary: a thread of replies, one pending, one spam."""
    from comments.models import BlockedTerm, BlockKind, Comment

    article = Article.objects.filter(
        slug__startswith="russian-sponsored-security-organizations"
    ).first()
    if article is None or article.comments.exists():
        return
    made = {}
    for key, parent, name, email, website, status, days, body in DEMO_COMMENTS:
        made[key] = Comment.objects.create(
            target=article,
            parent=made.get(parent),
            name=name,
            email=email,
            website=website,
            status=status,
            body=body,
            ip_address="192.0.2.10",
            user_agent="Demo browser",
            created=article.published_at + datetime.timedelta(days=days),
            moderation_note="blocklist word: casino" if status == "spam" else "",
        )
    BlockedTerm.objects.get_or_create(
        kind=BlockKind.WORD, value="casino", defaults={"note": "demo"}
    )
    command.stdout.write(f"Comments: {len(made)} on “{article.title[:40]}…”")


def scale(command, count):
    """Add `count` synthetic published articles with bylines and topics, by bulk insert.

    Their text has the word statistics of real prose (see `corpus`): ~600 words each, one in
    twenty in Russian."""
    rng = random.Random(count)
    categories = list(_categories().values())
    topics = list(Topic.objects.all())
    first_new = Topic.objects.filter(slug__startswith="synthetic-topic-").count()
    new_topics = [
        Topic(name=f"Synthetic Topic {i}", slug=f"synthetic-topic-{i}")
        for i in range(first_new, first_new + max(1, count // 50))
    ]
    Topic.objects.bulk_create(new_topics)
    topics = list(Topic.objects.all())
    people = list(Person.objects.values_list("id", flat=True))
    offset = Article.objects.filter(slug__startswith="synthetic-").count()
    now = timezone.now()
    batch = 2000
    for begin in range(0, count, batch):
        articles = []
        for i in range(begin + offset, min(begin + batch, count) + offset):
            russian = rng.random() < 0.05
            title, summary, body = corpus.article_text(
                rng, corpus.RUSSIAN if russian else corpus.ENGLISH
            )
            articles.append(
                Article(
                    title=f"{title} ({i})",
                    slug=f"synthetic-{i}",
                    category=rng.choice(categories),
                    summary=summary,
                    body=body,
                    language=Language.RUSSIAN if russian else Language.ENGLISH,
                    status=Status.PUBLISHED,
                    published_at=now - datetime.timedelta(hours=i % 50000, minutes=i % 60),
                )
            )
        created = Article.objects.bulk_create(articles, batch_size=1000)
        if not created or created[0].pk is None:
            created = list(Article.objects.filter(slug__in=[a.slug for a in articles]).only("id"))
        bylines, tagged = [], []
        for article in created:
            for order, person_id in enumerate(
                rng.sample(people, k=min(len(people), rng.choice((1, 1, 2))))
            ):
                bylines.append(Byline(article_id=article.pk, person_id=person_id, order=order))
            for topic in rng.sample(topics, k=min(len(topics), 2)):
                tagged.append(TaggedArticle(content_object_id=article.pk, tag_id=topic.pk))
        Byline.objects.bulk_create(bylines, batch_size=2000)
        TaggedArticle.objects.bulk_create(tagged, batch_size=2000)
    command.stdout.write(f"Synthetic articles added: {count}")
