use crate::rules::prelude::*;
use crate::rules::secrets::common::{literal_secret, yaml_settings};
use crate::syntax::yaml::Yaml;

pub static RULE: RuleImpl = RuleImpl::Yaml(&WorkflowEnvSecret);

struct WorkflowEnvSecret;

impl YamlRule for WorkflowEnvSecret {
    fn check(&self, yaml: &Yaml<'_>, kind: FileKind, cx: &mut FileCtx<'_>) {
        if kind != FileKind::Workflow {
            return;
        }
        for doc in &yaml.docs {
            let Some(root) = &doc.root else { continue };
            let mut blocks: Vec<(String, &Node<'_>)> = Vec::new();
            if let Some(env) = root.get("env") {
                blocks.push(("the workflow `env`".into(), env));
            }
            for job in root.map_entries("jobs") {
                let id = job.key.as_str().unwrap_or("");
                if let Some(env) = job.value.get("env") {
                    blocks.push((format!("job `{id}` `env`"), env));
                }
                if let Some(c) = job.value.path(&["container", "credentials"]) {
                    blocks.push((format!("job `{id}` container `credentials`"), c));
                }
                for (i, step) in job.value.seq_items("steps").iter().enumerate() {
                    let uses = step
                        .get_str("uses")
                        .map(|u| u.split('@').next().unwrap_or(u));
                    let label = match step.get_str("name").or(uses) {
                        Some(n) => format!("step \"{n}\""),
                        None => format!("step {}", i + 1),
                    };
                    if let Some(env) = step.get("env") {
                        blocks.push((format!("job `{id}` {label} `env`"), env));
                    }
                    if let Some(with) = step.get("with") {
                        blocks.push((format!("job `{id}` {label} `with`"), with));
                    }
                }
            }
            for (place, node) in blocks {
                for s in yaml_settings(node, &cx.file.text) {
                    if literal_secret(s.key, s.value) {
                        cx.report(
                            s.value_span,
                            format!("`{}` is set to a plaintext value in {place}", s.key),
                        )
                        .secret(s.value_span);
                    }
                }
            }
        }
    }
}
