//! The result cache for incremental runs (pre-commit, editors): each file's lint outcome
//! — findings, suppressions and the facts cross-file rules need — keyed by the file's
//! content hash, in a cache file keyed by shipgate's version, the configuration and the
//! project root. The project phase always runs again from the (cached) facts, so
//! cross-file rules see every change of any participating file.
//!
//! Like git's index, an entry also records the file's `stat` data (size, modification
//! and change times, inode): when they are unchanged, the file is neither read nor
//! hashed. A stat is trusted only when the file was last changed well before the run
//! that recorded it began, so a write in the same clock tick as that run cannot go
//! unseen; other files are read and hashed.
//!
//! The cache file is binary (bincode): each entry's facts and findings are separate
//! length-prefixed blobs, so reading the file only delimits them, a worker thread
//! decodes the facts of the file it looks up, and a context file's findings (not
//! reported in a pre-commit run) are never decoded.
//!
//! The cache lives in the user's cache directory (`$SHIPGATE_CACHE_DIR`, else
//! `$XDG_CACHE_HOME/shipgate`, else `~/.cache/shipgate`), never in the checked repository.

use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use super::{FileEntry, FileKind, FileOutcome, FileStatus};
use crate::baseline::fnv1a;
use crate::diagnostics::{Diagnostic, Label, Severity};
use crate::rules::find_rule;
use crate::rules::project::Facts;
use crate::source::{Loc, Span};
use crate::suppress::Suppression;

/// The first bytes of a cache file (its format's version).
const MAGIC: &[u8; 8] = b"SGCACHE3";

/// bincode's settings; the limit bounds what a damaged file can make a decode allocate.
fn codec() -> bincode::config::Configuration<
    bincode::config::LittleEndian,
    bincode::config::Varint,
    bincode::config::Limit<{ 1 << 30 }>,
> {
    bincode::config::standard().with_limit::<{ 1 << 30 }>()
}

fn encode<T: Serialize>(v: &T) -> Option<Vec<u8>> {
    bincode::serde::encode_to_vec(v, codec()).ok()
}

fn decode<T: serde::de::DeserializeOwned>(b: &[u8]) -> Option<T> {
    bincode::serde::decode_from_slice(b, codec())
        .ok()
        .map(|(v, _)| v)
}

/// Bytes written as one length-prefixed block (not byte by byte, as `&[u8]` would be),
/// and read without a copy: a slice of the cache file.
struct BytesRef<'a>(&'a [u8]);

impl Serialize for BytesRef<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.0)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for BytesRef<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<BytesRef<'a>, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for V<'a> {
            type Value = BytesRef<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("borrowed bytes")
            }
            fn visit_borrowed_bytes<E>(self, v: &'de [u8]) -> Result<BytesRef<'a>, E> {
                Ok(BytesRef(v))
            }
        }
        d.deserialize_bytes(V(std::marker::PhantomData))
    }
}

/// A block in memory: where it lies in the cache file as read, or made by this run.
#[derive(Clone)]
enum Bytes {
    In(std::ops::Range<usize>),
    Own(Vec<u8>),
}

impl Default for Bytes {
    fn default() -> Bytes {
        Bytes::Own(Vec::new())
    }
}

/// A block's bytes, `file` being the cache file as read.
fn block<'a>(file: &'a [u8], b: &'a Bytes) -> &'a [u8] {
    match b {
        Bytes::In(r) => file.get(r.clone()).unwrap_or_default(),
        Bytes::Own(v) => v,
    }
}

/// Where `part` (a slice of `whole`) lies in it.
fn range_in(whole: &[u8], part: &[u8]) -> std::ops::Range<usize> {
    let start = (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize);
    start..start + part.len()
}

/// What `stat` says of a file: when all of it is unchanged, so is the file.
#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
pub struct Stat {
    len: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
    ino: u64,
    dev: u64,
}

impl Stat {
    #[cfg(unix)]
    pub fn of(m: &std::fs::Metadata) -> Option<Stat> {
        use std::os::unix::fs::MetadataExt;
        Some(Stat {
            len: m.len(),
            mtime: (m.mtime(), m.mtime_nsec()),
            ctime: (m.ctime(), m.ctime_nsec()),
            ino: m.ino(),
            dev: m.dev(),
        })
    }

    /// Without inode and change time the shortcut is not safe enough: always hash.
    #[cfg(not(unix))]
    pub fn of(_: &std::fs::Metadata) -> Option<Stat> {
        None
    }

    /// The file last changed (modification or change time) more than the racy margin
    /// before `started`, in seconds since the epoch: a stat recorded then may be trusted.
    pub(super) fn changed_before(&self, started: i64) -> bool {
        self.mtime
            .0
            .max(self.ctime.0)
            .saturating_add(RACY_MARGIN.as_secs() as i64)
            < started
    }
}

/// A stat is trusted when the file last changed this long before the recording run.
const RACY_MARGIN: Duration = Duration::from_secs(2);

#[derive(Serialize, Deserialize)]
struct CachedDiag {
    code: String,
    severity: Severity,
    message: String,
    help: Option<String>,
    path: String,
    loc: Option<Loc>,
    labels: Vec<(Option<String>, Loc, String)>,
    secrets: Vec<Span>,
}

#[derive(Serialize, Deserialize, Clone)]
struct CachedEntry {
    path: String,
    kind: FileKind,
    status: FileStatus,
    reason: Option<String>,
}

/// A file's entry, as the cache file holds it.
#[derive(Serialize, Deserialize)]
struct DiskOutcome<'a> {
    hash: u64,
    /// The file's stat when it may be trusted (see the module doc).
    stat: Option<Stat>,
    entry: CachedEntry,
    /// `Vec<CachedDiag>`, decoded only when the file's findings are reported: most of a
    /// cache file is findings, and a pre-commit run reports those of the given files only.
    #[serde(borrow)]
    diagnostics: BytesRef<'a>,
    /// The secret spans of those findings in this file, to mask its source without them.
    secrets: Vec<Span>,
    suppressions: Vec<Suppression>,
    /// `Facts`, decoded by the worker thread that looks the file up.
    #[serde(borrow)]
    facts: BytesRef<'a>,
}

#[derive(Serialize, Deserialize)]
struct DiskFile<'a> {
    /// The walk's snapshot (`walk_cache::Snapshot`; empty: none).
    #[serde(borrow)]
    walk: BytesRef<'a>,
    #[serde(borrow)]
    files: Vec<(&'a str, DiskOutcome<'a>)>,
}

/// A file's entry in memory: its blocks left in the cache file's bytes.
struct CachedOutcome {
    hash: u64,
    stat: Option<Stat>,
    entry: CachedEntry,
    diagnostics: Bytes,
    secrets: Vec<Span>,
    suppressions: Vec<Suppression>,
    facts: Bytes,
}

/// How a file is looked up.
#[derive(Clone, Copy)]
pub enum Key {
    /// By its stat alone (the file was not read).
    Stat(Stat),
    /// By content hash; the stat, when known, is recorded for the next run.
    Hash(u64, Option<Stat>),
}

pub struct Cache {
    /// The cache directory (every shipgate build's files live under it).
    dir: PathBuf,
    path: PathBuf,
    /// When this run began, in seconds since the epoch (stats recorded by this run are
    /// trusted only for files changed well before it).
    started: i64,
    /// The cache file as read (entries' blocks lie in it).
    bytes: Vec<u8>,
    /// The walk's snapshot, as read or as replaced by this run.
    walk: Mutex<Bytes>,
    /// The entries read from the cache file; each is moved to `new` when it is used.
    old: Mutex<HashMap<String, CachedOutcome>>,
    /// How many entries the cache file held.
    old_len: usize,
    new: Mutex<HashMap<String, CachedOutcome>>,
    /// Some entry was added or changed: the cache must be rewritten.
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

/// The cache file's bytes, its walk snapshot and its entries (blocks left in the bytes).
fn read_cache_file(path: &Path) -> (Vec<u8>, Bytes, HashMap<String, CachedOutcome>) {
    let Ok(bytes) = std::fs::read(path) else {
        return Default::default();
    };
    let parsed = bytes.strip_prefix(MAGIC).and_then(|body| {
        bincode::serde::borrow_decode_from_slice::<DiskFile, _>(body, codec()).ok()
    });
    let Some((file, _)) = parsed else {
        return Default::default();
    };
    let walk = Bytes::In(range_in(&bytes, file.walk.0));
    let entries = file
        .files
        .into_iter()
        .map(|(path, d)| {
            let c = CachedOutcome {
                hash: d.hash,
                stat: d.stat,
                entry: d.entry,
                diagnostics: Bytes::In(range_in(&bytes, d.diagnostics.0)),
                secrets: d.secrets,
                suppressions: d.suppressions,
                facts: Bytes::In(range_in(&bytes, d.facts.0)),
            };
            (path.to_string(), c)
        })
        .collect();
    (bytes, walk, entries)
}

impl Cache {
    /// Open (or start) the cache for this root and configuration.
    pub fn open(dir: &Path, root: &Path, root_display: &str, config_fingerprint: u64) -> Cache {
        let started = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let abs = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        // the build too: facts and findings change between builds of one version
        let key = fnv1a(&[&abs.to_string_lossy(), root_display, &build_id()]);
        let path = dir
            .join(format!(
                "v{}-{}",
                env!("CARGO_PKG_VERSION"),
                env!("SHIPGATE_SOURCE_HASH")
            ))
            .join(format!("{key:016x}-{config_fingerprint:016x}.bin"));
        let (bytes, walk, old) = read_cache_file(&path);
        Cache {
            dir: dir.to_path_buf(),
            path,
            started,
            bytes,
            walk: Mutex::new(walk),
            old_len: old.len(),
            // most entries move over: no rehashing as they do
            new: Mutex::new(HashMap::with_capacity_and_hasher(
                old.len(),
                Default::default(),
            )),
            old: Mutex::new(old),
            dirty: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// When stats recorded by this run may be trusted.
    pub fn trust(&self) -> super::walk_cache::Trust {
        super::walk_cache::Trust {
            started: self.started,
        }
    }

    /// A block's bytes.
    fn bytes<'a>(&'a self, b: &'a Bytes) -> &'a [u8] {
        block(&self.bytes, b)
    }

    /// The walk's snapshot recorded by an earlier run.
    pub fn walk_snapshot(&self) -> Option<super::walk_cache::Snapshot> {
        let walk = self.walk.lock().ok()?;
        let bytes = self.bytes(&walk);
        if bytes.is_empty() {
            return None;
        }
        decode(bytes)
    }

    /// Keep this snapshot of the walk for the next run (one that cannot be encoded, a
    /// path that is not UTF-8, is not kept).
    pub fn set_walk_snapshot(&self, snapshot: &super::walk_cache::Snapshot) {
        if let Ok(mut walk) = self.walk.lock() {
            *walk = Bytes::Own(encode(snapshot).unwrap_or_default());
            self.dirty.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// `stat` if a later run may trust it: the file last changed well before this run.
    fn trusted(&self, stat: Option<Stat>) -> Option<Stat> {
        stat.filter(|s| self.trust().ok(s))
    }

    /// The cached outcome of `display` when `key` shows it unchanged; without
    /// `findings`, its diagnostics are left empty (and its secret spans put in `masks`).
    pub fn lookup(
        &self,
        display: &str,
        key: Key,
        policies: &[crate::policy::Policy],
        findings: bool,
    ) -> Option<FileOutcome> {
        let (owned_display, mut c) = {
            let mut old = self.old.lock().ok()?;
            let hit = old.get(display).is_some_and(|c| match key {
                Key::Stat(s) => c.stat == Some(s),
                Key::Hash(h, _) => c.hash == h,
            });
            if !hit {
                return None;
            }
            old.remove_entry(display)?
        };
        let facts: Box<Facts> = decode(self.bytes(&c.facts))?;
        let cached: Vec<CachedDiag> = if findings {
            decode(self.bytes(&c.diagnostics))?
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
                help: d.help.map(std::borrow::Cow::Owned),
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
            entry: FileEntry {
                path: c.entry.path.clone(),
                kind: c.entry.kind,
                status: c.entry.status,
                reason: c.entry.reason.clone(),
            },
            diagnostics,
            suppressions: c.suppressions.clone(),
            facts,
            source: None,
            masks: if findings {
                Vec::new()
            } else {
                c.secrets.clone()
            },
            lazy_source: None,
            kustomize_input: None,
        };
        if let Key::Hash(_, stat) = key {
            // unchanged content under a new stat (touched, checked out again): record it
            let stat = self.trusted(stat);
            if stat.is_some() && stat != c.stat {
                c.stat = stat;
                self.dirty.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        }
        // kept as read: nothing to convert back
        if let Ok(mut new) = self.new.lock() {
            new.insert(owned_display, c);
        }
        Some(out)
    }

    /// Record an outcome computed in this run.
    pub fn remember(&self, display: &str, hash: u64, stat: Option<Stat>, o: &FileOutcome) {
        let diagnostics: Vec<CachedDiag> = o
            .diagnostics
            .iter()
            .map(|d| CachedDiag {
                code: d.rule.code.to_string(),
                severity: d.severity,
                message: d.message.clone(),
                help: d.help.as_deref().map(str::to_owned),
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
        let (Some(diagnostics), Some(facts)) = (encode(&diagnostics), encode(&o.facts)) else {
            return;
        };
        let entry = CachedOutcome {
            hash,
            stat: self.trusted(stat),
            entry: CachedEntry {
                path: o.entry.path.clone(),
                kind: o.entry.kind,
                status: o.entry.status,
                reason: o.entry.reason.clone(),
            },
            diagnostics: Bytes::Own(diagnostics),
            secrets: crate::diagnostics::mask::secret_spans(&o.entry.path, &o.diagnostics, &[]),
            suppressions: o.suppressions.clone(),
            facts: Bytes::Own(facts),
        };
        self.dirty.store(true, std::sync::atomic::Ordering::Relaxed);
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
                .and_then(|f| f.set_modified(SystemTime::now()));
            return;
        }
        let Some(dir) = self.path.parent() else {
            return;
        };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let mut files: Vec<(String, CachedOutcome)> = files.into_iter().collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        let walk = self.walk.into_inner().unwrap_or_default();
        let file = &self.bytes;
        let disk = DiskFile {
            walk: BytesRef(block(file, &walk)),
            files: files
                .iter()
                .map(|(path, c)| {
                    let d = DiskOutcome {
                        hash: c.hash,
                        stat: c.stat,
                        entry: c.entry.clone(),
                        diagnostics: BytesRef(block(file, &c.diagnostics)),
                        secrets: c.secrets.clone(),
                        suppressions: c.suppressions.clone(),
                        facts: BytesRef(block(file, &c.facts)),
                    };
                    (path.as_str(), d)
                })
                .collect(),
        };
        let Some(body) = encode(&disk) else {
            return;
        };
        let mut bytes = Vec::with_capacity(MAGIC.len() + body.len());
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&body);
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
const MAX_AGE: Duration = Duration::from_secs(30 * 24 * 3600);
/// Beyond this total size, the least recently used cache files are deleted.
const MAX_TOTAL: u64 = 256 * 1024 * 1024;

/// Bound the cache directory: every file under `dir`'s build directories (`v…/`) older
/// than `max_age` goes, then the oldest others until the total is within `max_total`;
/// `keep` (this run's file) always stays. Emptied build directories are removed.
/// Only the cache's own layout is touched: files directly in `dir` and anything deeper
/// than one level are left alone.
fn prune(dir: &Path, keep: &Path, max_age: Duration, max_total: u64) {
    let now = SystemTime::now();
    let mut files: Vec<(SystemTime, u64, PathBuf)> = Vec::new();
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

    fn stat(changed: i64, ino: u64) -> Stat {
        Stat {
            len: 10,
            mtime: (changed, 0),
            ctime: (changed, 5),
            ino,
            dev: 1,
        }
    }

    #[test]
    fn stats_are_trusted_only_when_changed_well_before_the_run() {
        let dir = std::env::temp_dir().join(format!("shipgate-stat-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let root = dir.join("repo");
        std::fs::create_dir_all(&root).unwrap();
        let cache = Cache::open(&dir.join("cache"), &root, "repo", 7);
        let now = cache.started;
        assert_eq!(
            cache.trusted(Some(stat(now - 60, 1))),
            Some(stat(now - 60, 1))
        );
        assert_eq!(
            cache.trusted(Some(stat(now - 1, 1))),
            None,
            "racy: too recent"
        );
        assert_eq!(cache.trusted(None), None);
        let outcome = || {
            super::super::lint::outcome(
                "repo/Dockerfile",
                FileKind::Dockerfile,
                FileStatus::Linted,
                None,
            )
        };
        cache.remember("repo/Dockerfile", 42, Some(stat(now - 60, 1)), &outcome());
        cache.remember("repo/new", 43, Some(stat(now, 2)), &outcome());
        cache.save();
        let cache = Cache::open(&dir.join("cache"), &root, "repo", 7);
        let none: &[crate::policy::Policy] = &[];
        // another inode, or a stat that was not trusted: no hit by stat
        assert!(cache
            .lookup("repo/Dockerfile", Key::Stat(stat(now - 60, 9)), none, true)
            .is_none());
        assert!(cache
            .lookup("repo/new", Key::Stat(stat(now, 2)), none, true)
            .is_none());
        let hit = cache.lookup("repo/Dockerfile", Key::Stat(stat(now - 60, 1)), none, true);
        assert_eq!(
            hit.map(|o| o.entry.path),
            Some("repo/Dockerfile".to_string())
        );
        // by hash, a stat that is now old enough is recorded for the next run
        let hit = cache.lookup(
            "repo/new",
            Key::Hash(43, Some(stat(now - 60, 2))),
            none,
            true,
        );
        assert!(hit.is_some());
        cache.save();
        let cache = Cache::open(&dir.join("cache"), &root, "repo", 7);
        assert!(cache
            .lookup("repo/new", Key::Stat(stat(now - 60, 2)), none, true)
            .is_some());
        let _ = std::fs::remove_dir_all(&dir);
    }

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
            let t = SystemTime::now() - Duration::from_secs(age_s);
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
