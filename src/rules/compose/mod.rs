//! docker-compose rules.

pub mod service_image_latest_tag;
pub mod service_image_untagged;
pub mod service_missing_healthcheck;
pub mod service_missing_limits;
pub mod service_user_root;
