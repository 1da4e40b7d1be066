//! The result cache for incremental runs (pre-commit, editors): each file's lint outcome
//! — findings, suppressions and the facts cross-file rules need — keyed by the file's
//! content hash, in a cache file keyed by shipgate's version, the configuration and the
//! project root. The project phase always runs again from the (cached) facts, so
//! cross-file rules see every change of any participating file.
//!
//! The cache lives in the user's cache directory (`$SHIPGATE_CACHE_DIR`, else
//! `$XDG_CACHE_HOME/shipgate`, else `~/.cache/shipgate`), never in the checked repository.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::{FileEntry, FileOutcome};
use crate::baseline::fnv1a;
use crate::diagnostics::{Diagnostic, Label, Severity};
use crate::rules::find_rule;
use crate::rules::project::Facts;
use crate::source::{Loc, Span};
use crate::suppress::Suppression;

#[derive(Serialize, Deserialize)]
struct CachedDiag {
    code: String,
    severity: Severity,
    message: String,
    help: Option<String>,
    path: String,
    loc: Option<Loc>,
    labels: Vec<(Option<String>, Loc, String)>,
    #[serde(default)]
    secrets: Vec<Span>,
}

#[derive(Serialize, Deserialize)]
struct CachedOutcome {
    hash: u64,
    entry: FileEntry,
    /// `Vec<CachedDiag>`, decoded only when the file's findings are reported: most of a
    /// cache file is findings, and a pre-commit run reports those of the given files only.
    diagnostics: Box<RawValue>,
    /// The secret spans of those findings in this file, to mask its source without them.
    secrets: Vec<Span>,
    suppressions: Vec<Suppression>,
    /// `Facts`, decoded by the worker thread that looks the file up (reading the cache
    /// file only delimits it, on one thread).
    facts: Box<RawValue>,
}

#[derive(Serialize, Deserialize, Default)]
struct CacheFile {
    files: HashMap<String, CachedOutcome>,
}

pub struct Cache {
    /// The cache directory (every shipgate build's files live under it).
    dir: PathBuf,
    path: PathBuf,
    /// The entries read from the cache file; each is moved to `new` when it is used.
    old: Mutex<HashMap<String, CachedOutcome>>,
    /// How many entries the cache file held.
    old_len: usize,
    new: Mutex<HashMap<String, CachedOutcome>>,
    /// Some file was linted (not found in the cache): the cache must be rewritten.
    dirty: std::sync::atomic::AtomicBool,
}

/// The default cache directory, if the environment names one.
pub fn default_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("SHIPGATE_CACHE_DIR") {
        return Some(PathBuf::from(d));
    }
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME") {
        return Some(PathBuf::from(d).join("shipgate"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/shipgate"))
}

/// Hash of a file's bytes.
pub fn content_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The running executable's size and modification time: development builds share a
/// version number but not their rules' behaviour.
fn build_id() -> String {
    std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let t = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}-{t}", m.len())
        })
        .unwrap_or_default()
}

impl Cache {
    /// Open (or start) the cache for this root and configuration.
    pub fn open(dir: &Path, root: &Path, root_display: &str, config_fingerprint: u64) -> Cache {
        let abs = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        // the build too: facts and findings change between builds of one version
        let key = fnv1a(&[&abs.to_string_lossy(), root_display, &build_id()]);
        let path = dir
            .join(format!(
                "v{}-{}",
                env!("CARGO_PKG_VERSION"),
                env!("SHIPGATE_SOURCE_HASH")
            ))
            .join(format!("{key:016x}-{config_fingerprint:016x}.json"));
        let old: CacheFile = std::fs::read(&path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        Cache {
            dir: dir.to_path_buf(),
            path,
            old_len: old.files.len(),
            old: Mutex::new(old.files),
            new: Mutex::new(HashMap::new()),
            dirty: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// The cached outcome of `display` when its content hash is unchanged; without
    /// `findings`, its diagnostics are left empty (and its secret spans put in `masks`).
    pub fn lookup(
        &self,
        display: &str,
        hash: u64,
        policies: &[crate::policy::Policy],
        findings: bool,
    ) -> Option<FileOutcome> {
        let c = self
            .old
            .lock()
            .ok()
            .and_then(|mut old| old.remove(display))
            .filter(|c| c.hash == hash)?;
        let facts: Facts = serde_json::from_str(c.facts.get()).ok()?;
        let cached: Vec<CachedDiag> = if findings {
            serde_json::from_str(c.diagnostics.get()).ok()?
        } else {
            Vec::new()
        };
        let mut diagnostics = Vec::with_capacity(cached.len());
        for d in cached {
            // a rule that no longer exists invalidates the entry
            let rule = match find_rule(&d.code) {
                Some((_, r)) => &r.meta,
                None => policies.iter().find(|p| p.meta.code == d.code)?.meta,
            };
            diagnostics.push(Diagnostic {
                rule,
                severity: d.severity,
                message: d.message,
                help: d.help,
                path: d.path,
                loc: d.loc,
                labels: d
                    .labels
                    .into_iter()
                    .map(|(path, loc, message)| Label { path, loc, message })
                    .collect(),
                secrets: d.secrets,
            });
        }
        let out = FileOutcome {
            entry: c.entry.clone(),
            diagnostics,
            suppressions: c.suppressions.clone(),
            facts,
            source: None,
            masks: if findings {
                Vec::new()
            } else {
                c.secrets.clone()
            },
        };
        // kept as read: nothing to convert back
        if let Ok(mut new) = self.new.lock() {
            new.insert(display.to_string(), c);
        }
        Some(out)
    }

    /// Record an outcome computed in this run.
    pub fn remember(&self, display: &str, hash: u64, o: &FileOutcome) {
        self.dirty.store(true, std::sync::atomic::Ordering::Relaxed);
        self.keep(display, hash, o);
    }

    fn keep(&self, display: &str, hash: u64, o: &FileOutcome) {
        let diagnostics: Vec<CachedDiag> = o
            .diagnostics
            .iter()
            .map(|d| CachedDiag {
                code: d.rule.code.to_string(),
                severity: d.severity,
                message: d.message.clone(),
                help: d.help.clone(),
                path: d.path.clone(),
                loc: d.loc,
                labels: d
                    .labels
                    .iter()
                    .map(|l| (l.path.clone(), l.loc, l.message.clone()))
                    .collect(),
                secrets: d.secrets.clone(),
            })
            .collect();
        // an outcome that cannot be written is not cached (the file is linted next time)
        let (Ok(diagnostics), Ok(facts)) = (
            serde_json::value::to_raw_value(&diagnostics),
            serde_json::value::to_raw_value(&o.facts),
        ) else {
            return;
        };
        let entry = CachedOutcome {
            hash,
            entry: o.entry.clone(),
            diagnostics,
            secrets: o
                .diagnostics
                .iter()
                .filter(|d| d.path == o.entry.path)
                .flat_map(|d| d.secrets.iter().copied())
                .collect(),
            suppressions: o.suppressions.clone(),
            facts,
        };
        if let Ok(mut m) = self.new.lock() {
            m.insert(display.to_string(), entry);
        }
    }

    /// Write the entries of this run (files no longer present drop out). Failures to
    /// write are ignored: the cache is an optimisation.
    pub fn save(self) {
        let files = self.new.into_inner().unwrap_or_default();
        let unchanged = !self.dirty.into_inner() && files.len() == self.old_len;
        if unchanged {
            // in use: keep it young for the pruning of other runs
            let _ = std::fs::File::options()
                .write(true)
                .open(&self.path)
                .and_then(|f| f.set_modified(std::time::SystemTime::now()));
            return;
        }
        let Some(dir) = self.path.parent() else {
            return;
        };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let Ok(bytes) = serde_json::to_vec(&CacheFile { files }) else {
            return;
        };
        let tmp = self
            .path
            .with_extension(format!("tmp{}", std::process::id()));
        if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, &self.path).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        prune(&self.dir, &self.path, MAX_AGE, MAX_TOTAL);
    }
}

/// Cache files unused this long are deleted (each run that uses one refreshes it).
const MAX_AGE: std::time::Duration = std::time::Duration::from_secs(30 * 24 * 3600);
/// Beyond this total size, the least recently used cache files are deleted.
const MAX_TOTAL: u64 = 256 * 1024 * 1024;

/// Bound the cache directory: every file under `dir`'s build directories (`v…/`) older
/// than `max_age` goes, then the oldest others until the total is within `max_total`;
/// `keep` (this run's file) always stays. Emptied build directories are removed.
/// Only the cache's own layout is touched: files directly in `dir` and anything deeper
/// than one level are left alone.
fn prune(dir: &Path, keep: &Path, max_age: std::time::Duration, max_total: u64) {
    let now = std::time::SystemTime::now();
    let mut files: Vec<(std::time::SystemTime, u64, PathBuf)> = Vec::new();
    let builds: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.is_dir()
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with('v'))
        })
        .collect();
    for b in &builds {
        for e in std::fs::read_dir(b).into_iter().flatten().flatten() {
            let p = e.path();
            let Ok(meta) = e.metadata() else { continue };
            if !meta.is_file() || p == keep {
                continue;
            }
            let modified = meta.modified().unwrap_or(now);
            files.push((modified, meta.len(), p));
        }
    }
    let keep_len = std::fs::metadata(keep).map_or(0, |m| m.len());
    // newest first: what fits in the budget stays
    files.sort_by_key(|f| std::cmp::Reverse(f.0));
    let mut total = keep_len;
    for (modified, len, p) in files {
        let old = now.duration_since(modified).is_ok_and(|age| age > max_age);
        if old || total + len > max_total {
            let _ = std::fs::remove_file(&p);
        } else {
            total += len;
        }
    }
    for b in builds {
        // fails unless empty
        let _ = std::fs::remove_dir(&b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prune_bounds_age_and_size_and_keeps_the_current_file() {
        let dir = std::env::temp_dir().join(format!("shipgate-prune-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let build = dir.join("v0.1.0-cur");
        let other = dir.join("v0.0.9-old");
        std::fs::create_dir_all(&build).unwrap();
        std::fs::create_dir_all(&other).unwrap();
        let write = |p: &Path, len: usize, age_s: u64| {
            std::fs::write(p, vec![b'x'; len]).unwrap();
            let t = std::time::SystemTime::now() - std::time::Duration::from_secs(age_s);
            let f = std::fs::File::options().write(true).open(p).unwrap();
            f.set_modified(t).unwrap();
        };
        let keep = build.join("current.json");
        write(&keep, 400, 1000);
        write(&build.join("recent.json"), 300, 10);
        write(&build.join("older.json"), 300, 100);
        write(&other.join("stale.json"), 10, 90 * 24 * 3600);
        std::fs::write(dir.join("not-ours.txt"), "x").unwrap();
        prune(&dir, &keep, MAX_AGE, 900);
        assert!(keep.exists(), "the current file stays");
        assert!(
            build.join("recent.json").exists(),
            "the newest fits the budget"
        );
        assert!(!build.join("older.json").exists(), "over the budget");
        assert!(
            !other.exists(),
            "stale files and their emptied directory go"
        );
        assert!(
            dir.join("not-ours.txt").exists(),
            "other files are not touched"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
