"""Writers: one module per output format, each ``write(world, out, stats)``."""
