//! Dockerfile rules.

pub mod copy_from_later_stage;
pub mod copy_from_root;
pub mod copy_from_unknown_stage;
pub mod duplicate_stage_name;
pub mod from_latest_tag;
pub mod from_untagged;
pub mod missing_healthcheck;
pub mod missing_user;
pub mod reserved_stage_name;
pub mod stage_ref;
pub mod user_root;
pub mod user_switched_back_to_root;
pub mod user_without_uid;
pub mod multiple_healthcheck;
pub mod repeated_instruction;
pub mod multiple_cmd;
