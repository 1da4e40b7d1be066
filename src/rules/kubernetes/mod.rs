//! Kubernetes rules.

pub mod container_run_as_root;
pub mod cronjob_missing_concurrency_policy;
pub mod cronjob_missing_starting_deadline;
pub mod hpa_max_not_above_min;
pub mod hpa_min_replicas_below_two;
pub mod hpa_without_metrics;
pub mod image_latest_tag;
pub mod image_untagged;
pub mod job_missing_active_deadline;
pub mod job_missing_backoff_limit;
pub mod job_missing_ttl;
pub mod missing_anti_affinity;
pub mod missing_cpu_limit;
pub mod missing_cpu_request;
pub mod missing_liveness_probe;
pub mod missing_memory_limit;
pub mod missing_memory_request;
pub mod missing_prestop_hook;
pub mod missing_readiness_probe;
pub(crate) mod objects;
pub mod recreate_strategy;
pub mod replicas_below_two;
mod resources;
pub mod revision_history_limit_zero;
pub mod rolling_update_max_unavailable;
