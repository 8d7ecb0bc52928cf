"""A small synthetic world with planted coordination and decoys, for detection quality tests.

Planted: groups of accounts with identical like / retweet sets, and per share kind groups that share
the same objects within seconds. Decoys: a Zipf-popular background (popular objects shared by many
accounts over a month) and "slow coincidence" pairs that share the same objects hours apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

T0 = 1_700_000_000
MONTH = 30 * 24 * 3600
KINDS = ("link", "domain", "message", "image_text", "hashtag", "image_hash", "retweet")


@dataclass
class World:
    likes: list[tuple[str, str]] = field(default_factory=list)
    retweets: list[tuple[str, str]] = field(default_factory=list)
    shares: list[tuple[str, str, str, int]] = field(default_factory=list)
    planted_bins: dict[str, list[frozenset[str]]] = field(default_factory=dict)
    planted_sharers: dict[str, list[frozenset[str]]] = field(default_factory=dict)
    slow_decoys: dict[str, set[str]] = field(default_factory=dict)
    background: set[str] = field(default_factory=set)


def make_world(seed: int = 7, n_background: int = 300, n_posts: int = 400, n_objects: int = 500) -> World:
    rng = np.random.default_rng(seed)
    world = World()
    background = [f"twitter:bg{i}" for i in range(n_background)]
    world.background = set(background)
    posts = [f"twitter:p{i}" for i in range(n_posts)]
    popularity = 1 / np.arange(1, n_posts + 1) ** 1.1
    popularity /= popularity.sum()

    for relation, edges in (("likes", world.likes), ("retweets", world.retweets)):
        for account in background:
            for p in set(rng.choice(n_posts, size=int(rng.integers(1, 15)), p=popularity).tolist()):
                edges.append((account, posts[p]))
        world.planted_bins[relation] = []
        for g in range(5):
            members = frozenset(f"twitter:{relation}-bin{g}-{i}" for i in range(int(rng.integers(3, 9))))
            items = set(rng.choice(n_posts, size=int(rng.integers(5, 12)), p=popularity).tolist())
            edges.extend((m, posts[p]) for m in members for p in items)
            world.planted_bins[relation].append(members)

    obj_popularity = 1 / np.arange(1, n_objects + 1) ** 1.1
    obj_popularity /= obj_popularity.sum()
    for kind in KINDS:
        for account in background:
            for o in rng.choice(n_objects, size=int(rng.integers(2, 20)), p=obj_popularity).tolist():
                world.shares.append((account, kind, f"{kind}-o{o}", T0 + int(rng.integers(0, MONTH))))
        world.planted_sharers[kind] = []
        for g in range(4):
            coordinated = [f"twitter:{kind}-coord{g}-{i}" for i in range(int(rng.integers(4, 9)))]
            # Every group co-shares 8 distinct objects, half of them popular ones the background also shares.
            popular = rng.choice(20, size=4, replace=False).tolist()
            for o in range(8):
                start = T0 + int(rng.integers(0, MONTH))
                key = f"{kind}-planted{g}-{o}" if o % 2 else f"{kind}-o{popular[o // 2]}"
                for m in coordinated:
                    world.shares.append((m, kind, key, start + int(rng.integers(0, 30))))
            world.planted_sharers[kind].append(frozenset(coordinated))
        # Slow coincidences: the same 6 objects, hours apart.
        slow = [f"twitter:{kind}-slow{i}" for i in range(6)]
        for o in range(6):
            start = T0 + int(rng.integers(0, MONTH))
            for i, m in enumerate(slow):
                world.shares.append((m, kind, f"{kind}-slowobj{o}", start + i * 3 * 3600))
        world.slow_decoys[kind] = set(slow)
    return world
