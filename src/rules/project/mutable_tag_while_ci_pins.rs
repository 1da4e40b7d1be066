//! Images a workflow builds, and manifests deploying them with a mutable tag.

use crate::rules::prelude::*;
use crate::rules::project::BuiltImageFact;
use crate::source::SourceFile;
use crate::syntax::image::ImageRef;
use crate::syntax::workflow::Workflow;
use crate::syntax::yaml::Node;

pub static RULE: RuleImpl = RuleImpl::Project(&MutableTagWhileCiPins);

struct MutableTagWhileCiPins;

/// A tag that names one build: a commit SHA (`${{ github.sha }}`, `$GITHUB_SHA`, a
/// `…sha…` step output, 7+ hex digits) or a digest.
fn immutable_tag(tag: &str) -> bool {
    let t = tag.to_ascii_lowercase();
    t.contains("sha") || (t.len() >= 7 && t.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The image name of a tag operand, lowercased, when it is known (no expression in
/// the repository part).
fn repo_of(image: &str) -> Option<(String, Option<String>)> {
    let r = ImageRef::parse(image.trim());
    if r.name.is_empty() || r.name.contains("${") || r.name.contains('$') {
        return None;
    }
    Some((r.name.to_ascii_lowercase(), r.tag.map(str::to_string)))
}

fn push(
    out: &mut Vec<BuiltImageFact>,
    file: &SourceFile,
    node: &Node<'_>,
    range: std::ops::Range<usize>,
    image: &str,
    immutable: bool,
) {
    // quotes inside a shell word (`img:"$GITHUB_SHA"`) are not part of the name
    let unquoted: String = image.chars().filter(|c| *c != '"' && *c != '\'').collect();
    let Some((repo, tag)) = repo_of(&unquoted) else {
        return;
    };
    // docker/metadata-action: the tags come from its `tags` input
    let tag = tag.or_else(|| immutable.then(|| "type=sha".to_string()));
    let immutable = immutable || tag.as_deref().is_some_and(immutable_tag);
    let span = node
        .located_sub_span(&file.text, range)
        .unwrap_or(node.span);
    out.push(BuiltImageFact {
        path: file.path.clone(),
        repo,
        tag: tag.unwrap_or_default(),
        immutable,
        loc: file.loc(span),
    });
}

/// Items of a list-valued action input (`tags`, `images`): newline- or comma-separated,
/// with their byte ranges in the value.
fn list_items(value: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in value
        .char_indices()
        .chain(std::iter::once((value.len(), '\n')))
    {
        if c == '\n' || c == ',' {
            let item = &value[start..i];
            let lead = item.len() - item.trim_start().len();
            let t = item.trim();
            if !t.is_empty() {
                out.push((start + lead..start + lead + t.len(), t));
            }
            start = i + c.len_utf8();
        }
    }
    out
}

/// What the workflow builds: `docker/build-push-action` `tags`, `docker/metadata-action`
/// `images` (SHA tags when its `tags` has `type=sha`), and `docker build|buildx build|tag`
/// `-t`/`--tag` operands in `run:` scripts.
pub fn built_images(file: &SourceFile, wf: &Workflow<'_, '_>) -> Vec<BuiltImageFact> {
    let mut out = Vec::new();
    for job in &wf.jobs {
        for step in &job.steps {
            let action = step.action_name().unwrap_or("");
            if let Some(with) = step.with() {
                if action.ends_with("docker/build-push-action") {
                    if let Some(tags) = with.get("tags") {
                        if let Some(v) = tags.as_str() {
                            for (r, item) in list_items(v) {
                                push(&mut out, file, tags, r, item, false);
                            }
                        }
                    }
                }
                if action.ends_with("docker/metadata-action") {
                    let sha = with
                        .get("tags")
                        .and_then(|t| t.as_str())
                        .is_some_and(|t| t.contains("type=sha"));
                    if let Some(images) = with.get("images") {
                        if let Some(v) = images.as_str() {
                            for (r, item) in list_items(v) {
                                // `name=ghcr.io/x,enable=…` form
                                let name = item.split(',').next().unwrap_or(item);
                                let name = name.strip_prefix("name=").unwrap_or(name);
                                let off = item.len() - item.trim_start_matches("name=").len();
                                push(
                                    &mut out,
                                    file,
                                    images,
                                    r.start + off..r.start + off + name.len(),
                                    name,
                                    sha,
                                );
                            }
                        }
                    }
                }
            }
            if let Some(run) = step.run() {
                if let Some(script) = run.as_str() {
                    scan_script(&mut out, file, run, script);
                }
            }
        }
    }
    out
}

/// `docker build -t img:tag`, `docker buildx build --tag=img:tag`, `docker tag a img:tag`.
fn scan_script(out: &mut Vec<BuiltImageFact>, file: &SourceFile, node: &Node<'_>, script: &str) {
    let mut line_start = 0;
    for line in script.split_inclusive('\n') {
        let base = line_start;
        line_start += line.len();
        let words: Vec<(usize, &str)> = line
            .split_whitespace()
            .map(|w| (w.as_ptr() as usize - line.as_ptr() as usize, w))
            .collect();
        let Some(docker) = words.iter().position(|(_, w)| *w == "docker") else {
            continue;
        };
        let sub: Vec<&str> = words[docker + 1..]
            .iter()
            .take(2)
            .map(|(_, w)| *w)
            .collect();
        let is_build = matches!(
            sub.as_slice(),
            ["build", ..] | ["buildx", "build"] | ["image", "build"]
        );
        let is_tag = matches!(sub.as_slice(), ["tag", ..] | ["image", "tag"]);
        if !is_build && !is_tag {
            continue;
        }
        let mut i = docker + 1;
        while i < words.len() {
            let (off, w) = words[i];
            let operand = if w == "-t" || w == "--tag" {
                i += 1;
                words.get(i).copied()
            } else {
                w.strip_prefix("--tag=").map(|v| (off + 6, v))
            };
            if let Some((o, img)) = operand {
                let start = base + o;
                push(out, file, node, start..start + img.len(), img, false);
            }
            i += 1;
        }
        if is_tag {
            // `docker tag SRC TARGET`: the last operand is the new name
            if let Some((o, img)) = words.last().copied().filter(|(_, w)| !w.starts_with('-')) {
                if words.len() > docker + 3 {
                    let start = base + o;
                    push(out, file, node, start..start + img.len(), img, false);
                }
            }
        }
    }
}

impl ProjectRule for MutableTagWhileCiPins {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        let pinned: Vec<&BuiltImageFact> = project
            .built_images
            .iter()
            .filter(|b| b.immutable)
            .collect();
        if pinned.is_empty() {
            return;
        }
        let matching = |image: &str| -> Option<&BuiltImageFact> {
            let (repo, _) = repo_of(image)?;
            let short = repo.rsplit('/').next().unwrap_or(&repo).to_string();
            pinned.iter().copied().find(|b| {
                b.repo == repo
                    || (b.repo.rsplit('/').next() == Some(short.as_str())
                        && (!repo.contains('/') || !b.repo.contains('/')))
            })
        };
        let mutable = |image: &str| {
            let r = ImageRef::parse(image);
            r.digest.is_none()
                && !image.contains('$')
                && r.tag.is_some_and(|t| !immutable_tag(t) && t != "latest")
        };
        // findings point into the workload's or service's file
        let workloads: Vec<_> = project
            .workloads
            .iter()
            .filter(|w| cx.wants(&w.path))
            .collect();
        let services: Vec<_> = project
            .compose_services
            .iter()
            .filter(|s| cx.wants(&s.path))
            .collect();
        let mut report = |path: &str, loc: Loc, image: &str, b: &BuiltImageFact| {
            let tag = ImageRef::parse(image).tag.unwrap_or("");
            cx.report_at(
                path,
                loc,
                format!(
                    "image `{image}` is deployed with the mutable tag `{tag}` while CI publishes it with a per-commit tag (`{}`)",
                    b.tag
                ),
            )
            .help("deploy the tag CI produces for the commit (or its digest), so a rollback redeploys exactly what was tested")
            .label_at(Some(b.path.clone()), b.loc, "CI tags the image here");
        };
        for w in workloads {
            for c in &w.containers {
                let (Some(loc), true) = (c.image_loc, mutable(&c.image)) else {
                    continue;
                };
                if let Some(b) = matching(&c.image) {
                    report(&w.path, loc, &c.image, b);
                }
            }
        }
        for s in services {
            let (Some(image), Some(loc)) = (&s.image, s.image_loc) else {
                continue;
            };
            if mutable(image) {
                if let Some(b) = matching(image) {
                    report(&s.path, loc, image, b);
                }
            }
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::DEPLOYED
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_items_with_ranges() {
        let v = "ghcr.io/a/b:${{ github.sha }}\n ghcr.io/a/b:latest, x:1\n";
        let items = list_items(v);
        assert_eq!(items.len(), 3);
        assert_eq!(&v[items[1].0.clone()], "ghcr.io/a/b:latest");
        assert_eq!(items[2].1, "x:1");
    }

    #[test]
    fn immutable_tags() {
        assert!(immutable_tag("${{ github.sha }}"));
        assert!(immutable_tag("sha-3f2a1bc"));
        assert!(immutable_tag("3f2a1bc9"));
        assert!(!immutable_tag("1.4.2"));
        assert!(!immutable_tag("main"));
    }
}
