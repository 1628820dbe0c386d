"""The template library: templates and past reports that uploads are checked against."""
