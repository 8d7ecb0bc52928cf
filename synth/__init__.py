"""`graphcli synth`: a deterministic synthetic world with planted coordination, written in every
source format graphcli loads, plus a ``truth.json`` describing what was planted and what was written."""
