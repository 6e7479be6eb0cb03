"""Pages of the assistance app (htmx + Tabler, usable on a phone). Thin: reads via queries, writes via services."""
