//! Find files (gitignore-aware, parallel walk) and classify each into a [`FileKind`].
//!
//! Nothing is skipped silently: every path the walk meets ends up in the result, either
//! as a candidate to read or with the reason it was not read.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileKind {
    Dockerfile,
    Compose,
    Kubernetes,
    Kustomization,
    Workflow,
    Prometheus,
    Doc,
    HelmTemplate,
    /// `.env`, `.env.*`, `*.env` files (`KEY=value` lines).
    Env,
    Other,
}

impl FileKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Dockerfile => "dockerfile",
            FileKind::Compose => "compose",
            FileKind::Kubernetes => "kubernetes",
            FileKind::Kustomization => "kustomization",
            FileKind::Workflow => "workflow",
            FileKind::Prometheus => "prometheus",
            FileKind::Doc => "doc",
            FileKind::HelmTemplate => "helm-template",
            FileKind::Env => "env",
            FileKind::Other => "other",
        }
    }
}

/// What the path alone tells about a file; generic YAML needs its content to decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Candidate {
    Dockerfile,
    Compose,
    Kustomization,
    Workflow,
    /// YAML that may be Kubernetes, Prometheus, or nothing we lint.
    Yaml,
    /// YAML inside a Helm chart's `templates/` directory.
    HelmTemplate,
    Markdown,
    /// `.env`, `.env.*`, `*.env`: environment files.
    Env,
    /// Not an infrastructure file by name; not read.
    Other,
}

/// One path found by discovery.
#[derive(Debug, Clone)]
pub struct Found {
    pub path: PathBuf,
    /// The path as reported: relative to the working directory, `/`-separated.
    pub display: String,
    pub candidate: Candidate,
    /// Why it cannot be read (not a regular file, symlink loop, walk error…).
    pub unreadable: Option<String>,
    /// Given explicitly on the command line.
    pub explicit: bool,
}

/// Classify by file name and location.
pub fn classify_path(path: &Path, chart_roots: &HashSet<PathBuf>) -> Candidate {
    let name = file_name(path).unwrap_or_default();
    let lower = name.to_ascii_lowercase();
    if is_dockerfile_name(&lower) {
        return Candidate::Dockerfile;
    }
    let ext = memchr::memrchr(b'.', lower.as_bytes()).map_or("", |i| &lower[i + 1..]);
    let is_yaml = ext == "yaml" || ext == "yml";
    if lower.ends_with(".md") || lower.ends_with(".markdown") {
        return Candidate::Markdown;
    }
    if is_dotenv_name(&lower) {
        return Candidate::Env;
    }
    if !is_yaml {
        return Candidate::Other;
    }
    let stem = &lower[..lower.len() - ext.len() - 1];
    if stem == "kustomization" {
        return Candidate::Kustomization;
    }
    if stem.starts_with("docker-compose")
        || stem.starts_with("compose")
        || stem.ends_with(".compose")
        || stem.ends_with("docker-compose")
    {
        return Candidate::Compose;
    }
    let workflows = path
        .parent()
        .filter(|d| d.file_name() == Some("workflows".as_ref()));
    if workflows
        .and_then(Path::parent)
        .is_some_and(|d| d.file_name() == Some(".github".as_ref()))
    {
        return Candidate::Workflow;
    }
    if !chart_roots.is_empty() && in_chart_templates(path, chart_roots) {
        return Candidate::HelmTemplate;
    }
    Candidate::Yaml
}

/// `path`'s file name, when it is UTF-8: what [`Path::file_name`] gives, found by one
/// backward search for the last `/` when the path ends in a plain name (every walked
/// path does; `Path::file_name` parses components, which costs more than classifying).
pub fn file_name(path: &Path) -> Option<&str> {
    if cfg!(unix) {
        if let Some(s) = path.to_str() {
            // a trailing `/`, `.` or `..` component is normalised by `file_name`
            if !s.is_empty() && !s.ends_with(['/', '.']) {
                return Some(memchr::memrchr(b'/', s.as_bytes()).map_or(s, |i| &s[i + 1..]));
            }
        }
    }
    path.file_name().and_then(|n| n.to_str())
}

/// `Dockerfile`, `Dockerfile.*`, `*.Dockerfile`, `*.dockerfile`, `Containerfile`,
/// `Dockerfile-alpine`, `Dockerfile_windows` (already lowercased).
pub fn is_dockerfile_name(lower: &str) -> bool {
    for base in ["dockerfile", "containerfile"] {
        if lower == base {
            return true;
        }
        if let Some(rest) = lower.strip_prefix(base) {
            if rest.starts_with(['.', '-', '_']) && rest.len() > 1 {
                // `Dockerfile.dockerignore` is not a Dockerfile
                return !rest.ends_with("dockerignore");
            }
        }
        if lower
            .strip_suffix(base)
            .is_some_and(|rest| rest.ends_with('.'))
        {
            return true;
        }
    }
    false
}

/// `.env`, `.env.local`, `.env.example`, `prod.env` (already lowercased); not `.envrc`.
pub fn is_dotenv_name(lower: &str) -> bool {
    lower == ".env"
        || (lower.starts_with(".env.") && lower.len() > 5)
        || (lower.ends_with(".env") && lower.len() > 4)
}

fn in_chart_templates(path: &Path, chart_roots: &HashSet<PathBuf>) -> bool {
    // no directory named `templates` above it: most files, told by one search instead of
    // a walk up every ancestor
    if memchr::memmem::find(path.as_os_str().as_encoded_bytes(), b"templates").is_none() {
        return false;
    }
    let mut cur = path.parent();
    while let Some(dir) = cur {
        if dir.file_name().is_some_and(|n| n == "templates") {
            if let Some(root) = dir.parent() {
                if chart_roots.contains(root) {
                    return true;
                }
            }
        }
        cur = dir.parent();
    }
    false
}

/// The reported form of a path: relative to `cwd` when inside it, `/`-separated.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    // the common case (every path a walk from `.` finds): a relative path whose only
    // component to drop is a leading `./`, returned as written
    if cfg!(unix) {
        if let Some(s) = path.to_str() {
            let mut t = s;
            while let Some(rest) = t.strip_prefix("./") {
                t = rest;
            }
            let clean = !t.is_empty()
                && t != "."
                && !t.starts_with('/')
                && !t.ends_with('/')
                && !t.ends_with("/.")
                && !has_empty_or_dot_part(t.as_bytes());
            if clean {
                return t.to_string();
            }
        }
    }
    display_components(path, cwd)
}

/// Whether `b` holds `//` or `/./`, told at each `/` (a few per path) rather than by two
/// substring searches.
fn has_empty_or_dot_part(b: &[u8]) -> bool {
    memchr::memchr_iter(b'/', b).any(|i| match b.get(i + 1) {
        Some(b'/') => true,
        Some(b'.') => b.get(i + 2) == Some(&b'/'),
        _ => false,
    })
}

/// [`display_path`] by the path's components.
fn display_components(path: &Path, cwd: &Path) -> String {
    let rel = if path.is_absolute() {
        path.strip_prefix(cwd).unwrap_or(path)
    } else {
        path
    };
    let mut s = String::new();
    for c in rel.components() {
        match c {
            std::path::Component::CurDir => continue,
            std::path::Component::RootDir => {
                s.push('/');
                continue;
            }
            _ => {}
        }
        if !s.is_empty() && !s.ends_with('/') {
            s.push('/');
        }
        s.push_str(&c.as_os_str().to_string_lossy());
    }
    if s.is_empty() {
        ".".to_string()
    } else {
        s
    }
}

/// What a walk of directories found.
#[derive(Default)]
pub struct Walked {
    /// Every entry that is not a directory: its path, why it cannot be read (not a
    /// regular file, a walk error…), and whether the walk saw a regular file.
    pub entries: Vec<(PathBuf, Option<String>, bool)>,
    /// Every directory entered, the roots included.
    pub dirs: Vec<PathBuf>,
    /// The walk met an error (an unreadable directory, a loop…).
    pub errors: bool,
}

impl Walked {
    /// The entries' paths, and why each cannot be read.
    pub fn into_entries(self) -> Vec<(PathBuf, Option<String>)> {
        self.entries
            .into_iter()
            .map(|(path, problem, _)| (path, problem))
            .collect()
    }
}

/// Walk directories, gitignore-aware (`.gitignore`, `.ignore`, `.git/info/exclude`, in
/// the directories and their parents), without following symbolic links. A directory
/// below a root walked alone finds what the whole walk finds below it.
pub fn walk(dirs: &[PathBuf], threads: usize) -> Walked {
    let Some(first) = dirs.first() else {
        return Walked::default();
    };
    let found: Mutex<Walked> = Mutex::new(Walked::default());
    let mut builder = ignore::WalkBuilder::new(first);
    for d in &dirs[1..] {
        builder.add(d);
    }
    builder
        .hidden(false)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .require_git(false)
        .ignore(true)
        .parents(true)
        .follow_links(false)
        .threads(threads.max(1))
        .filter_entry(|e| e.file_name() != ".git");
    builder.build_parallel().run(|| {
        let found = &found;
        Box::new(move |entry| {
            let mut dir = None;
            let mut item = None;
            let mut error = false;
            match entry {
                Ok(e) => {
                    let ft = e.file_type();
                    if ft.is_some_and(|t| t.is_dir()) {
                        dir = Some(e.into_path());
                    } else {
                        let path = e.into_path();
                        let regular = ft.is_some_and(|t| t.is_file());
                        let problem = walked_file_problem(&path, regular);
                        item = Some((path, problem, regular));
                    }
                }
                Err(err) => {
                    error = true;
                    item = walk_error_path(&err).map(|p| (p, Some(err.to_string()), false));
                }
            }
            if let Ok(mut w) = found.lock() {
                w.errors |= error;
                w.dirs.extend(dir);
                w.entries.extend(item);
            }
            ignore::WalkState::Continue
        })
    });
    found.into_inner().unwrap_or_default()
}

/// Walk `paths` and return every file found, sorted by display path.
pub fn discover(paths: &[PathBuf], cwd: &Path, threads: usize) -> Vec<Found> {
    discover_with(paths, cwd, |dirs| walk(dirs, threads).into_entries())
}

/// [`discover`], with the directories' entries listed by `walk_dirs` (a cached walk).
pub fn discover_with(
    paths: &[PathBuf],
    cwd: &Path,
    walk_dirs: impl FnOnce(&[PathBuf]) -> Vec<(PathBuf, Option<String>)>,
) -> Vec<Found> {
    let mut raw: Vec<(PathBuf, Option<String>, bool)> = Vec::new();
    let mut dirs = Vec::new();
    for p in paths {
        match std::fs::symlink_metadata(p) {
            Ok(m) if m.is_dir() => dirs.push(p.clone()),
            Ok(_) => raw.push((p.clone(), regular_file_problem(p), true)),
            Err(e) => raw.push((p.clone(), Some(format!("cannot read: {e}")), true)),
        }
    }
    if !dirs.is_empty() {
        raw.extend(
            walk_dirs(&dirs)
                .into_iter()
                .map(|(path, problem)| (path, problem, false)),
        );
    }
    let chart_roots: HashSet<PathBuf> = raw
        .iter()
        .filter(|(p, _, _)| file_name(p) == Some("Chart.yaml"))
        .filter_map(|(p, _, _)| p.parent().map(Path::to_path_buf))
        .collect();
    let mut out: Vec<Found> = raw
        .into_iter()
        .map(|(path, unreadable, explicit)| Found {
            display: display_path(&path, cwd),
            candidate: classify_path(&path, &chart_roots),
            path,
            unreadable,
            explicit,
        })
        .collect();
    out.sort_by(|a, b| a.display.cmp(&b.display));
    // the same file reached by the walk and named explicitly: keep one, explicit
    out.dedup_by(|a, b| {
        let same = a.display == b.display;
        if same {
            b.explicit |= a.explicit;
        }
        same
    });
    out
}

fn walk_error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } => walk_error_path(err),
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

/// Why a file the walk found cannot be read: the walk's file type needs no system
/// call, so only what it did not see as a regular file (a symlink, a FIFO…) is looked
/// at closer.
pub fn walked_file_problem(path: &Path, regular: bool) -> Option<String> {
    if regular {
        None
    } else {
        regular_file_problem(path)
    }
}

/// Why a path is not a readable regular file (following a symlink to a file is fine).
fn regular_file_problem(path: &Path) -> Option<String> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
            return Some(if is_link {
                format!("broken or looping symlink: {e}")
            } else {
                format!("cannot read: {e}")
            });
        }
    };
    if meta.is_dir() {
        return Some("symlink to a directory (not followed)".into());
    }
    if !meta.is_file() {
        return Some("not a regular file (FIFO, socket or device)".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerfile_names() {
        for n in [
            "dockerfile",
            "dockerfile.prod",
            "app.dockerfile",
            "containerfile",
            "dockerfile-alpine",
            "dockerfile_windows",
        ] {
            assert!(is_dockerfile_name(n), "{n}");
        }
        for n in ["dockerfile.dockerignore", "dockerfiles", "mydockerfile.txt"] {
            assert!(!is_dockerfile_name(n), "{n}");
        }
    }

    #[test]
    fn yaml_candidates() {
        let roots = HashSet::new();
        let c = |p: &str| classify_path(Path::new(p), &roots);
        assert_eq!(c("a/docker-compose.prod.yml"), Candidate::Compose);
        assert_eq!(c("compose.yaml"), Candidate::Compose);
        assert_eq!(c("fail.compose.yaml"), Candidate::Compose);
        assert_eq!(c("prod.docker-compose.yml"), Candidate::Compose);
        assert_eq!(c("k/kustomization.yaml"), Candidate::Kustomization);
        assert_eq!(c("x/.github/workflows/ci.yml"), Candidate::Workflow);
        assert_eq!(c("k8s/deploy.yaml"), Candidate::Yaml);
        assert_eq!(c("docs/RUNBOOK.md"), Candidate::Markdown);
        assert_eq!(c("main.rs"), Candidate::Other);
        assert_eq!(c(".env"), Candidate::Env);
        assert_eq!(c("app/.env.production"), Candidate::Env);
        assert_eq!(c("config/prod.env"), Candidate::Env);
        assert_eq!(c(".envrc"), Candidate::Other);
        let mut roots = HashSet::new();
        roots.insert(PathBuf::from("chart"));
        roots.insert(PathBuf::from("a/b/templates/sub"));
        let c = |p: &str| classify_path(Path::new(p), &roots);
        for p in [
            "chart/templates/deploy.yaml",
            "chart/templates/deep/er/deploy.yaml",
            "a/b/templates/sub/templates/x.yml",
        ] {
            assert_eq!(c(p), Candidate::HelmTemplate, "{p}");
        }
        for p in [
            "chart/values.yaml",
            "chart/my-templates/x.yaml",
            "chart/templatesx/x.yaml",
            "other/templates/x.yaml",
            "templates/x.yaml",
            "a/b/templates/sub/x.yaml",
            "chart.templates/x.yaml",
        ] {
            assert_eq!(c(p), Candidate::Yaml, "{p}");
        }
    }

    #[test]
    fn display_paths_by_string_as_by_components() {
        let cwd = Path::new("/repo");
        for p in [
            "./a/b.yaml",
            "././a/b.yaml",
            "a/b.yaml",
            ".//a",
            "a//b",
            "a/./b",
            "a/.",
            "a/",
            ".",
            "./",
            "../x/y",
            "a/../b",
            "a/.b/c",
            "a/..b",
            "a/b/./",
            "a/.//b",
            ".github/workflows/ci.yml",
            "/repo/a/b",
            "/elsewhere/a",
            "Dockerfile",
        ] {
            assert_eq!(
                display_path(Path::new(p), cwd),
                display_components(Path::new(p), cwd),
                "{p}"
            );
        }
    }

    #[test]
    fn file_names_as_path_gives_them() {
        for p in [
            "a/b.yaml",
            "./k8s/Chart.yaml",
            "Chart.yaml",
            "a/b/",
            "a/.",
            "a/..",
            "..",
            ".",
            "/",
            "",
            "x.",
            "dir/.hidden",
            "a//b",
            "/abs/Dockerfile",
        ] {
            let path = Path::new(p);
            assert_eq!(
                file_name(path),
                path.file_name().and_then(|n| n.to_str()),
                "{p}"
            );
        }
    }

    #[test]
    fn display_paths() {
        let cwd = Path::new("/repo");
        assert_eq!(display_path(Path::new("./k8s/a.yaml"), cwd), "k8s/a.yaml");
        assert_eq!(
            display_path(Path::new("/repo/k8s/a.yaml"), cwd),
            "k8s/a.yaml"
        );
        assert_eq!(display_path(Path::new("."), cwd), ".");
    }
}
