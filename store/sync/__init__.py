"""Offline sync between a laptop's store and the shared PostgreSQL (DESIGN.md §4).

- `versions`: per-field version strings and the JSON codec for values;
- `capture`: the one path every local write takes into the outbox;
- `merge`: the field-level merge both sides run;
- `server`: the shared database's schema, push and pull;
- `run`: one sync from start to end, with progress;
- `conflicts`: listing and resolving what lost a merge.
"""
