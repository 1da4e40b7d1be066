//! Operational documentation rules.

pub mod missing_runbook;
