//! One parser per file type, each producing a located tree.

pub mod compose;
pub mod dockerfile;
pub mod dotenv;
pub mod image;
pub mod interp;
pub mod k8s;
pub mod k8s_schema;
pub mod kustomize;
pub mod markdown;
pub mod prometheus;
pub mod shell;
pub mod workflow;
pub mod yaml;
