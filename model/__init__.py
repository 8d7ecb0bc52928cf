"""The shared terms every room uses: records, share kinds, normalisation, keys, the detection run,
errors and settings. The lowest floor: it imports nothing else of graphcli."""
