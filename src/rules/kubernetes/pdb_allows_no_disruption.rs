use super::objects::{describe_fact, int_or_percent, selected_workloads};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&PdbAllowsNoDisruption);

struct PdbAllowsNoDisruption;

const HELP: &str = "allow at least one disruption (`maxUnavailable: 1`), or node drains and cluster upgrades block on these pods";

impl ProjectRule for PdbAllowsNoDisruption {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        for p in project
            .k8s_objects
            .iter()
            .filter(|f| f.kind == "PodDisruptionBudget")
        {
            // its findings point into its own file
            if !cx.wants(&p.path) {
                continue;
            }
            if let Some((v, loc)) = &p.max_unavailable {
                if int_or_percent(v, 100, true) == Some(0) {
                    cx.report_at(
                        &p.path,
                        *loc,
                        format!(
                            "maxUnavailable {v} of {} allows no pod to be evicted",
                            describe_fact(p)
                        ),
                    )
                    .help(HELP);
                }
                continue;
            }
            let Some((v, loc)) = &p.min_available else {
                continue;
            };
            if v.trim() == "100%" {
                cx.report_at(
                    &p.path,
                    *loc,
                    format!(
                        "minAvailable 100% of {} allows no pod to be evicted",
                        describe_fact(p)
                    ),
                )
                .help(HELP);
                continue;
            }
            let Ok(min) = v.trim().parse::<i64>() else {
                continue;
            };
            let Some(sel) = &p.selector else { continue };
            if sel.is_empty() {
                continue;
            }
            let matched: Vec<_> = selected_workloads(project, p, sel).collect();
            if matched.is_empty() {
                continue;
            }
            // every matched workload must state its count, or the total is unknown
            let Some(total) = matched
                .iter()
                .map(|w| w.replicas.map(|(n, _)| n))
                .sum::<Option<i64>>()
            else {
                continue;
            };
            if total < 1 || min < total {
                continue;
            }
            let names: Vec<String> = matched.iter().map(|w| describe_fact(w)).collect();
            cx.report_at(
                &p.path,
                *loc,
                format!(
                    "minAvailable {min} of {} is not below the {total} replicas it selects ({}): no pod can be evicted",
                    describe_fact(p),
                    names.join(", ")
                ),
            )
            .help(HELP);
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::K8S
    }
}
