"""After the reports: the meeting record, mutual criticism, the rectification ledger, reports upward."""
