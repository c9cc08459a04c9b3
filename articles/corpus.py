"""Synthetic text with the statistics of real prose, for load tests and the search benchmark.

Real articles follow Zipf's law: a few words ("the", "russia") are in nearly every text, most
words are rare. A corpus drawn uniformly from a few dozen words would make every search term
match every article, which no real site sees; this one draws from ~20,000 word types with
Zipf weights (frequency ∝ 1 / rank), so common terms match most articles and rare terms few,
as on the real site. Deterministic for a given random generator.
"""

import itertools
import random

FUNCTION_WORDS = (
    "the of and to in a is that for on with as by this it are from at be was an which not "
    "has have its their more but or also they than been these its will would there into after"
).split()

# Content words of the field, roughly most frequent first.
DOMAIN_WORDS = (
    "russia russian ukraine kremlin moscow government political policy state security war "
    "regional power president elections economic military public putin region central "
    "sanctions energy national international foreign local social opposition reform parliament "
    "european union kyiv georgia armenia azerbaijan kazakhstan belarus caucasus asia china "
    "conflict relations support elite leadership authorities democracy regime authoritarian "
    "protest protests media television propaganda identity memory history soviet legacy "
    "federal federalism governor governors budget oil gas pipeline market trade investment "
    "corruption court courts constitution law legal rights human civil society ngo church "
    "religion orthodox islam migration migrants refugees border borders treaty alliance nato "
    "army defense nuclear weapons arms missile cyber information disinformation internet "
    "youth education universities teachers schools health pandemic covid vaccine labor "
    "workers pension welfare inequality poverty growth inflation currency ruble bank banks "
    "finance debt taxes privatization oligarchs business companies gazprom rosneft exports "
    "imports agriculture grain food climate environment arctic siberia crimea donbas odesa "
    "kharkiv mariupol chechnya dagestan tatarstan bashkortostan tbilisi yerevan baku minsk "
    "astana bishkek dushanbe tashkent chisinau moldova transnistria abkhazia ossetia "
    "karabakh turkey iran syria afghanistan india japan washington brussels berlin warsaw "
    "poland baltic estonia latvia lithuania finland sweden negotiations ceasefire peace "
    "diplomacy summit agreement occupation annexation mobilization conscription veterans "
    "casualties humanitarian reconstruction aid assistance donors decentralization "
    "municipal mayors turnout voters ballot fraud referendum campaign candidates duma "
    "senate ministry ministers bureaucracy siloviki fsb police repression dissent "
    "journalists censorship surveillance navalny zelensky lukashenko aliyev pashinyan "
    "tokayev mirziyoyev erdogan xi biden trump scholars survey polling attitudes loyalty "
    "nationalism patriotism ideology narratives legitimacy stability succession transition "
    "institutions governance accountability transparency sovereignty independence "
    "integration eurasian customs infrastructure railways ports shipping logistics "
    "technology innovation science demography population fertility mortality emigration "
    "diaspora language languages russification minorities ethnic tatars ukrainians "
    "belarusians georgians armenians kazakhs uzbeks kyrgyz tajiks"
).split()

# Russian articles (a minority on the real site) draw from their own vocabulary.
RUSSIAN_FUNCTION_WORDS = "и в не на что с как по это к но из у о за от для же так".split()
RUSSIAN_DOMAIN_WORDS = (
    "россия россии украина украины власть власти выборы выборах режим режима санкции "
    "безопасность регион регионы губернатор губернаторы протест протесты экономика "
    "общество гражданское государство политика война мир переговоры армия граница "
    "договор союз беженцы миграция парламент дума суд реформа бюджет нефть газ энергия "
    "кремль москва киев кавказ азия китай европа оппозиция пропаганда память история "
    "советский федерализм коррупция права закон конституция церковь молодежь образование"
).split()

SYLLABLES = (
    "ka ro vi na sh te lo mi ar ev in ov os ur al ek da pa ze ti ku ne ry sa go be la ma "
    "do re ni zo ch st pr gr dr br tr"
).split()
CYRILLIC_SYLLABLES = (
    "ка ро ви на ше те ло ми ар ев ин ов ос ур ал ек да па зе ти ку не ры са".split()
)


def _pseudo_words(syllables, count, seed):
    """Distinct made-up words of 2-4 syllables: the long tail of rare terms (names, jargon)."""
    rng = random.Random(seed)
    made, seen = [], set()
    while len(made) < count:
        word = "".join(rng.choice(syllables) for _ in range(rng.choice((2, 3, 3, 4))))
        if len(word) >= 5 and word not in seen:
            seen.add(word)
            made.append(word)
    return made


class Vocabulary:
    """Word types with cumulative Zipf weights, ready for `random.choices`."""

    def __init__(self, function_words, domain_words, tail, exponent=1.0):
        self.words = list(function_words) + list(domain_words) + list(tail)
        self.content = list(domain_words) + list(tail)  # titles: no function words
        self.cumulative = list(
            itertools.accumulate(1 / (rank**exponent) for rank in range(1, len(self.words) + 1))
        )
        self.content_cumulative = list(
            itertools.accumulate(1 / (rank**exponent) for rank in range(1, len(self.content) + 1))
        )

    def text(self, rng, count):
        return rng.choices(self.words, cum_weights=self.cumulative, k=count)

    def title(self, rng, count):
        return rng.choices(self.content, cum_weights=self.content_cumulative, k=count)

    def query_word(self, rng):
        """A content word as a reader would type one: common words most often."""
        return self.title(rng, 1)[0]


ENGLISH = Vocabulary(FUNCTION_WORDS, DOMAIN_WORDS, _pseudo_words(SYLLABLES, 20000, 1))
RUSSIAN = Vocabulary(
    RUSSIAN_FUNCTION_WORDS, RUSSIAN_DOMAIN_WORDS, _pseudo_words(CYRILLIC_SYLLABLES, 5000, 2)
)


def article_text(rng, vocabulary, paragraphs=6, words_per_paragraph=100):
    """(title, summary, body HTML) of a synthetic article of about 600 words."""
    title = " ".join(vocabulary.title(rng, rng.randint(5, 9))).capitalize()
    blocks = [" ".join(vocabulary.text(rng, words_per_paragraph)) for _ in range(paragraphs)]
    summary = " ".join(blocks[0].split()[:30]).capitalize() + "."
    body = "".join(f"<p>{block.capitalize()}.</p>" for block in blocks)
    return title, summary, body
