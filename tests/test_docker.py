"""No Docker engine runs here, so the compose file is checked as data."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_compose_runs_neo4j_526_with_gds_and_apoc_on_loopback() -> None:
    compose = yaml.safe_load((ROOT / "docker" / "compose.yml").read_text())
    neo4j = compose["services"]["neo4j"]
    assert neo4j["image"].startswith("neo4j:5.26")
    env = neo4j["environment"]
    assert "apoc" in env["NEO4J_PLUGINS"] and "graph-data-science" in env["NEO4J_PLUGINS"]
    assert "gds.*" in env["NEO4J_dbms_security_procedures_unrestricted"]
    assert {"NEO4J_server_memory_heap_max__size", "NEO4J_server_memory_pagecache_size"} <= env.keys()
    assert neo4j["env_file"] == ["neo4j.env"]
    assert all(port.startswith("127.0.0.1:") for port in neo4j["ports"])
    assert any(v.endswith(":/data") for v in neo4j["volumes"])
    assert (ROOT / "docker" / "neo4j.env.example").read_text().count("NEO4J_AUTH=") == 1
