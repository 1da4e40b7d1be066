use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&NonNumericUserWithRunAsNonRoot);

struct NonNumericUserWithRunAsNonRoot;

impl ProjectRule for NonNumericUserWithRunAsNonRoot {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        for w in &project.workloads {
            // its findings point into its own file
            if !cx.wants(&w.path) {
                continue;
            }
            for c in &w.containers {
                let Some(non_root) = c.run_as_non_root else {
                    continue;
                };
                if c.run_as_user || c.image.is_empty() {
                    continue;
                }
                for df in project.dockerfiles_for_image(&c.image) {
                    let Some((user, user_loc)) = &df.user else {
                        continue;
                    };
                    let name = user.split(':').next().unwrap_or(user);
                    if name.is_empty() || name.chars().all(|ch| ch.is_ascii_digit()) {
                        continue;
                    }
                    let who = c.name.as_deref().unwrap_or("?");
                    cx.report_at(
                        &w.path,
                        non_root,
                        format!(
                            "container \"{who}\" sets `runAsNonRoot: true` without `runAsUser`, but its image `{}` runs as the user name `{name}`: the kubelet cannot verify it is not root and refuses to start the container",
                            c.image
                        ),
                    )
                    .help(format!(
                        "set `runAsUser` to the UID of `{name}` in the securityContext, or use a numeric UID in the Dockerfile (`USER 10001`)"
                    ))
                    .label_at(Some(df.path.clone()), *user_loc, format!("the image's USER is `{user}`"));
                }
            }
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::K8S
    }
}
