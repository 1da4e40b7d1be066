use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&PortNotExposedByImage);

struct PortNotExposedByImage;

/// `8000`, `8000 and 9090`, `8000, 8080 and 9090`.
fn ports_list(ports: &[u32]) -> String {
    let items: Vec<String> = ports.iter().map(|p| p.to_string()).collect();
    match items.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

impl ProjectRule for PortNotExposedByImage {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        // the image's ports, when its Dockerfile declares them all as numbers
        let exposed =
            |dfs: &[&crate::rules::project::DockerfileFact]| -> Option<(Vec<u32>, String, Loc)> {
                let df = dfs
                    .iter()
                    .find(|d| !d.expose.is_empty() && !d.expose_unresolved)?;
                let mut ports: Vec<u32> = df.expose.iter().map(|(p, _)| *p).collect();
                ports.sort_unstable();
                ports.dedup();
                Some((ports, df.path.clone(), df.expose[0].1))
            };
        for w in &project.workloads {
            // its findings point into its own file
            if !cx.wants(&w.path) {
                continue;
            }
            for c in &w.containers {
                if c.image.is_empty() {
                    continue;
                }
                let dfs = project.dockerfiles_for_image(&c.image);
                let Some((ports, df_path, expose_loc)) = exposed(&dfs) else {
                    continue;
                };
                let who = c.name.as_deref().unwrap_or("?");
                let checks = c
                    .ports
                    .iter()
                    .map(|p| (p, "container port"))
                    .chain(c.probe_ports.iter().map(|p| (p, "probe port")));
                for ((port, loc), what) in checks {
                    if ports.contains(port) {
                        continue;
                    }
                    cx.report_at(
                        &w.path,
                        *loc,
                        format!(
                            "{what} {port} of container \"{who}\" is not a port its image `{}` exposes ({})",
                            c.image,
                            ports_list(&ports)
                        ),
                    )
                    .help("use the port the application listens on (the Dockerfile's EXPOSE), or fix the EXPOSE if the application moved")
                    .label_at(Some(df_path.clone()), expose_loc, "the image exposes these ports");
                }
            }
        }
        for s in &project.compose_services {
            let mut dfs = project.dockerfiles_for_service(s);
            if dfs.is_empty() {
                if let Some(img) = &s.image {
                    dfs = project.dockerfiles_for_image(img);
                }
            }
            let Some((ports, df_path, expose_loc)) = exposed(&dfs) else {
                continue;
            };
            for (port, loc) in &s.container_ports {
                if ports.contains(port) {
                    continue;
                }
                cx.report_at(
                    &s.path,
                    *loc,
                    format!(
                        "service \"{}\" publishes container port {port}, which its image does not expose ({})",
                        s.name,
                        ports_list(&ports)
                    ),
                )
                .help("map to the port the application listens on (the Dockerfile's EXPOSE), e.g. \"8080:8000\"")
                .label_at(Some(df_path.clone()), expose_loc, "the image exposes these ports");
            }
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::DEPLOYED
    }
}
