"""Checking frameworks as data an admin edits: stored in the database, versioned, shipped ones as the start."""
