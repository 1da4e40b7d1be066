//! Kubernetes rules.

pub mod capabilities_not_dropped;
pub mod container_host_port;
pub mod container_privilege_escalation;
pub mod container_privileged;
pub mod container_run_as_root;
pub mod container_writable_root_filesystem;
pub mod dangerous_capability_added;
pub mod default_service_account;
pub mod host_namespace_shared;
pub mod image_latest_tag;
pub mod image_untagged;
pub mod limit_below_request;
pub mod missing_cpu_limit;
pub mod missing_cpu_request;
pub mod missing_liveness_probe;
pub mod missing_memory_limit;
pub mod missing_memory_request;
pub mod missing_readiness_probe;
pub mod proc_mount_unmasked;
mod quantity;
mod resources;
pub mod seccomp_profile_unset;
mod security;
pub mod sensitive_host_path;
pub mod service_account_token_automount;
pub mod unsafe_sysctl;
