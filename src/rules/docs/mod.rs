//! Operational documentation rules: runbook, disaster recovery, migration guides.

pub mod missing_runbook;

/// What an operational document is, by its path (`[docs]` globs in shipgate.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DocRole {
    Runbook,
    DisasterRecovery,
    Migration,
    Other,
}
pub mod alert_not_in_runbook;
pub mod broken_doc_link;
pub mod dr_backup_incomplete;
pub mod dr_missing_rpo_rto;
pub mod dr_restore_steps_missing;
pub mod dr_restore_untested;
pub mod migration_missing_rollback;
pub mod missing_dr_plan;
pub mod runbook_missing_common_issues;
pub mod runbook_missing_escalation;
pub mod runbook_missing_monitoring;
pub mod runbook_missing_overview;
pub mod runbook_missing_rollback;
pub mod sections;
