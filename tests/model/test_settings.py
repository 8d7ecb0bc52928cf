from pathlib import Path

import pytest

from graphcli.model.errors import ConfigError
from graphcli.model.settings import Settings


def test_defaults_use_the_managed_server(tmp_path: Path) -> None:
    s = Settings.load(environ={}, config_file=None)
    assert s.managed
    assert s.bolt_uri == "bolt://127.0.0.1:7687"
    assert s.database == "neo4j"


def test_precedence_override_then_env_then_file(tmp_path: Path) -> None:
    cfg = tmp_path / "graphcli.toml"
    cfg.write_text(
        '[neo4j]\nuri = "bolt://file:1"\nusername = "fileuser"\ndatabase = "filedb"\n'
        "[server]\nbolt_port = 7000\n"
    )
    env = {"NEO4J_USERNAME": "envuser", "NEO4J_DATABASE": "envdb"}
    s = Settings.load({"database": "optdb", "uri": None}, environ=env, config_file=cfg)
    assert s.uri == "bolt://file:1"  # None override falls through to the file
    assert s.username == "envuser"  # env beats file
    assert s.database == "optdb"  # option beats env
    assert s.bolt_port == 7000
    assert not s.managed


def test_aura_uri_is_not_managed() -> None:
    s = Settings.load(
        environ={"NEO4J_URI": "neo4j+s://abc.databases.neo4j.io", "NEO4J_PASSWORD": "s3cr3t-Pa55"}
    )
    assert not s.managed and s.bolt_uri.startswith("neo4j+s://")
    assert "s3cr3t-Pa55" not in repr(s)  # the password never shows in a repr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[neo4j\n", "cannot read config file"),
        ("[other]\na = 1\n", "unknown section"),
        ("[server]\nbolt_port = 'abc'\n", "whole number"),
        ("[server]\nhttp_port = 70000\n", "between 1 and 65535"),
    ],
)
def test_bad_config_files_are_one_line_errors(tmp_path: Path, text: str, message: str) -> None:
    cfg = tmp_path / "graphcli.toml"
    cfg.write_text(text)
    with pytest.raises(ConfigError, match=message):
        Settings.load(environ={}, config_file=cfg)


def test_graphcli_config_env_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        Settings.load(environ={"GRAPHCLI_CONFIG": str(tmp_path / "nope.toml")})


def test_home_is_expanded() -> None:
    s = Settings.load(environ={"GRAPHCLI_HOME": "~/somewhere"})
    assert "~" not in str(s.home)
