"""Words and names the generator draws from.

Shared objects get their canonical ``key`` from the loaders' own normaliser (``loaders/normalize.py``), so
synthetic truth and loaded data cannot drift apart. The generator writes only variants that normaliser
folds together (case, whitespace, utm_*/fbclid parameters, fragments, trailing slashes, host case).
"""

from __future__ import annotations

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


def sentences(rng: np.random.Generator, n: int, low: int = 6, high: int = 14) -> list[str]:
    """``n`` random sentences of ``low``..``high`` words (practically never two alike)."""
    lengths = rng.integers(low, high + 1, size=n)
    idx = rng.integers(0, len(WORDS), size=(n, high))
    words = WORDS[idx]
    return [" ".join(row[:k]) for row, k in zip(words.tolist(), lengths.tolist(), strict=True)]
