"""Rapport: research a contact from public pages and draft a short, generous, grounded email."""
