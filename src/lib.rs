//! shipgate: the production-readiness gate for infrastructure repositories.
//!
//! Discovery walks the repository, each file is parsed once into a located tree,
//! the rules of its pack run over it in parallel, cross-file rules run on small
//! facts in a project phase, and every output format renders the same sorted report.

#![forbid(unsafe_code)]

pub mod baseline;
pub mod bench;
pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod discovery;
pub mod engine;
pub mod lsp;
pub mod output;
pub mod policy;
pub mod rules;
pub mod source;
pub mod suppress;
pub mod syntax;
#[cfg(test)]
mod test_support;
pub mod verdict;
