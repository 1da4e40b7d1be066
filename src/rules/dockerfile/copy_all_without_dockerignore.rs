use crate::rules::prelude::*;
use crate::rules::project::DockerfileFact;

pub static RULE: RuleImpl = RuleImpl::Project(&CopyAllWithoutDockerignore);

struct CopyAllWithoutDockerignore;

impl ProjectRule for CopyAllWithoutDockerignore {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        // the compose services that build something, with what they build: looked up
        // once, not once per Dockerfile (a service without `build` builds nothing)
        let builds: Vec<(&str, Vec<&DockerfileFact>)> = project
            .compose_services
            .iter()
            .filter_map(|s| Some((s.build_dir.as_deref()?, project.dockerfiles_for_service(s))))
            .collect();
        for df in &project.dockerfiles {
            let Some(copy) = df.copy_all else { continue };
            if df.own_dockerignore {
                continue;
            }
            // the build context: the compose services building this Dockerfile, else
            // the Dockerfile's directory
            let contexts: Vec<&str> = builds
                .iter()
                .filter(|(_, built)| built.iter().any(|d| d.path == df.path))
                .map(|(dir, _)| *dir)
                .collect();
            let normalize = |c: &str| {
                let c = c.trim_start_matches("./").trim_end_matches('/');
                if c == "." {
                    String::new()
                } else {
                    c.to_string()
                }
            };
            let context = if contexts.is_empty() {
                // context unknown (`docker build -f dir/Dockerfile <ctx>`): any
                // `.dockerignore` from the Dockerfile's directory up may be the context's
                if !df.dockerignore_dirs.is_empty() {
                    continue;
                }
                df.dir.clone()
            } else {
                let Some(c) = contexts
                    .iter()
                    .map(|c| normalize(c))
                    .find(|c| !df.dockerignore_dirs.contains(c))
                else {
                    continue;
                };
                c
            };
            let root = project.root_display.trim_end_matches('/');
            let shown = match (root, context.as_str()) {
                (".", "") | ("", "") => ".".to_string(),
                (".", c) | ("", c) => c.to_string(),
                (r, "") => r.to_string(),
                (r, c) => format!("{r}/{c}"),
            };
            cx.report_at(
                &df.path,
                copy,
                format!("`COPY .` copies the whole build context `{shown}`, which has no `.dockerignore`"),
            )
            .help("add a `.dockerignore` to the build context that excludes `.git`, `.env*`, secrets, build outputs and dependencies (`node_modules`, `target`)");
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::DOCKERFILE
    }
}
