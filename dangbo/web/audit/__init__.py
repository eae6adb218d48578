"""The reading side of the audit trail: its pages, searches and readable labels. It reads every app's
records, so it sits with the pages; the recording side (entries, audit_record, the registry of
actions) is dangbo.audit, low in the layers so every app can record."""
