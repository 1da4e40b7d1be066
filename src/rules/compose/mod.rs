//! docker-compose rules.

pub mod depends_on_healthy_without_healthcheck;
pub mod depends_on_missing_healthy_condition;
pub mod depends_on_unknown_service;
pub mod service_dangerous_capability;
pub mod service_docker_socket_mounted;
pub mod service_healthcheck_disabled;
pub mod service_image_latest_tag;
pub mod service_image_untagged;
pub mod service_ipc_host;
pub mod service_missing_healthcheck;
pub mod service_missing_limits;
pub mod service_network_mode_host;
pub mod service_pid_host;
pub mod service_privileged;
pub mod service_user_root;
