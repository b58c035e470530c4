"""Linkwork's own pages for administrators: organisations, users and their roles (not the Django admin)."""
