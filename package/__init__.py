"""graphcli: find coordinated inauthentic behaviour in social-media data with Neo4j and GDS.

The repository's top-level folders are this package's rooms, lowest floor first; a room imports only
from the rooms below it (``tests/test_layers.py`` checks):

- ``graphcli.model`` (model/): shared terms: records, share kinds, normalisation, keys, the detection
  run, errors, settings
- ``graphcli.server`` (server/): the managed local Neo4j and the offline bulk import
- ``graphcli.cypher`` (cypher/): the gateway that owns the driver, and the ``.cypher`` query library
- ``graphcli.loaders`` (loaders/), ``graphcli.detect`` (detect/), ``graphcli.analytics`` (analytics/),
  ``graphcli.synth`` (synth/): reading source files, detecting coordination, reporting, synthetic worlds
- ``graphcli.monitor`` (monitor/): orchestration of the rooms above: the monitoring cycle
- ``graphcli.cli`` (cli/): the Typer app

This folder (package/) is the root: the version, read by pyproject.toml too.
"""

__version__ = "0.1.0"
