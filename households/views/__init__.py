"""Household pages, one module per concern. Thin: forms validate input, services change
state, selectors read (core.views.call_service shows what a service refused)."""
