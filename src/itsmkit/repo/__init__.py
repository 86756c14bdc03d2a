"""Reading a company repository: files, YAML, positions, git history."""
