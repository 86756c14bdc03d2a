"""SLA attainment computed from the records: business-time calendar, attainment, printers."""
