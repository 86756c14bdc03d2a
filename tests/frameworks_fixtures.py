"""Small artefacts shared by the trace and checklist tests."""

from __future__ import annotations

from tests.test_validate import CUSTOMER, SERVICE, SLA

POLICY = """\
kind: policy
id: POL-SMS
schema_version: 1
title: Service management policy
version: "1.0"
status: approved
owner: P-ALICE
approver: P-ALICE
approved_on: 2025-01-10
next_review: 2099-01-10
policy_type: service-management
statement: We run our services to agreed levels.
"""

INCIDENTS = """\
kind: batch
of: incident
schema_version: 1
items:
  - id: INC-1
    summary: Phishing mail opened
    service: SVC-MAIL
    customer: CUST-BETA
    priority: P2
    status: closed
    security: true
    opened: 2025-03-04T08:12:00+01:00
    resolved: 2025-03-04T10:00:00+01:00
    closed: 2025-03-04T11:00:00+01:00
"""

# SLA lacking three Annex C items; a draft SLA, so the signature item does not apply.
SLA_DRAFT = """\
kind: sla
id: SLA-DRAFT
schema_version: 1
title: SLA draft
version: "0.1"
status: draft
owner: P-ALICE
number: SLA-2025-02
customer: CUST-BETA
services: [SVC-MAIL]
service_description: Hosted mailboxes.
service_hours: {days: [mon, tue], start: "08:00", end: "18:00"}
capacity_limits:
  - {item: Mailboxes, limit: "10"}
provider_duties: [Run the service.]
customer_duties: [Report incidents.]
"""

SMALL = {
    "c.yaml": CUSTOMER,
    "s.yaml": SERVICE,
    "sla.yaml": SLA,
    "pol.yaml": POLICY,
    "inc/2025-03.yaml": INCIDENTS,
}
