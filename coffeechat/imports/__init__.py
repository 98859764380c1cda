"""Bringing a user's network in: LinkedIn, Google, Outlook, vCard, any CSV, Markdown notes."""
