"""Shared record types, the error tree and settings. Imports no other vanban package."""
