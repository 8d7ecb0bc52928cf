"""`graphcli synth OUT`: write a synthetic world with planted coordination in every source format."""

from __future__ import annotations

from pathlib import Path

import typer

from graphcli.cli.common import JSON_OPTION, emit_json, say, state
from graphcli.synth.generate import FORMATS, generate
from graphcli.synth.profiles import PROFILES


def synth(
    ctx: typer.Context,
    out: Path = typer.Argument(..., help="Folder to write into (created if missing)."),
    profile: str = typer.Option(
        "tiny",
        "--profile",
        "-p",
        help=f"World size: {', '.join(PROFILES)} (about 1k / 20k / 200k / 1M accounts).",
    ),
    seed: int = typer.Option(1, "--seed", help="Random seed; the same seed gives the same bytes."),
    formats: str = typer.Option(
        "all",
        "--formats",
        help=f"Comma-separated subset of: {', '.join(FORMATS)} (default all). 'large' in "
        "all formats writes about 12 GiB; for benchmarks use shares,parquet.",
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """Generate a deterministic synthetic world (accounts, tweets, likes, retweets, Facebook posts,
    bot scores, statuses) with planted coordinated groups and decoys, written in every format
    `graphcli load` reads, plus OUT/truth.json listing what was planted and what each file holds."""
    quiet = state(ctx).quiet
    doc = generate(out, profile, seed, formats, progress=None if quiet else (lambda m: say(f"synth: {m}")))
    summary = {
        "out": str(out),
        "profile": profile,
        "seed": seed,
        "formats": doc["formats"],
        "world": doc["world"],
        "planted_groups": len(doc["planted"]),
        "decoys": len(doc["decoys"]),
        "written": {
            fmt: {"files": len(v["files"]), "records": v["records"]} for fmt, v in doc["written"].items()
        },
        "truth": str(out / "truth.json"),
    }
    if json_out:
        emit_json(summary)
    elif not quiet:
        w = doc["world"]
        say(
            f"wrote {profile} world (seed {seed}) to {out}: {w['twitter_accounts']:,} accounts, "
            f"{w['likes']:,} likes, {w['retweets']:,} retweets, {w['shares_total']:,} shares; "
            f"{len(doc['planted'])} planted groups"
        )
