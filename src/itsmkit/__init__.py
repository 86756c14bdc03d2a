"""itsmkit: an ISO/IEC 20000 service management system kept as YAML files in git."""

__version__ = "0.1.0"
