"""上级审阅: a higher organisation's view of its subordinate units' meetings (issue 12)."""
