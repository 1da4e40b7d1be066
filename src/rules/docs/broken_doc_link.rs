use std::collections::{BTreeMap, BTreeSet};

use crate::rules::prelude::*;
use crate::rules::project::{join, normalize};

pub static RULE: RuleImpl = RuleImpl::Project(&BrokenDocLink);

struct BrokenDocLink;

impl ProjectRule for BrokenDocLink {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        let files: BTreeSet<&str> = project.files.iter().map(|f| f.rel.as_str()).collect();
        // directories that hold a listed file (prefixes of the files' paths: borrowed)
        let mut dirs: BTreeSet<&str> = BTreeSet::new();
        for f in &files {
            let mut d = *f;
            while let Some((parent, _)) = d.rsplit_once('/') {
                if !dirs.insert(parent) {
                    break;
                }
                d = parent;
            }
        }
        let anchors: BTreeMap<&str, &[String]> = project
            .docs
            .iter()
            .map(|d| (d.rel.as_str(), d.anchors.as_slice()))
            .collect();
        for doc in &project.docs {
            let dir = doc.rel.rsplit_once('/').map_or("", |(d, _)| d);
            for (dest, loc) in &doc.links {
                let (path, anchor) = match dest.split_once('#') {
                    Some((p, a)) => (p, Some(a)),
                    None => (dest.as_str(), None),
                };
                let path = path.split('?').next().unwrap_or(path);
                let target = if path.is_empty() {
                    doc.rel.clone()
                } else if let Some(abs) = path.strip_prefix('/') {
                    normalize(abs)
                } else {
                    normalize(&join(dir, path))
                };
                if path.starts_with("..")
                    && dir.matches('/').count() + 1 < path.matches("..").count()
                {
                    continue; // outside the checked directory: cannot know
                }
                let exists = files.contains(target.as_str())
                    || dirs.contains(target.as_str())
                    || target.is_empty();
                if !exists {
                    cx.report_at(
                        &doc.path,
                        *loc,
                        format!("link target `{path}` does not exist"),
                    )
                    .help("fix the path (relative to this document) or remove the link");
                    continue;
                }
                if let (Some(anchor), Some(known)) = (anchor, anchors.get(target.as_str())) {
                    if !anchor.is_empty() && !known.iter().any(|a| a == anchor) {
                        cx.report_at(
                            &doc.path,
                            *loc,
                            format!("`{target}` has no heading with the anchor `#{anchor}`"),
                        )
                        .help("link to an existing heading (anchors are the heading text in lowercase, spaces as `-`)");
                    }
                }
            }
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::DOCS
    }
}
