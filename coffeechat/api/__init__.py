"""The JSON API under /api/v1/: every kind of row, stage moves and Today, for personal tokens."""
