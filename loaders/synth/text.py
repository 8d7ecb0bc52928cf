"""Words, names and the reference normalisation used for the canonical ``key`` of shared objects.

The generator writes only variants that any reasonable normaliser folds together (case, whitespace,
utm_*/fbclid parameters, fragments, trailing slashes, host case), so loaders that normalise by the
rules of the model agree with the keys written here.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np

_WORDS = (
    "valg stemme regering folketing minister skat klima energi pris inflation sundhed skole børn "
    "ældre politi grænse udlændinge arbejde løn pension bolig husleje landbrug grøn omstilling vind "
    "strøm gas krig ukraine nato forsvar sikkerhed debat partiet løfte lovforslag borger kommune "
    "region hospital ventetid læge sygeplejerske velfærd frihed ansvar fremtid danmark europa verden "
    "nyheder fakta sandhed løgn medier journalist kampagne plakat tale vælger måling flertal "
    "opposition statsminister the vote election people government news truth lies share agree future "
    "freedom country"
)
WORDS = np.array(_WORDS.split())
_FIRST = "Anna Bo Emil Ida Jens Lars Mette Noah Sofie Karl Lea Mads Freja Oskar Ella Viggo"
FIRST = np.array(_FIRST.split())
LAST = np.array(list("HJNLBDKMPSTV"))
SOURCES = np.array(["Twitter for iPhone", "Twitter for Android", "Twitter Web App", "TweetDeck"])
LANGS = np.array(["da", "da", "da", "da", "da", "da", "da", "en", "en", "und"])
CATEGORIES = np.array(
    [
        "NEWS_SITE",
        "POLITICIAN",
        "POLITICAL_ORGANIZATION",
        "COMMUNITY",
        "MEDIA_NEWS_COMPANY",
        "PERSONAL_BLOG",
        "CAUSE",
        "LOCAL_BUSINESS",
    ]
)
_DOMAIN_WORDS = "nyt avis folk info dk24 borger debat fakta frie sande dagens nord syd vest ost"
DOMAIN_WORDS = np.array(_DOMAIN_WORDS.split())

_URL = re.compile(r"https?://\S+|www\.\S+")
_MENTION = re.compile(r"@\w+")
_PUNCT = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")
_TRACKING = re.compile(r"^(utm_.*|fbclid|gclid)$", re.IGNORECASE)


def sentences(rng: np.random.Generator, n: int, low: int = 6, high: int = 14) -> list[str]:
    """``n`` random sentences of ``low``..``high`` words (practically never two alike)."""
    lengths = rng.integers(low, high + 1, size=n)
    idx = rng.integers(0, len(WORDS), size=(n, high))
    words = WORDS[idx]
    return [" ".join(row[:k]) for row, k in zip(words.tolist(), lengths.tolist(), strict=True)]


def normalise_text(text: str) -> str:
    """NFKC, case-folded, without URLs, mentions and punctuation, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _MENTION.sub(" ", _URL.sub(" ", text))
    return _SPACE.sub(" ", _PUNCT.sub(" ", text)).strip()


def text_key(text: str) -> str:
    """The canonical key of a message or image text: SHA-256 (hex) of its normalised form."""
    return hashlib.sha256(normalise_text(text).encode()).hexdigest()


def normalise_link(url: str) -> str:
    """Scheme and host lower-cased, tracking parameters and fragment dropped, no trailing slash."""
    parts = urlsplit(url.strip())
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    )
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))


def link_domain(url: str) -> str:
    """The lower-cased host of a URL."""
    return urlsplit(url.strip()).netloc.lower()
