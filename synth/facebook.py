"""The Facebook half of the world: pages and their posts (CrowdTangle-like), with planted co-sharing
groups per share kind and decoys (popular objects shared by many over days; slow coincidences where a
few unrelated pages share the same object hours apart; bursts where a handful of busy, unrelated pages
share the same trending object within a minute or two, once: the chance co-shares that make up most
of a real co-sharing network's edges).

A post carries at most one link, one hashtag (at the end of its message) and one image hash, so the
share rows derived from it are unambiguous: Link -> ``link`` and ``domain``; Message -> ``message``;
``#tag`` in Message -> ``hashtag``; Image Text -> ``image_text``; the image hash -> ``image_hash``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from graphcli.synth.profiles import Profile
from graphcli.synth.text import CATEGORIES, DOMAIN_WORDS, WORDS, sentences
from graphcli.synth.twitter import Schedule

FB_KINDS = ("link", "domain", "message", "image_text", "hashtag", "image_hash")
TYPE_LINK, TYPE_PHOTO, TYPE_STATUS = "Link", "Photo", "Status"


@dataclass
class Facebook:
    page_id: np.ndarray
    handle: np.ndarray
    page_name: np.ndarray
    category: np.ndarray
    page_created: np.ndarray
    page_followers: np.ndarray
    page_planted: np.ndarray
    post_id: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    post_page: np.ndarray = field(default_factory=lambda: np.empty(0, np.int32))
    post_at: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    post_type: np.ndarray = field(default_factory=lambda: np.empty(0, object))
    link: np.ndarray = field(default_factory=lambda: np.empty(0, object))
    message: np.ndarray = field(default_factory=lambda: np.empty(0, object))
    image_text: np.ndarray = field(default_factory=lambda: np.empty(0, object))
    phash: np.ndarray = field(default_factory=lambda: np.empty(0, object))
    planted: list[dict[str, Any]] = field(default_factory=list)
    decoys: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Posts:
    """Posts under construction: parallel lists, concatenated once at the end."""

    page: list[np.ndarray] = field(default_factory=list)
    at: list[np.ndarray] = field(default_factory=list)
    kind: list[np.ndarray] = field(default_factory=list)
    link: list[np.ndarray] = field(default_factory=list)
    message: list[np.ndarray] = field(default_factory=list)
    image_text: list[np.ndarray] = field(default_factory=list)
    phash: list[np.ndarray] = field(default_factory=list)

    def add(
        self,
        page: np.ndarray,
        at: np.ndarray,
        kind: str | np.ndarray,
        link: Any = "",
        message: Any = "",
        image_text: Any = "",
        phash: Any = "",
    ) -> None:
        n = len(page)
        self.page.append(page.astype(np.int32))
        self.at.append(at.astype(np.int64))
        for name, value in (
            ("kind", kind),
            ("link", link),
            ("message", message),
            ("image_text", image_text),
            ("phash", phash),
        ):
            arr = (
                np.array(value, dtype=object)
                if not isinstance(value, str)
                else np.full(n, value, dtype=object)
            )
            getattr(self, name).append(arr)


def _hexes(rng: np.random.Generator, n: int) -> list[str]:
    return [f"{x:016x}" for x in rng.integers(0, 1 << 62, n).tolist()]


def _domains(rng: np.random.Generator, n: int, tld: str) -> list[str]:
    a = DOMAIN_WORDS[rng.integers(0, len(DOMAIN_WORDS), n)]
    b = DOMAIN_WORDS[rng.integers(0, len(DOMAIN_WORDS), n)]
    return [f"{x}{y}{i}.{tld}" for i, (x, y) in enumerate(zip(a, b, strict=True))]


def _link_variants(rng: np.random.Generator, url: str, n: int) -> list[str]:
    """``n`` spellings of one link that normalise to the same key (tracking parameters, host case...)."""
    scheme, rest = url.split("://", 1)
    host, path = rest.split("/", 1)
    forms = [
        url,
        f"{url}?utm_source=facebook&utm_medium=social",
        f"{url}/",
        f"{scheme}://{host.upper()}/{path}",
        f"{url}?fbclid=IwAR{rng.integers(10**9, 10**10)}",
        f"{url}#top",
    ]
    return [forms[i] for i in rng.integers(0, len(forms), n)]


def _text_variants(rng: np.random.Generator, text: str, n: int) -> list[str]:
    """``n`` spellings of one text that normalise alike (case, spacing)."""
    forms = [text, text.upper(), text.capitalize(), text.replace(" ", "  "), f" {text} "]
    return [forms[i] for i in rng.integers(0, len(forms), n)]


def build_facebook(p: Profile, rng: np.random.Generator, sched: Schedule) -> Facebook:
    """Pages, background posts, planted co-sharing groups for every Facebook share kind, and decoys."""
    n_planted = sum(m for m, _, _ in p.share_groups) * len(FB_KINDS)
    n_pages = p.pages
    n_bg = n_pages - n_planted
    planted = np.zeros(n_pages, bool)
    planted[n_bg:] = True
    # Facebook user names are ASCII; page names keep the Danish letters
    ascii_words = [w.replace("æ", "ae").replace("ø", "oe").replace("å", "aa").capitalize() for w in WORDS]
    handles = np.array([f"{ascii_words[i % len(WORDS)]}Side{i}" for i in range(n_pages)], dtype=object)
    fb = Facebook(
        page_id=100_000_000_000_000 + np.arange(n_pages, dtype=np.int64) * 911,
        handle=handles,
        page_name=np.array(
            [f"{str(WORDS[i % len(WORDS)]).capitalize()} Side {i}" for i in range(n_pages)], dtype=object
        ),
        category=CATEGORIES[rng.integers(0, len(CATEGORIES), n_pages)],
        page_created=rng.integers(1_230_000_000, 1_660_000_000, n_pages).astype(np.int64),
        page_followers=np.round(rng.lognormal(7, 1.8, n_pages)).astype(np.int64),
        page_planted=planted,
    )
    fb.page_created[planted] = rng.integers(1_650_000_000, 1_664_000_000, int(planted.sum()))
    posts = _Posts()
    span = (sched.start, sched.end)
    page_w = rng.lognormal(0, 1.0, n_bg)
    page_w /= page_w.sum()

    # Decoys first (their sizes are fixed), then background fills up to the profile's post count.
    _decoys(p, rng, fb, posts, n_bg, span)
    _bursts(rng, fb, posts, page_w, span)
    _planted_groups(p, rng, fb, posts, n_bg, span)
    n_back = p.fb_posts - sum(len(x) for x in posts.page)
    page = rng.choice(n_bg, n_back, p=page_w)
    at = rng.integers(span[0], span[1], n_back)
    kind = np.array([TYPE_LINK, TYPE_PHOTO, TYPE_STATUS], dtype=object)[
        rng.choice(3, n_back, p=[0.5, 0.3, 0.2])
    ]
    is_link, is_photo = kind == TYPE_LINK, kind == TYPE_PHOTO
    domains = np.array(_domains(rng, 300, "dk"), dtype=object)
    dom = domains[rng.choice(300, n_back, p=_zipf(300))]
    slug = rng.integers(0, max(10, int(n_back * 0.8)), n_back)
    link = np.where(
        is_link,
        np.array([f"https://{d}/artikel/{s}" for d, s in zip(dom, slug, strict=True)], dtype=object),
        "",
    )
    tags = np.array([f"{WORDS[i % len(WORDS)]}{i}" for i in range(2_000)], dtype=object)
    tag = tags[rng.choice(2_000, n_back, p=_zipf(2_000))]
    with_tag = rng.random(n_back) < 0.35
    message = np.array(sentences(rng, n_back), dtype=object)
    message[with_tag] = message[with_tag] + " #" + tag[with_tag]
    message[is_photo & (rng.random(n_back) < 0.1)] = ""
    image_text = np.where(
        is_photo & (rng.random(n_back) < 0.5), np.array(sentences(rng, n_back, 2, 6), object), ""
    )
    phash = np.where(is_photo, np.array(_hexes(rng, n_back), dtype=object), "")
    posts.add(page, at, kind, link, message, image_text, phash)
    # Planted after the background, so the background is the same with or without them.
    _multimodal_groups(p, rng, fb, posts, page_w, span)
    _trace_groups(p, rng, fb, posts, page_w, span)
    _persistence_groups(p, rng, fb, posts, page_w, span)

    fb.post_page = np.concatenate(posts.page)
    fb.post_at = np.concatenate(posts.at)
    order = np.lexsort((fb.post_page, fb.post_at))
    fb.post_page, fb.post_at = fb.post_page[order], fb.post_at[order]
    for name in ("post_type", "link", "message", "image_text", "phash"):
        src = "kind" if name == "post_type" else name
        setattr(fb, name, np.concatenate(getattr(posts, src))[order])
    fb.post_id = 5_000_000_000_000_000 + np.arange(len(order), dtype=np.int64) * 13
    # planted/decoy records refer to post positions before sorting; map them to ids now
    rank = np.empty(len(order), np.int64)
    rank[order] = np.arange(len(order))
    for rec in fb.planted + fb.decoys:
        for obj in rec["objects"]:
            obj["posts"] = fb.post_id[rank[obj.pop("rows")]]
    return fb


def _zipf(n: int) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** 1.0
    return w / w.sum()


def _content(
    rng: np.random.Generator, kind: str, value: str, n: int, tag_case: bool = True
) -> dict[str, Any]:
    """Post fields for ``n`` posts that all carry object ``value`` of ``kind`` (other fields distinct)."""
    msgs = sentences(rng, n)
    if kind in ("link", "domain"):
        links = (
            _link_variants(rng, value, n)
            if kind == "link"
            else [f"https://{value}/nyhed/{x}" for x in rng.integers(10**6, 10**7, n)]
        )
        return {"kind": TYPE_LINK, "link": links, "message": msgs}
    if kind == "message":
        return {"kind": TYPE_STATUS, "message": _text_variants(rng, value, n)}
    if kind == "image_text":
        return {
            "kind": TYPE_PHOTO,
            "message": msgs,
            "image_text": _text_variants(rng, value, n),
            "phash": _hexes(rng, n),
        }
    if kind == "hashtag":
        spell = [value, value.lower(), value.upper()] if tag_case else [value]
        return {"kind": TYPE_STATUS, "message": [f"{m} #{spell[i % len(spell)]}" for i, m in enumerate(msgs)]}
    return {"kind": TYPE_PHOTO, "message": msgs, "phash": [value] * n}  # image_hash


def _object_value(rng: np.random.Generator, kind: str, label: str) -> str:
    if kind == "link":
        return f"https://{_domains(rng, 1, 'dk')[0]}/{label}/{rng.integers(10**5, 10**6)}"
    if kind == "domain":
        return _domains(rng, 1, "net")[0].replace(".net", f"-{label}.net")
    if kind in ("message", "image_text"):
        return sentences(rng, 1, 8, 12)[0]
    if kind == "hashtag":
        return f"{str(WORDS[rng.integers(len(WORDS))]).capitalize()}{label.replace('-', '')}"
    return _hexes(rng, 1)[0]


def _planted_groups(
    p: Profile, rng: np.random.Generator, fb: Facebook, posts: _Posts, first_page: int, span: tuple[int, int]
) -> None:
    start = sum(len(x) for x in posts.page)
    page = first_page
    for kind in FB_KINDS:
        for gi, (m, k, window) in enumerate(p.share_groups):
            members = np.arange(page, page + m)
            page += m
            objects = []
            for oi in range(k):
                value = _object_value(rng, kind, f"g{gi + 1}o{oi + 1}")
                base = int(rng.integers(span[0], span[1] - window))
                at = base + rng.integers(0, window + 1, m)
                posts.add(members, at, **_content(rng, kind, value, m))
                objects.append(
                    {"value": value, "base_time": base, "rows": np.arange(start, start + m), "times": at}
                )
                start += m
            fb.planted.append(
                {
                    "id": f"share-{kind}-{gi + 1}",
                    "kind": "share",
                    "share_kind": kind,
                    "members": members,
                    "objects": objects,
                    "parameters": {"members": m, "objects": k, "window_s": window},
                }
            )


MULTIMODAL_WINDOW_S = 30
MULTIMODAL_KINDS = ("link", "domain", "message", "hashtag", "image_text", "image_hash")


def _multimodal_groups(
    p: Profile,
    rng: np.random.Generator,
    fb: Facebook,
    posts: _Posts,
    page_w: np.ndarray,
    span: tuple[int, int],
) -> None:
    """Groups of background pages of middling activity that, on each occasion, post the same link with the
    same message and hashtag, and the same picture (image hash and image text) within
    :data:`MULTIMODAL_WINDOW_S` seconds: one object per kind and occasion, too little on any one kind to
    stand out from chance, but on six kinds at once."""
    if not p.multimodal_groups:
        return
    start = sum(len(x) for x in posts.page)
    low, high = np.quantile(page_w, [0.3, 0.7])
    middling = np.flatnonzero((page_w >= low) & (page_w <= high))
    chosen = rng.choice(middling, sum(m for m, _ in p.multimodal_groups), replace=False)
    taken = 0
    for gi, (m, occasions) in enumerate(p.multimodal_groups):
        members = np.sort(chosen[taken : taken + m])
        taken += m
        objects = []
        for oi in range(occasions):
            label = f"mm{gi + 1}o{oi + 1}"
            link = _object_value(rng, "link", label)
            tag = _object_value(rng, "hashtag", label)
            message = f"{sentences(rng, 1, 8, 12)[0]} #{tag}"
            base = int(rng.integers(span[0], span[1] - MULTIMODAL_WINDOW_S))
            at = base + rng.integers(0, MULTIMODAL_WINDOW_S + 1, m)
            posts.add(members, at, TYPE_LINK, link=_link_variants(rng, link, m), message=[message] * m)
            objects.append(
                {"value": link, "base_time": base, "rows": np.arange(start, start + m), "times": at}
            )
            start += m
            picture, image_text = _hexes(rng, 1)[0], sentences(rng, 1, 8, 12)[0]
            base = int(rng.integers(span[0], span[1] - MULTIMODAL_WINDOW_S))
            at = base + rng.integers(0, MULTIMODAL_WINDOW_S + 1, m)
            posts.add(
                members,
                at,
                TYPE_PHOTO,
                message=sentences(rng, m),
                image_text=[image_text] * m,
                phash=[picture] * m,
            )
            objects.append(
                {"value": picture, "base_time": base, "rows": np.arange(start, start + m), "times": at}
            )
            start += m
        fb.planted.append(
            {
                "id": f"multimodal-{gi + 1}",
                "kind": "multimodal",
                "share_kinds": list(MULTIMODAL_KINDS),
                "members": members,
                "objects": objects,
                "parameters": {"members": m, "occasions": occasions, "window_s": MULTIMODAL_WINDOW_S},
            }
        )


TRACE_KINDS = ("hashtag", "domain")


def _trace_groups(
    p: Profile,
    rng: np.random.Generator,
    fb: Facebook,
    posts: _Posts,
    page_w: np.ndarray,
    span: tuple[int, int],
) -> None:
    """Groups of background pages of middling activity whose posts carry the same rare hashtags and
    domains: per token one Link post per member to a page of that domain with the hashtag at the end of
    its message, each at its own random time (so no two are within minutes: similarity of behaviour,
    not synchronised sharing). Pages are drawn after the multimodal groups' and never reuse them."""
    if not p.trace_groups:
        return
    start = sum(len(x) for x in posts.page)
    low, high = np.quantile(page_w, [0.3, 0.7])
    taken_before = {int(x) for g in fb.planted if g["kind"] == "multimodal" for x in g["members"]}
    middling = np.array(
        [i for i in np.flatnonzero((page_w >= low) & (page_w <= high)) if i not in taken_before]
    )
    chosen = rng.choice(middling, sum(m for m, _ in p.trace_groups), replace=False)
    taken = 0
    for gi, (m, tokens) in enumerate(p.trace_groups):
        members = np.sort(chosen[taken : taken + m])
        taken += m
        objects = []
        for ti in range(tokens):
            label = f"tr{gi + 1}t{ti + 1}"
            domain, tag = _object_value(rng, "domain", label), _object_value(rng, "hashtag", label)
            at = rng.integers(span[0], span[1], m)
            links = [f"https://{domain}/nyhed/{x}" for x in rng.integers(10**6, 10**7, m)]
            messages = [f"{text} #{tag}" for text in sentences(rng, m)]
            posts.add(members, at, TYPE_LINK, link=links, message=messages)
            objects.append({"value": tag, "domain": domain, "rows": np.arange(start, start + m), "times": at})
            start += m
        fb.planted.append(
            {
                "id": f"traces-{gi + 1}",
                "kind": "traces",
                "share_kinds": list(TRACE_KINDS),
                "members": members,
                "objects": objects,
                "parameters": {"members": m, "tokens": tokens},
            }
        )


PERSISTENCE_KIND = "message"
PERSISTENCE_WINDOW_S = 30
PERSISTENCE_OBJECTS = 3  # messages a group co-shares on each day it is active
DAY_S = 86_400


def _persistence_plan(days: int) -> list[tuple[str, str, list[tuple[int, int, int]]]]:
    """The groups of one persistence set for a world of ``days`` days: (name, expected status or
    ``none``, [(day, first member, members)]) with members numbered within the set. Groups that need
    more days than the world has are left out."""
    grow = [(d, 6, 5 + 3 * d) for d in range(days)]  # 5 pages, then 3 more each day
    plan = [("persists", "persists", [(d, 0, 6) for d in range(days)]), ("grows", "grows", grow)]
    base = 6 + 5 + 3 * (days - 1)
    if days >= 4:  # 7 pages on days 1-2, away on day 3, back on day 4 with 4 of them and 4 new ones
        plan.append(("reappears", "reappears", [(0, base, 7), (1, base, 7), (3, base + 3, 8)]))
    base += 11
    if days >= 2:  # coordinated on one day only
        plan.append(("one-day", "none", [(1, base, 6)]))
    base += 6
    if days >= 3:  # two unrelated groups on days 1 and 3 that share one page (Jaccard 1/9)
        plan.append(("lookalike", "none", [(0, base, 5), (2, base + 4, 5)]))
    return plan


def _persistence_groups(
    p: Profile,
    rng: np.random.Generator,
    fb: Facebook,
    posts: _Posts,
    page_w: np.ndarray,
    span: tuple[int, int],
) -> None:
    """Groups of background pages of middling activity that co-share :data:`PERSISTENCE_OBJECTS`
    messages within :data:`PERSISTENCE_WINDOW_S` seconds on some days (UTC) and not on others: one
    the same every day, one gaining pages each day, one gone for a day and back with new pages, and the
    decoys of :func:`_persistence_plan`. Pages are drawn after the multimodal and trace groups' and
    never reuse them."""
    if not p.persistence_sets:
        return
    days = (span[1] - span[0]) // DAY_S
    plan = _persistence_plan(days)
    per_set = max(first + m for _, _, steps in plan for _, first, m in steps)
    start = sum(len(x) for x in posts.page)
    low, high = np.quantile(page_w, [0.3, 0.7])
    taken_before = {int(x) for g in fb.planted if g["kind"] in ("multimodal", "traces") for x in g["members"]}
    middling = np.array(
        [i for i in np.flatnonzero((page_w >= low) & (page_w <= high)) if i not in taken_before]
    )
    pool = rng.permutation(middling).tolist()
    # No two pages of one group took part in the same decoy (a burst, say): such a pair would have
    # coordinated on messages and met once by chance on another kind, which the multimodal detector
    # (one chance co-share of a second kind beside a dozen messages passes its combined test) flags
    # as coordinating on several kinds; the truth of that pair would be ambiguous.
    decoys_of: dict[int, set[int]] = {}
    for di, decoy in enumerate(fb.decoys):
        for x in decoy["members"]:
            decoys_of.setdefault(int(x), set()).add(di)
    ranges = sorted({(min(f for _, f, _ in steps), max(f + m for _, f, m in steps)) for _, _, steps in plan})
    for si in range(p.persistence_sets):
        pages = np.zeros(per_set, dtype=np.int64)
        for lo, hi in ranges:
            met: set[int] = set()
            for position in range(lo, hi):
                page = next(x for x in pool if not decoys_of.get(x, set()) & met)
                pool.remove(page)
                met |= decoys_of.get(page, set())
                pages[position] = page
        for name, expect, steps in plan:
            members: list[int] = []
            objects = []
            active = []
            for day, first, m in steps:
                today = pages[first : first + m]
                members += [int(x) for x in today if int(x) not in members]
                active.append({"day": day, "members": fb.page_id[today].astype(str).tolist()})
                for oi in range(PERSISTENCE_OBJECTS):
                    value = _object_value(rng, PERSISTENCE_KIND, f"{name}{si + 1}d{day + 1}o{oi + 1}")
                    day_start = span[0] + day * DAY_S
                    base = int(rng.integers(day_start, day_start + DAY_S - PERSISTENCE_WINDOW_S))
                    at = base + rng.integers(0, PERSISTENCE_WINDOW_S + 1, m)
                    posts.add(today, at, **_content(rng, PERSISTENCE_KIND, value, m))
                    objects.append(
                        {"value": value, "base_time": base, "rows": np.arange(start, start + m), "times": at}
                    )
                    start += m
            first_day = set(active[0]["members"])
            fb.planted.append(
                {
                    "id": f"persistence-{name}-{si + 1}",
                    "kind": "persistence",
                    "share_kind": PERSISTENCE_KIND,
                    "members": np.array(members),
                    "objects": objects,
                    "parameters": {
                        "expect": expect,
                        "days": active,
                        "joined_later": sorted({x for a in active[1:] for x in a["members"]} - first_day)
                        if expect != "none"
                        else [],
                        "objects_per_day": PERSISTENCE_OBJECTS,
                        "window_s": PERSISTENCE_WINDOW_S,
                    },
                }
            )


def _decoys(
    p: Profile, rng: np.random.Generator, fb: Facebook, posts: _Posts, n_bg: int, span: tuple[int, int]
) -> None:
    start = 0
    n_popular = max(10, n_bg // 20)
    for kind in FB_KINDS:
        value = _object_value(rng, kind, "popular")
        pages = rng.choice(n_bg, n_popular, replace=False)
        at = rng.integers(span[0], span[1], n_popular)
        start = _add_decoy(rng, fb, posts, start, f"popular-{kind}", "popular", kind, value, pages, at)
        for si in range(p.slow_decoys):
            value = _object_value(rng, kind, f"slow{si + 1}")
            pages = rng.choice(n_bg, 3, replace=False)
            base = int(rng.integers(span[0], span[1] - 20 * 3600))
            at = np.array(
                [base, base + rng.integers(2 * 3600, 6 * 3600), base + rng.integers(8 * 3600, 14 * 3600)]
            )
            start = _add_decoy(
                rng, fb, posts, start, f"slow-{kind}-{si + 1}", "slow", kind, value, pages, at, tag_case=False
            )


BURST_SPREAD_S = 90  # a burst's shares fall within this many seconds of its first one


def _bursts(
    rng: np.random.Generator, fb: Facebook, posts: _Posts, page_w: np.ndarray, span: tuple[int, int]
) -> None:
    """Per kind, trending objects each shared once by 3-8 background pages picked at random
    within :data:`BURST_SPREAD_S` seconds."""
    start = sum(len(x) for x in posts.page)
    n_bursts = max(40, len(page_w) // 10)
    for kind in FB_KINDS:
        for bi in range(n_bursts):
            value = _object_value(rng, kind, f"burst{bi + 1}")
            k = int(rng.integers(3, 9))
            pages = rng.choice(len(page_w), k, replace=False)
            base = int(rng.integers(span[0], span[1] - BURST_SPREAD_S))
            at = base + np.sort(rng.integers(0, BURST_SPREAD_S + 1, k))
            start = _add_decoy(
                rng,
                fb,
                posts,
                start,
                f"burst-{kind}-{bi + 1}",
                "burst",
                kind,
                value,
                pages,
                at,
                tag_case=False,
            )


def _add_decoy(
    rng: np.random.Generator,
    fb: Facebook,
    posts: _Posts,
    start: int,
    decoy_id: str,
    decoy_kind: str,
    kind: str,
    value: str,
    pages: np.ndarray,
    at: np.ndarray,
    tag_case: bool = True,
) -> int:
    """Add one post per page carrying ``value`` at times ``at``, record the decoy, and return the row
    index after its posts."""
    posts.add(pages, at, **_content(rng, kind, value, len(pages), tag_case=tag_case))
    fb.decoys.append(
        {
            "id": decoy_id,
            "kind": decoy_kind,
            "share_kind": kind,
            "members": pages,
            "objects": [{"value": value, "rows": np.arange(start, start + len(pages)), "times": at}],
        }
    )
    return start + len(pages)
