//! Dockerfile rules.

pub mod apk_add_cache;
pub mod apt_get_install_missing_yes;
pub mod apt_get_upgrade;
pub mod apt_install_recommends;
pub mod apt_instead_of_apt_get;
pub mod apt_lists_not_cleaned;
pub mod apt_update_alone;
pub mod from_latest_tag;
pub mod from_untagged;
pub mod missing_healthcheck;
pub mod missing_user;
pub mod pip_install_cache;
pub mod shell_cmds;
pub mod user_root;
