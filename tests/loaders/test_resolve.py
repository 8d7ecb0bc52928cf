"""The screen-name resolver: name-only references go to the known id, placeholders fold once."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from graphcli.loaders.batch import BatchParams, build_params
from graphcli.loaders.bulk import BulkWriter, resolve
from graphcli.loaders.resolve import NameResolver
from graphcli.model.records import Account, Engagement, Record


def like(name: str | None = None, account_id: str | None = None) -> Engagement:
    return Engagement("twitter", "like", "9", account_id=account_id, screen_name=name)


def test_a_name_with_a_known_id_needs_no_placeholder() -> None:
    resolver = NameResolver.seeded(
        [{"platform": "twitter", "screen_name_lower": "ann", "uid": "twitter:1", "has_id": True}]
    )
    params = build_params([like("ANN")], resolver)
    assert [a["uid"] for a in params["accounts"]] == ["twitter:1"]
    assert params["accounts"][0]["props"] == {"platform": "twitter"}  # the name-only case says nothing
    assert params["liked"][0]["account_uid"] == "twitter:1" and params["handles"] == []


def test_a_placeholder_folds_once_when_its_name_gets_an_id() -> None:
    resolver = NameResolver()
    first = build_params([like("Ann")], resolver)
    assert first["liked"][0]["account_uid"] == "twitter:@ann" and first["handles"] == []
    second = build_params([Account("twitter", "1", screen_name="ann"), like("ann")], resolver)
    assert second["liked"][0]["account_uid"] == "twitter:1"
    assert second["handles"] == [
        {"placeholder_uid": "twitter:@ann", "platform": "twitter", "screen_name_lower": "ann"}
    ]
    third = build_params([Account("twitter", "1", screen_name="Ann"), like("ANN")], resolver)
    assert third["handles"] == [] and third["liked"][0]["account_uid"] == "twitter:1"


def test_the_lowest_uid_wins_among_current_wearers_of_a_name() -> None:
    resolver = NameResolver()
    build_params(
        [Account("twitter", "5", screen_name="ann"), Account("twitter", "3", screen_name="Ann")], resolver
    )
    assert resolver.target("twitter", "ann") == "twitter:3"
    build_params([Account("twitter", "3", screen_name="ann2")], resolver)  # 3 changed its name
    assert resolver.target("twitter", "ann") == "twitter:5"
    assert resolver.target("twitter", "ann2") == "twitter:3"
    assert resolver.target("facebook", "ann") is None


def test_name_only_likes_follow_their_name_to_a_lower_uid_arriving_later() -> None:
    resolver = NameResolver()
    first = build_params([Account("twitter", "9", screen_name="ann"), like("Ann"), like(None, "9")], resolver)
    assert [(e["account_uid"], e.get("via_name")) for e in first["liked"]] == [("twitter:9", None)]
    named = build_params([like("ANN")], resolver)  # by name only: it keeps the name it came through
    assert [(e["account_uid"], e["via_name"]) for e in named["liked"]] == [("twitter:9", "ann")]
    assert named["retargets"] == []
    lower = build_params(
        [Account("twitter", "10", screen_name="ann")], resolver
    )  # "twitter:10" < "twitter:9"
    assert lower["retargets"] == [{"name": "ann", "from_uid": "twitter:9", "to_uid": "twitter:10"}]
    assert build_params([Account("twitter", "11", screen_name="ann")], resolver)["retargets"] == []
    renamed = build_params([Account("twitter", "10", screen_name="bo")], resolver)  # 10 leaves "ann"
    assert renamed["retargets"] == [{"name": "ann", "from_uid": "twitter:10", "to_uid": "twitter:11"}]
    seeded = NameResolver.seeded(
        [
            {"platform": "twitter", "screen_name_lower": "ann", "uid": uid, "has_id": True}
            for uid in ("twitter:9", "twitter:10")
        ]
    )
    assert build_params([like("ann")], seeded)["retargets"] == []  # the database is already settled


def test_a_bulk_load_sends_name_only_likes_to_the_lowest_uid_in_any_order() -> None:
    records: list[Record] = [
        Account("twitter", "9", screen_name="ann"),
        like("ann"),
        Account("twitter", "10", screen_name="Ann"),
    ]
    owners = []
    for order in (records, records[::-1], [records[1], records[0], records[2]]):
        writer = BulkWriter()
        writer.write([*order, Engagement("twitter", "like", "8", account_id="9")])
        owners.append(sorted(e["account_uid"] for e in resolve(writer.batch).liked.values()))
    assert owners == [["twitter:10", "twitter:9"]] * 3  # the name-only like on 10, 9's own like stays


def test_database_placeholders_whose_name_has_an_id_fold_in_the_first_batch() -> None:
    resolver = NameResolver.seeded(
        [
            {"platform": "twitter", "screen_name_lower": "ann", "uid": "twitter:@ann", "has_id": False},
            {"platform": "twitter", "screen_name_lower": "ann", "uid": "twitter:1", "has_id": True},
            {"platform": "twitter", "screen_name_lower": "cy", "uid": "twitter:@cy", "has_id": False},
        ]
    )
    assert [h["placeholder_uid"] for h in build_params([], resolver)["handles"]] == ["twitter:@ann"]
    assert build_params([], resolver)["handles"] == []
    # @cy exists: the id arriving later folds it.
    later = build_params([Account("twitter", "7", screen_name="CY")], resolver)
    assert [h["placeholder_uid"] for h in later["handles"]] == ["twitter:@cy"]


names = st.sampled_from(["ann", "Ann", "bob", "cy"])
refs = st.lists(
    st.tuples(st.one_of(st.none(), st.sampled_from(["1", "2", "3"])), st.one_of(st.none(), names)).filter(
        lambda r: r[0] is not None or r[1] is not None
    ),
    max_size=30,
)


@settings(deadline=None)  # a shared, loaded machine
@given(refs, st.integers(min_value=1, max_value=5))
def test_placeholders_exist_only_while_their_name_has_no_id(
    references: list[tuple[str | None, str | None]], batch_size: int
) -> None:
    resolver = NameResolver()
    alive: set[str] = set()  # placeholders written and not yet folded
    for start in range(0, len(references), batch_size):
        batch = BatchParams(resolver=resolver)
        for account_id, name in references[start : start + batch_size]:
            handles = len(batch.handles)
            known = resolver.target("twitter", name.lower()) if name else None
            if account_id is None and name is not None:
                # A name-only reference goes to the id wearing the name, else to its placeholder.
                batch.add(like(name))
                assert (known or f"twitter:@{name.lower()}", "twitter:9") in batch.liked
            else:
                batch.add(Account("twitter", account_id, screen_name=name))
            if len(batch.handles) > handles:  # a fold is asked for only once the name has an id
                assert resolver.target("twitter", name.lower() if name else "") is not None
        created = {uid for uid in batch.accounts if uid.startswith("twitter:@")}
        folded = {h["placeholder_uid"] for h in batch.handles.values()}
        alive = (alive | created) - folded
    # Whatever placeholder is left has a name no id wears.
    for uid in alive:
        assert resolver.target("twitter", uid.split("@", 1)[1]) is None
