"""The reader's query, parsed once for both backends.

Syntax (as on web search engines, and as PostgreSQL's websearch_to_tsquery reads it):
words are all required, "quoted words" form a phrase, -word or -"a phrase" excludes, and
`or` between two terms accepts either. Anything else (operators, brackets, SQL) is
treated as punctuation: only runs of letters and digits ever reach the database as terms.
"""

import re
import unicodedata
from dataclasses import dataclass, field

TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
WORD = re.compile(r"\w+", re.UNICODE)
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Common Russian inflectional endings, longest first (a crude stem for SQLite, which has
# no Russian stemmer: "выборах" -> "выбор", then matched as the prefix "выбор*").
RUSSIAN_ENDINGS = sorted(
    """ами ями ого его ому ему ыми ими ах ях ам ям ов ев ей ой ый ий ая яя ое ее ые ие ую юю
    ом ем ым им их ых а я о е ы и у ю ь""".split(),
    key=len,
    reverse=True,
)


@dataclass
class Term:
    words: list
    phrase: bool = False
    negated: bool = False


@dataclass
class ParsedQuery:
    text: str
    groups: list = field(default_factory=list)  # AND of groups; each group is an OR of terms
    excluded: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not self.groups

    @property
    def words(self):
        return [w for group in self.groups for term in group for w in term.words]


def normalise(text):
    """Lower case without accents: "Jean-François" -> "jean-francois"."""
    lowered = text.lower()
    if lowered.isascii():  # nothing to decompose (most titles: search compares 200 a query)
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ё", "е")


def parse(text):
    text = re.sub(r"[\x00-\x1f\x7f]", " ", text or "").strip()
    parsed = ParsedQuery(text=text)
    pending_or = False
    for match in TOKEN.finditer(text):
        minus, quoted, bare = match.groups()
        if bare is not None:
            if bare.lower() == "or" and parsed.groups:
                pending_or = True
                continue
            minus = "-" if bare.startswith("-") else ""
            words = WORD.findall(bare)
            term = Term(words=words, phrase=len(words) > 1, negated=bool(minus))
        else:
            words = WORD.findall(quoted)
            term = Term(words=words, phrase=True, negated=bool(minus))
        if not term.words:
            continue
        if term.negated:
            parsed.excluded.append(term)
        elif pending_or:
            parsed.groups[-1].append(term)
        else:
            parsed.groups.append([term])
        pending_or = False
    return parsed


def russian_stem(word):
    for ending in RUSSIAN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def _fts_string(word):
    return '"' + word.replace('"', '""') + '"'


def _fts_term(term):
    words = [w.lower() for w in term.words]
    if term.phrase:
        return _fts_string(" ".join(words))
    word = words[0]
    if CYRILLIC.search(word):
        return _fts_string(russian_stem(word)) + "*"
    return _fts_string(word)


def fts5_match(parsed):
    """An FTS5 MATCH expression; every term is a quoted string, so no operator can be injected."""
    groups = []
    for group in parsed.groups:
        alternatives = [_fts_term(term) for term in group]
        groups.append(
            alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")"
        )
    expression = " AND ".join(groups)
    if parsed.excluded:
        expression = f"({expression}) NOT ({' OR '.join(_fts_term(t) for t in parsed.excluded)})"
    return expression


def websearch_text(parsed):
    """The query re-written for websearch_to_tsquery from the parsed terms only."""
    parts = []
    for group in parsed.groups:
        rendered = [_web_term(term) for term in group]
        parts.append(" or ".join(rendered))
    parts += [_web_term(term) for term in parsed.excluded]
    return " ".join(parts)


def _web_term(term):
    body = " ".join(term.words)
    body = f'"{body}"' if term.phrase else body
    return ("-" if term.negated else "") + body
