//! GitHub Actions workflows: a typed view over the located YAML tree.
//!
//! Nothing is copied: every accessor hands back the tree's nodes, so every key and
//! value keeps its span. Unknown shapes (a `jobs:` that is not a mapping, a step that
//! is a string…) are skipped, never a panic.

use crate::source::Span;
use crate::syntax::yaml::{Entry, Node, Yaml};

/// One workflow file.
pub struct Workflow<'t, 'a> {
    pub root: &'t Node<'a>,
    /// The `on:` entry (YAML 1.1 readers call this key `true`; we read the text).
    pub on: Option<&'t Entry<'a>>,
    pub jobs: Vec<Job<'t, 'a>>,
}

/// An event the workflow runs on.
pub struct Trigger<'t, 'a> {
    pub name: &'t str,
    pub span: Span,
    /// `on: {push: {branches: …}}`: the event's configuration.
    pub config: Option<&'t Node<'a>>,
}

pub struct Job<'t, 'a> {
    pub id: &'t str,
    pub key: &'t Node<'a>,
    pub node: &'t Node<'a>,
    pub steps: Vec<Step<'t, 'a>>,
}

pub struct Step<'t, 'a> {
    pub index: usize,
    pub node: &'t Node<'a>,
}

/// What a `uses:` value refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionRef<'s> {
    /// `./path/to/action` (or a local reusable workflow).
    Local,
    /// `docker://image[:tag|@digest]`: the image reference (without the scheme) and its
    /// byte offset in the value.
    Docker { image: &'s str, offset: usize },
    /// `owner/repo[/path]@ref`: the name, the ref and the ref's byte offset in the value.
    Remote {
        name: &'s str,
        git_ref: &'s str,
        ref_offset: usize,
    },
    /// `owner/repo` without `@ref`: not runnable, but reported as unpinned.
    Unversioned { name: &'s str },
}

impl<'s> ActionRef<'s> {
    pub fn parse(value: &'s str) -> ActionRef<'s> {
        if value.starts_with("./") || value.starts_with("../") {
            return ActionRef::Local;
        }
        if let Some(image) = value.strip_prefix("docker://") {
            return ActionRef::Docker {
                image,
                offset: "docker://".len(),
            };
        }
        match value.rsplit_once('@') {
            Some((name, git_ref)) => ActionRef::Remote {
                name,
                git_ref,
                ref_offset: name.len() + 1,
            },
            None => ActionRef::Unversioned { name: value },
        }
    }
}

/// A full 40-hex-digit commit SHA (or a 64-digit SHA-256 object name).
pub fn is_full_sha(git_ref: &str) -> bool {
    (git_ref.len() == 40 || git_ref.len() == 64) && git_ref.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The `${{ … }}` expressions in a string: the byte range of each, `${{` to `}}`
/// inclusive. An unterminated `${{` ends the scan.
pub fn expressions(s: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = s.get(from..).and_then(|t| t.find("${{")) {
        let start = from + i;
        let Some(j) = s[start + 3..].find("}}") else {
            break;
        };
        let end = start + 3 + j + 2;
        out.push(start..end);
        from = end;
    }
    out
}

impl<'t, 'a> Workflow<'t, 'a> {
    /// The workflow of the first document, if it looks like one (`jobs:` or `on:`).
    pub fn from_yaml(yaml: &'t Yaml<'a>) -> Option<Workflow<'t, 'a>> {
        let root = yaml.docs.first()?.root.as_ref()?;
        if !root.is_map() {
            return None;
        }
        let on = root.entry("on").or_else(|| root.entry("true"));
        let jobs_node = root.get("jobs");
        if on.is_none() && jobs_node.is_none() {
            return None;
        }
        let jobs = jobs_node
            .and_then(Node::as_map)
            .unwrap_or(&[])
            .iter()
            // a job is a mapping; anything else under `jobs:` is a malformed entry
            .filter(|e| e.value.is_map())
            .filter_map(|e| {
                let id = e.key.as_str()?;
                Some(Job {
                    id,
                    key: &e.key,
                    node: &e.value,
                    steps: e
                        .value
                        .get("steps")
                        .and_then(Node::as_seq)
                        .unwrap_or(&[])
                        .iter()
                        .enumerate()
                        .filter(|(_, n)| n.is_map())
                        .map(|(index, node)| Step { index, node })
                        .collect(),
                })
            })
            .collect();
        Some(Workflow { root, on, jobs })
    }

    /// The events the workflow runs on, in every form `on:` takes: a string, a list,
    /// or a mapping of event → configuration.
    pub fn triggers(&self) -> Vec<Trigger<'t, 'a>> {
        let Some(on) = self.on else {
            return Vec::new();
        };
        let v = &on.value;
        if let Some(name) = v.as_str() {
            return vec![Trigger {
                name,
                span: v.span,
                config: None,
            }];
        }
        if let Some(items) = v.as_seq() {
            return items
                .iter()
                .filter_map(|n| {
                    Some(Trigger {
                        name: n.as_str()?,
                        span: n.span,
                        config: None,
                    })
                })
                .collect();
        }
        v.as_map()
            .unwrap_or(&[])
            .iter()
            .filter_map(|e| {
                Some(Trigger {
                    name: e.key.as_str()?,
                    span: e.key.span,
                    config: Some(&e.value),
                })
            })
            .collect()
    }

    pub fn has_trigger(&self, name: &str) -> bool {
        self.triggers().iter().any(|t| t.name == name)
    }

    /// The span findings about the whole workflow point at: the `on` key, else `jobs`.
    pub fn anchor_span(&self) -> Span {
        self.on
            .map(|e| e.key.span)
            .or_else(|| self.root.entry("jobs").map(|e| e.key.span))
            .unwrap_or(self.root.span)
    }

    pub fn permissions(&self) -> Option<&'t Entry<'a>> {
        self.root.entry("permissions")
    }

    pub fn env(&self) -> Option<&'t Node<'a>> {
        self.root.get("env")
    }

    pub fn name(&self) -> Option<&'t str> {
        self.root.get_str("name")
    }
}

impl<'t, 'a> Job<'t, 'a> {
    pub fn name(&self) -> Option<&'t str> {
        self.node.get_str("name")
    }

    pub fn runs_on(&self) -> Option<&'t Node<'a>> {
        self.node.get("runs-on")
    }

    /// The jobs this one waits for, with their spans (`needs: a` or `needs: [a, b]`).
    pub fn needs(&self) -> Vec<(&'t str, Span)> {
        match self.node.get("needs") {
            Some(n) => match n.as_seq() {
                Some(items) => items
                    .iter()
                    .filter_map(|i| Some((i.as_str()?, i.span)))
                    .collect(),
                None => n.as_str().map(|s| vec![(s, n.span)]).unwrap_or_default(),
            },
            None => Vec::new(),
        }
    }

    pub fn environment(&self) -> Option<&'t Node<'a>> {
        self.node.get("environment")
    }

    /// The environment's name (`environment: prod` or `environment: {name: prod}`).
    pub fn environment_name(&self) -> Option<&'t str> {
        let env = self.environment()?;
        env.as_str().or_else(|| env.get_str("name"))
    }

    pub fn timeout_minutes(&self) -> Option<&'t Node<'a>> {
        self.node.get("timeout-minutes")
    }

    pub fn permissions(&self) -> Option<&'t Entry<'a>> {
        self.node.entry("permissions")
    }

    pub fn env(&self) -> Option<&'t Node<'a>> {
        self.node.get("env")
    }

    /// `uses:` of a job that calls a reusable workflow.
    pub fn uses(&self) -> Option<&'t Node<'a>> {
        self.node.get("uses")
    }

    pub fn condition(&self) -> Option<&'t Node<'a>> {
        self.node.get("if")
    }

    /// The runner labels (`runs-on: x`, `runs-on: [a, b]`, `runs-on: {labels: …}`).
    pub fn runner_labels(&self) -> Vec<&'t Node<'a>> {
        let Some(r) = self.runs_on() else {
            return Vec::new();
        };
        if r.as_str().is_some() {
            return vec![r];
        }
        if let Some(items) = r.as_seq() {
            return items.iter().filter(|n| n.as_str().is_some()).collect();
        }
        match r.get("labels") {
            Some(l) if l.as_str().is_some() => vec![l],
            Some(l) => l
                .as_seq()
                .unwrap_or(&[])
                .iter()
                .filter(|n| n.as_str().is_some())
                .collect(),
            None => Vec::new(),
        }
    }
}

impl<'t, 'a> Step<'t, 'a> {
    pub fn uses(&self) -> Option<&'t Node<'a>> {
        self.node.get("uses")
    }

    pub fn run(&self) -> Option<&'t Node<'a>> {
        self.node.get("run")
    }

    pub fn with(&self) -> Option<&'t Node<'a>> {
        self.node.get("with")
    }

    pub fn env(&self) -> Option<&'t Node<'a>> {
        self.node.get("env")
    }

    pub fn name(&self) -> Option<&'t str> {
        self.node.get_str("name")
    }

    /// `uses` with the action name only (`actions/checkout`), if this step uses one.
    pub fn action_name(&self) -> Option<&'t str> {
        match ActionRef::parse(self.uses()?.as_str()?) {
            ActionRef::Remote { name, .. } | ActionRef::Unversioned { name } => Some(name),
            _ => None,
        }
    }

    /// Where findings about the step point: `uses`, else `run`, else the step.
    pub fn anchor_span(&self) -> Span {
        self.node
            .entry("name")
            .or_else(|| self.node.entry("uses"))
            .or_else(|| self.node.entry("run"))
            .map_or(self.node.span, |e| e.value.span)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::yaml;

    const WF: &str = "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: [self-hosted, linux]\n    needs: [lint]\n    steps:\n      - uses: actions/checkout@v4\n      - run: |\n          echo ${{ github.head_ref }}\n  lint:\n    runs-on: ubuntu-latest\n    needs: build\n    environment: {name: prod}\n    steps: []\n";

    #[test]
    fn typed_view() {
        let y = yaml::parse(WF);
        let wf = Workflow::from_yaml(&y).unwrap();
        let t: Vec<&str> = wf.triggers().iter().map(|t| t.name).collect();
        assert_eq!(t, ["push", "pull_request"]);
        assert_eq!(wf.jobs.len(), 2);
        let test = &wf.jobs[0];
        assert_eq!(test.id, "test");
        assert_eq!(test.runner_labels().len(), 2);
        assert_eq!(test.needs()[0].0, "lint");
        assert_eq!(test.steps[0].action_name(), Some("actions/checkout"));
        let lint = &wf.jobs[1];
        assert_eq!(lint.needs()[0].0, "build");
        assert_eq!(lint.environment_name(), Some("prod"));
        let run = test.steps[1].run().unwrap();
        let v = run.as_str().unwrap();
        let e = &expressions(v)[0];
        let sp = run.located_sub_span(WF, e.clone()).unwrap();
        assert_eq!(&WF[sp.start..sp.end], "${{ github.head_ref }}");
    }

    #[test]
    fn on_forms_and_refs() {
        let y = yaml::parse("on: push\njobs: {}\n");
        assert!(Workflow::from_yaml(&y).unwrap().has_trigger("push"));
        let y = yaml::parse("on: [push, pull_request_target]\n");
        assert!(Workflow::from_yaml(&y)
            .unwrap()
            .has_trigger("pull_request_target"));
        assert!(Workflow::from_yaml(&yaml::parse("a: 1\n")).is_none());
        let y = yaml::parse("on: push\njobs:\n  runs-on: [x]\n  a:\n    steps: []\n");
        assert_eq!(Workflow::from_yaml(&y).unwrap().jobs.len(), 1);
        assert_eq!(ActionRef::parse("./x"), ActionRef::Local);
        assert_eq!(
            ActionRef::parse("actions/checkout@v4"),
            ActionRef::Remote {
                name: "actions/checkout",
                git_ref: "v4",
                ref_offset: 17
            }
        );
        assert!(is_full_sha("11bd71901bbe5b1630ceea73d27597364c9af683"));
        assert!(!is_full_sha("v4"));
        assert_eq!(expressions("a ${{ x }} b ${{ y").len(), 1);
    }
}
