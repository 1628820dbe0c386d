"""Report submission, versions, review comments and the review decision."""
