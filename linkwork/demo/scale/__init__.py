"""Synthetic data at scale for performance work (`manage.py seed_scale`).

Unlike the demo seed, rows are generated in Python from one seeded random generator and written
in bulk (COPY on PostgreSQL, executemany on SQLite), values converted by each field's own
`get_db_prep_value`. Organisations, users, schemes and instruments still go through the services.
"""
