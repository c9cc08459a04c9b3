import datetime
import json

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.urls import reverse
from django.utils import timezone

from core.demo_images import picture
from core.metadata import json_ld_script
from core.publishing import Status
from tests.articles.factories import ArticleFactory, CategoryFactory, TopicFactory
from tests.helpers.html import assert_valid_html
from tests.helpers.seo import checked_json_ld, links, meta_tags
from tests.members.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


def by_type(blocks, kind):
    found = [block for block in blocks if block["@type"] == kind]
    assert found, f"no {kind} block"
    return found[0]


def test_article_preview_tags_and_structured_data(client):
    first = PersonFactory(name="Jason Strakes", slug="jason-strakes")
    second = PersonFactory(name="Ada Coauthor", slug="ada-coauthor")
    armenia = TopicFactory(name="Armenia")
    article = ArticleFactory(
        title="Russian-sponsored security organisations and Nagorno-Karabakh",
        summary="Why the treaties did not bring automatic guarantees.",
        authors=[first, second],
        topics=[armenia],
        image=picture("karabakh"),
        image_alt="A mountain road in the South Caucasus",
    )
    response = client.get(article.get_absolute_url())
    assert_valid_html(response)
    tags = meta_tags(response)
    url = BASE + article.get_absolute_url()
    assert tags["og:type"] == ["article"]
    assert tags["og:title"] == [article.title]
    assert tags["og:description"] == ["Why the treaties did not bring automatic guarantees."]
    assert tags["og:url"] == [url]
    assert tags["og:image"][0].startswith(BASE + "/media/renditions/")
    assert tags["og:image"] == [BASE + article.image_social.url]
    assert tags["og:image:width"] == ["1200"] and tags["og:image:height"] == ["630"]
    assert tags["og:image:alt"] == ["A mountain road in the South Caucasus"]
    assert tags["twitter:card"] == ["summary_large_image"]
    assert tags["twitter:image"] == tags["og:image"]
    assert tags["article:author"] == [
        BASE + first.get_absolute_url(),
        BASE + second.get_absolute_url(),
    ]
    assert tags["article:tag"] == ["Armenia"]
    assert "robots" not in tags
    assert links(response, "canonical") == [{"rel": "canonical", "href": url}]

    blocks, types = checked_json_ld(response)
    data = by_type(blocks, "Article")
    assert data["headline"] == article.title
    assert data["datePublished"] == article.published_at.isoformat(timespec="milliseconds").replace(
        "+00:00", "Z"
    )
    assert [author["name"] for author in data["author"]] == ["Jason Strakes", "Ada Coauthor"]
    assert all(author["@type"] == "Person" for author in data["author"])
    assert data["author"][1]["url"] == BASE + second.get_absolute_url()
    assert data["image"]["url"] == BASE + article.image_social.url
    assert data["keywords"] == ["Armenia"]
    assert data["publisher"]["name"] == "PONARS Eurasia"
    crumbs = by_type(blocks, "BreadcrumbList")["itemListElement"]
    assert [item["name"] for item in crumbs] == ["PONARS Eurasia", "Commentary", article.title]


def test_policy_memo_is_a_scholarly_article_with_its_number(client):
    memos = CategoryFactory(name="Policy Memos", is_policy_memo=True)
    memo = ArticleFactory(category=memos, memo_number=812, authors=[PersonFactory()])
    blocks, _ = checked_json_ld(client.get(memo.get_absolute_url()))
    data = by_type(blocks, "ScholarlyArticle")
    assert data["identifier"] == "Policy Memo No. 812"
    assert data["articleSection"] == "Policy Memos"
    # Without an uploaded picture the preview uses the site's default image.
    assert data["image"].endswith("/static/img/social.png")


def test_article_without_authors_is_credited_to_the_network(client):
    article = ArticleFactory()
    blocks, _ = checked_json_ld(client.get(article.get_absolute_url()))
    assert by_type(blocks, "Article")["author"][0]["name"] == "PONARS Eurasia"


def test_json_ld_cannot_be_broken_out_of(client):
    hostile = 'Breaking </script><script>alert("x")</script> <!-- & news'
    article = ArticleFactory(title=hostile, summary="</SCRIPT> second try")
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "</SCRIPT>" not in html
    blocks, _ = checked_json_ld(response)
    data = by_type(blocks, "Article")
    assert data["headline"] == hostile
    assert data["description"] == "</SCRIPT> second try"
    assert_valid_html(response)


def test_json_ld_script_escapes_markup_characters():
    script = json_ld_script({"@type": "Thing", "name": "a</script>&b\u2028"})
    assert script.startswith('<script type="application/ld+json">{"@context": "https://schema.org"')
    body = script.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in body and ">" not in body and "&" not in body
    assert json.loads(body)["name"] == "a</script>&b\u2028"


def test_csp_still_forbids_inline_scripts_while_json_ld_is_served(client):
    response = client.get(reverse("home"))
    policy = response.headers["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src
    assert b'<script type="application/ld+json">' in response.content


def test_long_headline_is_shortened_for_search_engines(client):
    article = ArticleFactory(title="Long " * 40)
    data = by_type(checked_json_ld(client.get(article.get_absolute_url()))[0], "Article")
    assert len(data["headline"]) <= 110 and data["name"] == article.title


def test_draft_preview_asks_not_to_be_indexed(client, editor):
    draft = ArticleFactory(status=Status.DRAFT)
    client.force_login(editor)
    tags = meta_tags(client.get(draft.get_absolute_url()))
    assert tags["robots"] == ["noindex"]


def test_person_page_describes_a_person_with_affiliation(client):
    person = PersonFactory(
        name="Maria Lipman",
        slug="maria-lipman",
        position="Senior Associate",
        affiliation="George Washington University",
        city="Washington",
        country="US",
        website="https://example.org/lipman",
        photo=picture("lipman", 400, 400),
    )
    MembershipFactory(person=person)
    response = client.get(person.get_absolute_url())
    assert_valid_html(response)
    tags = meta_tags(response)
    assert tags["og:type"] == ["profile"]
    assert tags["og:title"] == ["Maria Lipman"]
    assert tags["og:description"] == ["Senior Associate, George Washington University"]
    assert tags["og:image"] == [BASE + person.photo_card_fallback.url]
    assert tags["twitter:card"] == ["summary"]
    blocks, types = checked_json_ld(response)
    profile = by_type(blocks, "ProfilePage")
    data = profile["mainEntity"]
    assert data["@type"] == "Person"
    assert data["name"] == "Maria Lipman"
    assert data["jobTitle"] == "Senior Associate"
    assert data["affiliation"] == {"@type": "Organization", "name": "George Washington University"}
    assert data["memberOf"]["name"] == "PONARS Eurasia"
    assert data["sameAs"] == ["https://example.org/lipman"]
    assert data["homeLocation"]["address"]["addressCountry"] == "US"
    # The private email is never published, in structured data or elsewhere.
    assert person.email not in response.content.decode()


def test_non_member_person_is_not_claimed_as_member(client):
    person = PersonFactory()
    data = by_type(checked_json_ld(client.get(person.get_absolute_url()))[0], "ProfilePage")[
        "mainEntity"
    ]
    assert "memberOf" not in data


def test_home_page_describes_the_organisation_and_site(client):
    response = client.get(reverse("home"))
    blocks, types = checked_json_ld(response)
    organisation = by_type(blocks, "Organization")
    assert organisation["name"] == "PONARS Eurasia"
    assert organisation["url"] == BASE + "/"
    assert organisation["logo"]["url"] == BASE + "/static/img/logo.png"
    assert "https://twitter.com/PONARSEurasia" in organisation["sameAs"]
    site = by_type(blocks, "WebSite")
    assert site["url"] == BASE + "/"
    assert (
        site["potentialAction"]["target"]["urlTemplate"] == BASE + "/search/?q={search_term_string}"
    )
    tags = meta_tags(response)
    assert tags["og:image"] == [BASE + "/static/img/social.png"]
    assert tags["og:image:alt"] == ["PONARS Eurasia"]


def test_flat_page_has_metadata_from_its_content(client):
    page = FlatPage.objects.create(
        url="/about/",
        title="About PONARS Eurasia",
        content="<p>An international network of scholars.</p>",
    )
    page.sites.add(Site.objects.get_current())
    response = client.get("/about/")
    assert_valid_html(response)
    tags = meta_tags(response)
    assert tags["og:title"] == ["About PONARS Eurasia"]
    assert tags["description"] == ["An international network of scholars."]
    assert by_type(checked_json_ld(response)[0], "WebPage")["url"] == BASE + "/about/"


HOSTILE_TITLE = (
    'About"><a href="https://evil.example/" class="overlay">Win</a><meta name="x" content="'
)


def test_flat_page_title_is_text_everywhere(client, editor):
    """An editor's title cannot break out of <title>, <h1> or og:title (issue 13, defect 11)."""
    page = FlatPage.objects.create(url="/about/", title=HOSTILE_TITLE, content="<p>About us.</p>")
    page.sites.add(Site.objects.get_current())
    response = client.get("/about/")
    html = response.content.decode()
    document = assert_valid_html(response)
    assert "https://evil.example/" not in [a.get("href") for a in document.iter("a")]
    assert 'class="overlay"' not in html and '<a href="https://evil.example' not in html
    assert document.find(".//title").text == f"{HOSTILE_TITLE} · PONARS Eurasia"
    assert "".join(document.find(".//h1").itertext()) == HOSTILE_TITLE
    assert document.find(".//h1").find("a") is None
    tags = meta_tags(response)
    assert tags["og:title"] == [HOSTILE_TITLE] and tags["twitter:title"] == [HOSTILE_TITLE]
    assert "x" not in tags  # no injected <meta name="x">
    assert by_type(checked_json_ld(response)[0], "WebPage")["name"] == HOSTILE_TITLE
    # The sitemap lists the page by address only; the admin shows the title as text.
    sitemap = client.get(reverse("sitemap-section", args=["pages"])).content.decode()
    assert "/about/" in sitemap and "evil.example" not in sitemap
    client.force_login(editor)
    admin_html = client.get(reverse("admin:flatpages_flatpage_changelist")).content.decode()
    assert "About&quot;&gt;&lt;a href=" in admin_html and 'evil.example/" class' not in admin_html


def test_category_and_topic_pages_have_previews(client):
    article = ArticleFactory(topics=[TopicFactory(name="Ukraine")])
    for url, title in [
        (article.category.get_absolute_url(), "Commentary"),
        (reverse("articles:topic", args=["ukraine"]), "Ukraine"),
        (reverse("articles:list"), "Articles"),
    ]:
        response = client.get(url)
        assert meta_tags(response)["og:title"] == [title]
        assert links(response, "canonical")[0]["href"] == BASE + url


def test_later_pages_of_a_list_keep_their_page_in_the_canonical_url(client, settings):
    settings.ARTICLES_PER_PAGE = 1
    ArticleFactory()
    ArticleFactory()
    response = client.get(reverse("articles:list") + "?page=2&utm_source=x")
    assert links(response, "canonical")[0]["href"] == BASE + "/articles/?page=2"


def test_error_pages_claim_no_canonical_address(client):
    response = client.get("/articles/no-such-article/")
    assert response.status_code == 404
    assert links(response, "canonical") == []
    assert "og:url" not in meta_tags(response)


def test_russian_article_has_russian_locale(client):
    article = ArticleFactory(
        language="ru", published_at=timezone.now() - datetime.timedelta(days=2)
    )
    assert meta_tags(client.get(article.get_absolute_url()))["og:locale"] == ["ru_RU"]


def test_podcast_show_and_episode_previews_and_structured_data(client):
    from tests.podcasts.factories import EpisodeFactory, SeriesFactory, ShowFactory

    show = ShowFactory()
    host = PersonFactory(name="Maria Lipman")
    guest = PersonFactory(name="Henry Hale")
    episode = EpisodeFactory(
        title="Russia's regions after the war",
        host=host,
        guests=[guest],
        number=12,
        season=3,
        series=SeriesFactory(),
    )
    response = client.get("/podcasts/")
    assert_valid_html(response)
    tags = meta_tags(response)
    assert tags["og:title"] == ["PONARS Eurasia Podcast"]
    assert tags["og:image"] == [BASE + show.artwork_feed.url]
    assert tags["twitter:card"] == ["summary"]  # square artwork
    series = by_type(checked_json_ld(response)[0], "PodcastSeries")
    assert series["webFeed"] == BASE + "/podcasts/feed/"
    assert series["name"] == "PONARS Eurasia Podcast"
    feeds = [link["href"] for link in links(response, "alternate")]
    assert feeds.count(BASE + "/podcasts/feed/") == 1

    response = client.get(episode.get_absolute_url())
    assert_valid_html(response)
    tags = meta_tags(response)
    assert tags["og:title"] == ["Russia's regions after the war"]
    assert tags["og:audio"] == [BASE + episode.audio_src]
    data = by_type(checked_json_ld(response)[0], "PodcastEpisode")
    assert data["partOfSeries"]["url"] == BASE + "/podcasts/"
    assert data["author"][0]["name"] == "Maria Lipman"
    assert [person["name"] for person in data["contributor"]] == ["Henry Hale"]
    assert data["associatedMedia"]["contentUrl"] == BASE + episode.audio_src
    assert data["timeRequired"] == "PT0H0M2S"
    assert data["episodeNumber"] == 12 and data["partOfSeason"]["seasonNumber"] == 3
    assert data["image"] == BASE + show.artwork_feed.url
    assert [link["href"] for link in links(response, "alternate")].count(
        BASE + "/podcasts/feed/"
    ) == 1
