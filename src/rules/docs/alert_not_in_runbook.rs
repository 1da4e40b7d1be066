use std::collections::{BTreeMap, BTreeSet};

use super::sections::has_phrase;
use crate::rules::prelude::*;
use crate::rules::project::{join, normalize};

pub static RULE: RuleImpl = RuleImpl::Project(&AlertNotInRunbook);

struct AlertNotInRunbook;

/// Where a `runbook_url` points inside the repository: (path relative to the root,
/// anchor). A URL of a hosted repository (`https://github.com/o/r/blob/main/docs/x.md`)
/// matches a repository file whose path ends the URL's path.
fn resolve<'f>(
    url: &str,
    alert_dir: &str,
    files: &'f BTreeSet<&str>,
) -> Option<(&'f str, Option<String>)> {
    let (path, anchor) = match url.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (url, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    if let Some(rest) = path.split_once("://").map(|(_, r)| r) {
        // host/…/path: the longest suffix of the URL's path that is a repository file
        let segs: Vec<&str> = rest.split('/').skip(1).filter(|s| !s.is_empty()).collect();
        for i in 0..segs.len() {
            let cand = segs[i..].join("/");
            if let Some(f) = files.get(cand.as_str()) {
                return Some((f, anchor));
            }
        }
        return None;
    }
    let cands = if let Some(abs) = path.strip_prefix('/') {
        vec![normalize(abs)]
    } else {
        vec![normalize(&join(alert_dir, path)), normalize(path)]
    };
    cands
        .iter()
        .find_map(|c| files.get(c.as_str()).map(|f| (*f, anchor.clone())))
}

impl ProjectRule for AlertNotInRunbook {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        let alerts = &project.prometheus.alerts;
        if alerts.is_empty() {
            return;
        }
        let files: BTreeSet<&str> = project.files.iter().map(|f| f.rel.as_str()).collect();
        let rel_of: BTreeMap<&str, &str> = project
            .files
            .iter()
            .map(|f| (f.path.as_str(), f.rel.as_str()))
            .collect();
        let anchors: BTreeMap<&str, &[String]> = project
            .docs
            .iter()
            .map(|d| (d.rel.as_str(), d.anchors.as_slice()))
            .collect();
        let runbooks: Vec<&str> = project
            .docs
            .iter()
            .filter_map(|d| d.runbook_text.as_deref())
            .collect();
        let mentioned = |name: &str| {
            let n = name.to_lowercase();
            !n.is_empty() && runbooks.iter().any(|t| has_phrase(t, &n))
        };
        for a in alerts {
            if mentioned(&a.name) {
                continue;
            }
            let rel = rel_of
                .get(a.path.as_str())
                .copied()
                .unwrap_or(a.path.as_str());
            let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
            let problem = match a.runbook_url.as_deref().map(str::trim) {
                None | Some("") => format!(
                    "alert `{}` has no `runbook_url` and no runbook mentions it",
                    a.name
                ),
                Some(url) if url.contains("{{") => continue, // templated: cannot resolve
                Some(url) => match resolve(url, dir, &files) {
                    Some((file, Some(anchor))) if !anchor.is_empty() => {
                        match anchors.get(file) {
                            Some(known) if !known.contains(&anchor) => format!(
                                "the `runbook_url` of alert `{}` names the heading `#{anchor}`, which `{file}` does not have",
                                a.name
                            ),
                            _ => continue,
                        }
                    }
                    Some(_) => continue,
                    None if url.contains("://") => format!(
                        "the `runbook_url` of alert `{}` points outside the repository (`{url}`, not verifiable offline) and no runbook mentions the alert",
                        a.name
                    ),
                    None => format!(
                        "the `runbook_url` of alert `{}` (`{url}`) is not a file in the repository",
                        a.name
                    ),
                },
            };
            cx.report_at(&a.path, a.loc, problem).help(format!(
                "add a section for `{}` to the runbook (symptom, check commands, fix), or set `runbook_url` to a runbook file and heading in this repository",
                a.name
            ));
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::PROMETHEUS
    }
}
