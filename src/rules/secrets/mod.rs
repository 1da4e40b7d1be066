//! Secrets rules (G9): plaintext credentials under secret-like keys, known token
//! formats in any file, committed Kubernetes Secrets and `.env` files.
//!
//! Every finding marks the secret's span with `Diagnostic::secret`, so no output shows
//! the value, and no message contains it.

pub mod common;
pub mod compose_env_secret;
pub mod configmap_secret;
pub mod dockerfile_env_secret;
pub mod dotenv_committed;
pub mod dotenv_secret;
pub mod env_example;
pub mod env_example_missing_var;
pub mod high_entropy_secret;
pub mod k8s_env_secret;
pub mod k8s_secret_committed;
pub mod password_in_command;
pub mod token_in_file;
pub mod tokens;
pub mod workflow_env_secret;
