"""Build a world and write it in the requested formats, then ``truth.json``."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from graphcli.model.errors import ConfigError
from graphcli.model.progress import Messages, silent
from graphcli.synth import truth
from graphcli.synth.profiles import get_profile
from graphcli.synth.shares import share_table
from graphcli.synth.world import build_world
from graphcli.synth.writers import (
    botometer,
    canonical,
    crowdtangle,
    lookups,
    scrape,
    share_tables,
    twarc,
)
from graphcli.synth.writers.common import Tally

FORMATS = ("scrape", "twarc", "botometer", "lookups", "crowdtangle", "shares", "csv", "parquet")


def parse_formats(spec: str | Iterable[str] | None) -> tuple[str, ...]:
    """``None``/``"all"`` = every format; else a comma-separated subset of :data:`FORMATS`."""
    if spec is None or spec == "all":
        return FORMATS
    names = [s.strip() for s in (spec.split(",") if isinstance(spec, str) else spec) if s.strip()]
    unknown = [n for n in names if n not in FORMATS]
    if unknown or not names:
        raise ConfigError(
            f"unknown format(s) {', '.join(unknown) or '(none)'}", hint=f"choose from {', '.join(FORMATS)}"
        )
    return tuple(f for f in FORMATS if f in names)


def generate(
    out: Path,
    profile: str,
    seed: int,
    formats: Iterable[str] | str | None = None,
    progress: Messages | None = None,
) -> dict[str, Any]:
    """Write the world of ``profile``/``seed`` under ``out`` in ``formats``; return the truth written
    to ``out/truth.json`` (same bytes for the same arguments)."""
    note = progress or silent
    chosen = parse_formats(formats)
    prof = get_profile(profile)
    if out.exists() and not out.is_dir():
        raise ConfigError(f"{out} exists and is not a folder", hint="give a new or empty folder")
    out.mkdir(parents=True, exist_ok=True)
    world = build_world(prof, seed, note)
    note("deriving shares")
    shares = share_table(world)
    written: dict[str, dict[str, Any]] = {}
    for fmt in chosen:
        if fmt == "parquet" and "csv" in chosen:
            continue  # written together with csv
        note(f"writing {fmt}")
        tally = Tally()
        if fmt == "scrape":
            scrape.write(world, out, tally)
        elif fmt == "twarc":
            twarc.write(world, out, tally)
        elif fmt == "botometer":
            botometer.write(world, out, tally)
        elif fmt == "lookups":
            lookups.write(world, out, tally)
        elif fmt == "crowdtangle":
            crowdtangle.write(world, out, tally)
        elif fmt == "shares":
            share_tables.write(world, out, tally, shares)
        else:
            canonical.write(world, out, tally, shares, csv="csv" in chosen, parquet="parquet" in chosen)
            fmt = "canonical"
        written[fmt] = {"files": dict(sorted(tally.files.items())), "records": tally.records}
    note("writing truth.json")
    by_kind = truth.index_shares(world, shares)
    doc = {
        "version": truth.TRUTH_VERSION,
        "profile": profile,
        "seed": seed,
        "formats": list(chosen),
        "world": truth.world_totals(world, shares),
        "planted": truth.planted(world, by_kind),
        "decoys": truth.decoys(world, by_kind),
        "written": written,
    }
    (out / "truth.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return doc
