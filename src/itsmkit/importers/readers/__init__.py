"""One module per helpdesk tool; importing this package registers every reader."""

from itsmkit.importers.readers import csvgeneric, glpi, itop, jira, servicenow, zammad

__all__ = ["csvgeneric", "glpi", "itop", "jira", "servicenow", "zammad"]
