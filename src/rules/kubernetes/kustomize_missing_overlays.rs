use std::collections::{BTreeMap, BTreeSet};

use crate::rules::prelude::*;
use crate::syntax::kustomize::{KustomizationFact, RefRole, RefTarget};

pub static RULE: RuleImpl = RuleImpl::Project(&KustomizeMissingOverlays);

struct KustomizeMissingOverlays;

const DEFAULT_ENVIRONMENTS: &[&str] = &["dev", "staging", "production"];

/// Names accepted for an environment (a configured name that is not here matches itself).
fn synonyms(env: &str) -> Vec<String> {
    let env = env.to_ascii_lowercase();
    let known: &[&[&str]] = &[
        &["dev", "development", "develop", "devel"],
        &["staging", "stage", "stg", "preprod", "pre-prod"],
        &["production", "prod", "prd", "live"],
        &["test", "testing", "qa"],
    ];
    for group in known {
        if group.contains(&env.as_str()) {
            return group.iter().map(|s| s.to_string()).collect();
        }
    }
    vec![env]
}

/// The words of the directory parts of `overlay` that are not shared with `base`
/// (`k/overlays/prod-eu` against `k/base` → `overlays`, `prod-eu`, `prod`, `eu`).
fn words(overlay: &str, base: &str) -> BTreeSet<String> {
    let o: Vec<&str> = overlay.split('/').filter(|s| !s.is_empty()).collect();
    let b: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    let common = o.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = BTreeSet::new();
    for part in &o[common..] {
        let part = part.to_ascii_lowercase();
        for w in part.split(['-', '_', '.']) {
            if !w.is_empty() {
                out.insert(w.to_string());
            }
        }
        out.insert(part);
    }
    out
}

impl ProjectRule for KustomizeMissingOverlays {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        let configured: Vec<String> = cx
            .options
            .and_then(|t| t.get("environments"))
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_else(|| DEFAULT_ENVIRONMENTS.iter().map(|s| s.to_string()).collect());
        if configured.is_empty() {
            return;
        }
        let by_dir: BTreeMap<&str, &KustomizationFact> = project
            .kustomizations
            .iter()
            .map(|k| (k.dir.as_str(), k))
            .collect();
        // base directory → (referring kustomization, where it names the base)
        let mut referrers: BTreeMap<&str, Vec<(&KustomizationFact, Loc)>> = BTreeMap::new();
        for k in &project.kustomizations {
            for r in k.refs.iter().filter(|r| r.role == RefRole::Resource) {
                if let RefTarget::Kustomization(dir) = &r.target {
                    if dir != &k.dir {
                        referrers.entry(dir.as_str()).or_default().push((k, r.loc));
                    }
                }
            }
        }
        for (base_dir, direct) in &referrers {
            let Some(base) = by_dir.get(base_dir) else {
                continue;
            };
            // an overlay of another base (or an aggregate of bases) is judged through
            // the bases it builds on, which see all its overlays
            let builds_on_base = base.refs.iter().any(|r| {
                r.role == RefRole::Resource
                    && matches!(&r.target, RefTarget::Kustomization(d) if d != &base.dir)
            });
            if base.component || builds_on_base {
                continue;
            }
            // every kustomization built on this base, directly or through another one
            let mut all: BTreeSet<&str> = BTreeSet::new();
            let mut stack: Vec<&str> = direct.iter().map(|(k, _)| k.dir.as_str()).collect();
            while let Some(d) = stack.pop() {
                if d == *base_dir || !all.insert(d) {
                    continue;
                }
                if let Some(up) = referrers.get(d) {
                    stack.extend(up.iter().map(|(k, _)| k.dir.as_str()));
                }
            }
            let found: BTreeSet<String> = all.iter().flat_map(|d| words(d, base_dir)).collect();
            let missing: Vec<&String> = configured
                .iter()
                .filter(|env| !synonyms(env).iter().any(|s| found.contains(s)))
                .collect();
            if missing.is_empty() {
                continue;
            }
            let Some(loc) = base.resources_loc else {
                continue;
            };
            let mut overlays: Vec<String> = all
                .iter()
                .map(|d| by_dir.get(d).map_or(d.to_string(), |k| display_dir(k)))
                .collect();
            if overlays.len() > 4 {
                let more = overlays.len() - 3;
                overlays.truncate(3);
                overlays.push(format!("and {more} more"));
            }
            let missing_s: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
            let d = cx.report_at(
                &base.path,
                loc,
                format!(
                    "base `{}` has no {} overlay (overlays: {})",
                    display_dir(base),
                    missing_s.join(", "),
                    overlays.join(", ")
                ),
            );
            d.help(format!(
                "add an overlay per environment ({}) that uses this base, or configure `[rules.kustomize-missing-overlays] environments`",
                configured.join(", ")
            ));
            for (k, at) in direct {
                d.label_at(Some(k.path.clone()), *at, "an overlay uses the base here");
            }
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::KUSTOMIZATION
    }
}

fn display_dir(k: &KustomizationFact) -> String {
    if k.rel_dir.is_empty() {
        ".".into()
    } else {
        k.rel_dir.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_synonyms() {
        let w = words("k/overlays/prod-eu", "k/base");
        assert!(w.contains("prod") && w.contains("prod-eu") && w.contains("overlays"));
        assert!(synonyms("production").contains(&"prod".to_string()));
        assert_eq!(synonyms("canary"), vec!["canary".to_string()]);
    }
}
