"""Shared foundation: organisation, departments, fiscal years, roles, audit, Thai formatting, PDF."""
