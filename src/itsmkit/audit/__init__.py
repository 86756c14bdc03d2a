"""The mock audit: judge a repository as a certification auditor would, from data rules."""
