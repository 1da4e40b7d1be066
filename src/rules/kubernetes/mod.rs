//! Kubernetes rules.

pub mod container_run_as_root;
pub mod image_latest_tag;
pub mod image_untagged;
pub mod missing_cpu_limit;
pub mod missing_cpu_request;
pub mod missing_liveness_probe;
pub mod missing_memory_limit;
pub mod missing_memory_request;
pub mod missing_readiness_probe;
pub mod schema_unknown_field;
pub mod schema_wrong_type;
mod resources;
