"""Review and publication: decisions, revisions and the audit trail, the queue, the published pages and exports."""
