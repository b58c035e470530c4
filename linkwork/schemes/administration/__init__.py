"""Linkwork's own pages for administrators to add and change schemes (not the Django admin)."""
