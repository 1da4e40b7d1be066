use crate::rules::prelude::*;
use crate::syntax::kustomize::{RefRole, RefTarget};

pub static RULE: RuleImpl = RuleImpl::Project(&KustomizeResourceMissing);

struct KustomizeResourceMissing;

impl ProjectRule for KustomizeResourceMissing {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        for k in &project.kustomizations {
            for r in &k.refs {
                let what = match r.role {
                    RefRole::Resource => "resource",
                    RefRole::Patch => "patch",
                    RefRole::Component => "component",
                };
                let (message, help) = match (&r.target, r.role) {
                    (RefTarget::Missing, _) => (
                        format!("{what} `{}` does not exist", r.raw.trim()),
                        "fix the path (it is relative to the kustomization's directory) or remove the entry",
                    ),
                    (RefTarget::DirWithoutKustomization, RefRole::Resource | RefRole::Component) => (
                        format!(
                            "{what} `{}` is a directory without a kustomization.yaml",
                            r.raw.trim()
                        ),
                        "add a kustomization.yaml listing the directory's files, or list the files themselves",
                    ),
                    (RefTarget::DirWithoutKustomization, RefRole::Patch) => (
                        format!("patch `{}` is a directory, not a file", r.raw.trim()),
                        "point the patch at a file",
                    ),
                    _ => continue,
                };
                cx.report_at(&k.path, r.loc, message).help(help);
            }
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::KUSTOMIZATION
    }
}
