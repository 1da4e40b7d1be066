//! What a rule file needs in scope.

pub use super::{reports, DotEnvRule, TextRule, YamlRule};
pub use super::{
    ComposeRule, DockerfileRule, FileCtx, K8sRule, K8sScope, MarkdownRule, Project, ProjectCtx,
    ProjectRule, PrometheusRule, RuleImpl, WorkflowRule,
};
pub use crate::discovery::FileKind;
pub use crate::rules::docs::DocRole;
pub use crate::source::{Loc, Span};
pub use crate::syntax::compose::{ComposeFile, Service};
pub use crate::syntax::dockerfile::{Dockerfile, Instruction};
pub use crate::syntax::image::ImageRef;
pub use crate::syntax::k8s::{Container, ContainerKind, K8sObject, PodSpec};
pub use crate::syntax::markdown::Markdown;
pub use crate::syntax::prometheus::{PromRule, RuleSet, RulesSource, ServerConfig};
pub use crate::syntax::workflow::{ActionRef, Job, Step, Workflow};
pub use crate::syntax::yaml::Node;
