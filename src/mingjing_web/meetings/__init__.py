"""Meetings (民主生活会/组织生活会) and the opinions solicited for them."""
