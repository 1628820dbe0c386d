"""Organisations (units), their members and roles."""
