//! The walk cache, like git's "untracked cache": what the gitignore-aware walk found,
//! with the `stat` of every directory it entered and of every ignore file it read. A
//! later run stats those instead of listing every directory again, and walks again only
//! below the directories that changed: a file created, deleted or renamed changes its
//! directory's modification time, and an edited ignore file changes its own stat.
//!
//! As with file entries, a directory's stat is trusted only when it last changed well
//! before the run that recorded it (a change in the same clock tick would leave the
//! same time); other directories are walked again on every run until a run records
//! them old enough. The parents of the walked roots are watched too: their ignore files
//! apply (`parents`), and their own listings do not matter.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::cache::Stat;
use crate::discovery;

/// What a watched path was.
#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
enum Seen {
    Absent,
    /// A directory (its times not compared: `.git` changes with every git command).
    Dir,
    File(Stat),
    /// A special file (a FIFO…): not trusted.
    Other,
}

/// What `p` is now, following a symbolic link (an ignore file linked from elsewhere,
/// as dotfile managers do, is watched through its target); `None` when that cannot be
/// told (no permission…).
fn seen(p: &Path) -> Option<Seen> {
    match std::fs::metadata(p) {
        Ok(m) if m.is_dir() => Some(Seen::Dir),
        Ok(m) if m.is_file() => Some(Stat::of(&m).map_or(Seen::Other, Seen::File)),
        Ok(_) => Some(Seen::Other),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(Seen::Absent),
        Err(_) => None,
    }
}

#[derive(Serialize, Deserialize, Clone, Debug)]
struct DirRecord {
    path: PathBuf,
    /// Its stat, when it and its ignore files may be trusted; `None`: walked again.
    stat: Option<Stat>,
    /// The ignore files the walk reads for it (`.gitignore`, `.ignore` when present,
    /// `.git/info/exclude` in a repository's root), as they were.
    ignores: Vec<(PathBuf, Seen)>,
}

/// One walk's result and what it depended on.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Snapshot {
    roots: Vec<PathBuf>,
    /// The ignore files and repository markers of the roots' parents.
    parents: Vec<(PathBuf, Seen)>,
    dirs: Vec<DirRecord>,
    /// Every entry that is not a directory, and whether it was a regular file.
    files: Vec<(PathBuf, bool)>,
}

/// When stats recorded by a run may be trusted by later ones.
#[derive(Clone, Copy)]
pub struct Trust {
    /// The recording run's start, in seconds since the epoch.
    pub started: i64,
}

impl Trust {
    /// `s` may be trusted: the path last changed well before the recording run.
    pub(super) fn ok(self, s: &Stat) -> bool {
        s.changed_before(self.started)
    }

    fn seen_ok(self, s: &Seen) -> bool {
        match s {
            Seen::Absent | Seen::Dir => true,
            Seen::File(st) => self.ok(st),
            Seen::Other => false,
        }
    }
}

/// The record of a directory the walk entered; `None` when no snapshot can be kept (a
/// `.git` file: a worktree or submodule, whose exclude file lives elsewhere).
fn record_dir(path: PathBuf, trust: Trust) -> Option<DirRecord> {
    let stat = std::fs::symlink_metadata(&path)
        .ok()
        .and_then(|m| Stat::of(&m));
    let mut stable = stat.is_some_and(|s| trust.ok(&s));
    let mut ignores = Vec::new();
    for name in [".gitignore", ".ignore"] {
        let p = path.join(name);
        // an absent one, created later, changes the directory's time
        match seen(&p)? {
            Seen::Absent => {}
            s => {
                stable &= trust.seen_ok(&s);
                ignores.push((p, s));
            }
        }
    }
    match seen(&path.join(".git"))? {
        Seen::Absent => {}
        Seen::Dir => {
            let p = path.join(".git/info/exclude");
            let s = seen(&p)?;
            stable &= trust.seen_ok(&s);
            ignores.push((p, s));
        }
        Seen::File(_) | Seen::Other => return None,
    }
    Some(DirRecord {
        path,
        stat: stat.filter(|_| stable),
        ignores,
    })
}

fn unchanged(d: &DirRecord) -> bool {
    let Some(stat) = d.stat else {
        return false;
    };
    let now = std::fs::symlink_metadata(&d.path)
        .ok()
        .and_then(|m| Stat::of(&m));
    now == Some(stat) && d.ignores.iter().all(|(p, s)| seen(p) == Some(*s))
}

/// The ignore files and repository markers of the roots' parents; `None` when one
/// cannot be read or is too recent to be trusted.
fn parents(roots: &[PathBuf], trust: Trust) -> Option<Vec<(PathBuf, Seen)>> {
    let mut out = Vec::new();
    let mut done = std::collections::HashSet::new();
    for root in roots {
        let abs = std::fs::canonicalize(root).ok()?;
        for dir in abs.ancestors().skip(1) {
            if !done.insert(dir.to_path_buf()) {
                break;
            }
            for name in [".gitignore", ".ignore", ".git", ".git/info/exclude"] {
                let p = dir.join(name);
                let s = seen(&p)?;
                if !trust.seen_ok(&s) {
                    return None;
                }
                out.push((p, s));
            }
        }
    }
    Some(out)
}

/// What a cached walk did.
pub struct CachedWalk {
    pub entries: Vec<(PathBuf, Option<String>)>,
    /// The snapshot for the next run, when it differs from the one given.
    pub record: Option<Snapshot>,
    /// The directories listed again (with everything below them).
    #[cfg_attr(not(test), allow(dead_code))]
    pub walked: Vec<PathBuf>,
}

/// Walk `roots` as [`discovery::walk`] does, reusing `old` below the directories that
/// did not change.
pub fn walk(roots: &[PathBuf], threads: usize, trust: Trust, old: Option<Snapshot>) -> CachedWalk {
    if !cfg!(unix) {
        // no inode or change time: nothing can be trusted
        return fresh(roots, threads, trust, None);
    }
    let parents = parents(roots, trust);
    let old = old.filter(|o| o.roots == roots && Some(&o.parents) == parents.as_ref());
    let Some(parents) = parents else {
        return fresh(roots, threads, trust, None);
    };
    let Some(old) = old else {
        return fresh(roots, threads, trust, Some(parents));
    };
    let mut changed: Vec<&Path> = old
        .dirs
        .par_iter()
        .filter(|d| !unchanged(d))
        .map(|d| d.path.as_path())
        .collect();
    if changed.is_empty() {
        return CachedWalk {
            entries: entries(&old.files),
            record: None,
            walked: Vec::new(),
        };
    }
    // walk again below the outermost changed directories
    changed.sort();
    let mut tops: Vec<PathBuf> = Vec::new();
    for d in changed {
        if !tops.last().is_some_and(|t| d.starts_with(t)) {
            tops.push(d.to_path_buf());
        }
    }
    if tops.iter().any(|t| roots.contains(t)) {
        return fresh(roots, threads, trust, Some(parents));
    }
    let sub = discovery::walk(&tops, threads);
    if sub.errors {
        // a changed directory is gone, or cannot be read: walk it all
        return fresh(roots, threads, trust, Some(parents));
    }
    let below = |p: &Path| tops.iter().any(|t| p.starts_with(t));
    let Some(new_dirs) = record_dirs(sub.dirs, trust) else {
        return fresh(roots, threads, trust, Some(parents));
    };
    let mut dirs: Vec<DirRecord> = old.dirs.into_iter().filter(|d| !below(&d.path)).collect();
    dirs.extend(new_dirs);
    let mut files: Vec<(PathBuf, bool)> =
        old.files.into_iter().filter(|(p, _)| !below(p)).collect();
    files.extend(sub.entries.into_iter().map(|(p, _, regular)| (p, regular)));
    in_path_order(&mut files);
    let snapshot = Snapshot {
        roots: roots.to_vec(),
        parents,
        dirs,
        files,
    };
    CachedWalk {
        entries: entries(&snapshot.files),
        record: Some(snapshot),
        walked: tops,
    }
}

fn record_dirs(dirs: Vec<PathBuf>, trust: Trust) -> Option<Vec<DirRecord>> {
    dirs.into_par_iter().map(|d| record_dir(d, trust)).collect()
}

/// A whole walk, and its snapshot when one can be kept.
fn fresh(
    roots: &[PathBuf],
    threads: usize,
    trust: Trust,
    parents: Option<Vec<(PathBuf, Seen)>>,
) -> CachedWalk {
    let mut w = discovery::walk(roots, threads);
    let dirs = match parents {
        Some(_) if !w.errors => record_dirs(std::mem::take(&mut w.dirs), trust),
        _ => None,
    };
    let record = parents.zip(dirs).map(|(parents, dirs)| {
        let mut files: Vec<(PathBuf, bool)> = w
            .entries
            .iter()
            .map(|(p, _, regular)| (p.clone(), *regular))
            .collect();
        in_path_order(&mut files);
        Snapshot {
            roots: roots.to_vec(),
            parents,
            dirs,
            files,
        }
    });
    CachedWalk {
        entries: w.into_entries(),
        record,
        walked: roots.to_vec(),
    }
}

/// A snapshot's files in the byte order of their paths: discovery sorts what it found by
/// display path, which keeps that order (one root's prefix dropped), so a run that
/// reuses the snapshot sorts an already sorted list, in one pass.
fn in_path_order(files: &mut [(PathBuf, bool)]) {
    files.sort_unstable_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
}

/// The entries of a snapshot's files: anything but a regular file is looked at again
/// (a symbolic link's target may have changed).
fn entries(files: &[(PathBuf, bool)]) -> Vec<(PathBuf, Option<String>)> {
    files
        .iter()
        .map(|(p, regular)| (p.clone(), discovery::walked_file_problem(p, *regular)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(mut v: Vec<(PathBuf, Option<String>)>) -> Vec<(PathBuf, Option<String>)> {
        v.sort();
        v
    }

    /// A clock tick passes, so that a change shows in the times it leaves.
    fn tick() {
        std::thread::sleep(std::time::Duration::from_millis(30));
    }

    #[test]
    #[cfg(unix)]
    fn a_cached_walk_finds_what_a_fresh_walk_finds() {
        let dir = std::env::temp_dir().join(format!("shipgate-walk-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let w = |p: &str, text: &str| {
            let p = dir.join(p);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        w("repo/.gitignore", "build/\n");
        w("repo/a/Dockerfile", "FROM x\n");
        w("repo/a/b/deploy.yaml", "kind: Pod\n");
        w("repo/a/b/c/more.yaml", "kind: Pod\n");
        w("repo/build/out.yaml", "kind: Pod\n");
        w("repo/d/e/compose.yaml", "services: {}\n");
        std::fs::create_dir_all(dir.join("repo/.git/info")).unwrap();
        let roots = vec![dir.join("repo")];
        // every stat trusted, as if recorded long after the changes: the incremental path
        let trust = Trust {
            started: i64::MAX / 2,
        };
        let fresh_entries = || sorted(discovery::walk(&roots, 2).into_entries());
        let first = walk(&roots, 2, trust, None);
        let mut snapshot = first.record.expect("a snapshot is kept");
        assert_eq!(sorted(first.entries), fresh_entries());
        let mut step = |what: &str, walked: &[&str], change: &dyn Fn()| {
            tick();
            change();
            let w = walk(&roots, 2, trust, Some(snapshot.clone()));
            assert_eq!(sorted(w.entries), fresh_entries(), "after: {what}");
            let expected: Vec<PathBuf> = walked.iter().map(|d| dir.join(d)).collect();
            assert_eq!(w.walked, expected, "listed again after: {what}");
            if let Some(s) = w.record {
                snapshot = s;
            }
        };
        step("nothing changed", &[], &|| {});
        step("a file added deep down", &["repo/a/b/c"], &|| {
            w("repo/a/b/c/new.yaml", "x: 1\n")
        });
        step("an ignore file added below", &["repo/a/b"], &|| {
            w("repo/a/b/.gitignore", "*.yaml\n!keep.yaml\n")
        });
        step(
            "a file the new ignore file re-includes",
            &["repo/a/b"],
            &|| w("repo/a/b/keep.yaml", "x: 1\n"),
        );
        step("the new ignore file edited", &["repo/a/b"], &|| {
            w("repo/a/b/.gitignore", "*.yml\n")
        });
        step("the root ignore file edited", &["repo"], &|| {
            w("repo/.gitignore", "build/\nd/\n")
        });
        step("the root ignore file edited back", &["repo"], &|| {
            w("repo/.gitignore", "build/\n")
        });
        step("the repository exclude file created", &["repo"], &|| {
            w("repo/.git/info/exclude", "a/Dockerfile\n")
        });
        step("a directory removed", &["repo/a/b"], &|| {
            std::fs::remove_dir_all(dir.join("repo/a/b/c")).unwrap()
        });
        step("a directory added with files", &["repo/d"], &|| {
            w("repo/d/f/g/Dockerfile", "FROM y\n")
        });
        step("an ignore file linked from elsewhere", &["repo/d"], &|| {
            w("elsewhere/ignore", "*.md\n");
            std::os::unix::fs::symlink(dir.join("elsewhere/ignore"), dir.join("repo/d/.gitignore"))
                .unwrap();
        });
        step("its target edited", &["repo/d"], &|| {
            w("elsewhere/ignore", "*.yaml\n")
        });
        step("a file replaced by a directory", &["repo/d/e"], &|| {
            std::fs::remove_file(dir.join("repo/d/e/compose.yaml")).unwrap();
            w("repo/d/e/compose.yaml/inner.yaml", "x: 1\n");
        });
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn recent_directories_are_walked_again_until_old_enough() {
        let dir = std::env::temp_dir().join(format!("shipgate-walk-recent-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("repo/a")).unwrap();
        std::fs::write(dir.join("repo/a/Dockerfile"), "FROM x\n").unwrap();
        let roots = vec![dir.join("repo")];
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        // recorded by a run that began as the directories were made: not trusted
        let racy = walk(&roots, 1, Trust { started: now }, None);
        let s = racy.record.expect("a snapshot is kept");
        assert!(s.dirs.iter().all(|d| d.stat.is_none()));
        // so a later run walks them again (and records them, now old enough)
        let later = walk(&roots, 1, Trust { started: now + 60 }, Some(s));
        let s = later.record.expect("walked again and recorded");
        assert!(s.dirs.iter().all(|d| d.stat.is_some()));
        // and the next run lists nothing
        let next = walk(&roots, 1, Trust { started: now + 60 }, Some(s));
        assert!(next.record.is_none());
        assert_eq!(next.entries.len(), 1);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
