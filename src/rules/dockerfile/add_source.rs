//! What an `ADD` source is: a URL, a git repository, a local archive, a plain file.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddSource {
    /// `http://`, `https://` (not a git repository).
    Url,
    /// `git@…`, `https://….git`, `git://…`.
    Git,
    /// A local archive ADD extracts (`.tar`, `.tar.gz`, `.tgz`…).
    Archive,
    /// A variable: not judged.
    Variable,
    /// A local file or directory.
    Local,
}

const ARCHIVE_EXTENSIONS: &[&str] = &[
    ".tar",
    ".tar.gz",
    ".tgz",
    ".tar.bz2",
    ".tbz",
    ".tbz2",
    ".tb2",
    ".tar.xz",
    ".txz",
    ".tar.zst",
    ".tzst",
    ".tar.lz",
    ".tlz",
    ".tar.lzma",
    ".tar.z",
    ".taz",
    ".gz",
    ".bz2",
    ".xz",
    ".zst",
    ".lz",
    ".lzma",
];

pub fn classify(src: &str) -> AddSource {
    let lower = src.to_ascii_lowercase();
    let is_git = lower.starts_with("git@")
        || lower.starts_with("git://")
        || lower.starts_with("ssh://")
        || lower.ends_with(".git")
        || lower.contains(".git#");
    if is_git {
        return AddSource::Git;
    }
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return AddSource::Url;
    }
    if src.contains('$') {
        return AddSource::Variable;
    }
    if ARCHIVE_EXTENSIONS.iter().any(|e| lower.ends_with(e)) {
        return AddSource::Archive;
    }
    AddSource::Local
}
