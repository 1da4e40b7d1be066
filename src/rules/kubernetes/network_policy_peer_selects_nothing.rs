use super::objects::{defines_workloads, describe_fact, selected_workloads};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&NetworkPolicyPeerSelectsNothing);

struct NetworkPolicyPeerSelectsNothing;

impl ProjectRule for NetworkPolicyPeerSelectsNothing {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        for np in project
            .k8s_objects
            .iter()
            .filter(|f| f.kind == "NetworkPolicy")
        {
            // its findings point into its own file
            if !cx.wants(&np.path) {
                continue;
            }
            if !defines_workloads(project, np) {
                continue;
            }
            for sel in &np.peer_selectors {
                if sel.is_empty() || selected_workloads(project, np, sel).next().is_some() {
                    continue;
                }
                let labels: Vec<String> = sel
                    .match_labels
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .chain(sel.expressions.iter().map(|(k, op, _)| format!("{k} {op}")))
                    .collect();
                cx.report_at(
                    &np.path,
                    sel.loc,
                    format!(
                        "peer podSelector ({}) of {} matches no pod template in the checked files: the rule allows nothing",
                        labels.join(", "),
                        describe_fact(np)
                    ),
                )
                .help("use the labels of the pods that should be allowed (add a namespaceSelector for pods of other namespaces)");
            }
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::K8S
    }
}
