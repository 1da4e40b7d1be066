//! Generates the rule registry from `rules/<pack>/<name>.md` frontmatter.
//!
//! A doc whose `src/rules/<pack>/<name>.rs` exists is bound to that module's `RULE`;
//! a doc with `engine: true` describes a diagnostic the engine emits itself. The
//! build fails on a malformed doc, a duplicate code or name, or a rule file without
//! a doc.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

struct Doc {
    path: PathBuf,
    pack: String,
    fields: BTreeMap<String, String>,
}

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let rules_dir = root.join("rules");
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=src/rules");
    // the result cache is keyed by this: a rebuilt binary never reuses stale results
    println!("cargo:rerun-if-changed=src");
    println!(
        "cargo:rustc-env=SHIPGATE_SOURCE_HASH={:016x}",
        source_hash(&[root.join("src"), rules_dir.clone()])
    );
    let mut docs = Vec::new();
    let mut packs: Vec<PathBuf> = read_dir(&rules_dir)
        .into_iter()
        .filter(|p| p.is_dir())
        .collect();
    packs.sort();
    for pack_dir in packs {
        let pack = file_name(&pack_dir);
        let mut files: Vec<PathBuf> = read_dir(&pack_dir)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        files.sort();
        for f in files {
            let text =
                std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            let fields = frontmatter(&text)
                .unwrap_or_else(|| panic!("{}: missing --- frontmatter ---", f.display()));
            docs.push(Doc {
                path: f,
                pack: pack.clone(),
                fields,
            });
        }
    }
    let mut seen_codes = BTreeMap::new();
    let mut seen_names = BTreeMap::new();
    let mut entries = Vec::new();
    for d in &docs {
        let get = |k: &str| {
            d.fields
                .get(k)
                .cloned()
                .unwrap_or_else(|| panic!("{}: frontmatter lacks `{k}`", d.path.display()))
        };
        let code = get("code");
        let name = get("name");
        let stem = file_name(&d.path).trim_end_matches(".md").to_string();
        assert_eq!(
            stem,
            name,
            "{}: file name must equal the rule name",
            d.path.display()
        );
        assert!(
            name.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}: name must be kebab-case",
            d.path.display()
        );
        if let Some(prev) = seen_codes.insert(code.clone(), d.path.clone()) {
            panic!(
                "code {code} used by both {} and {}",
                prev.display(),
                d.path.display()
            );
        }
        if let Some(prev) = seen_names.insert(name.clone(), d.path.clone()) {
            panic!(
                "name {name} used by both {} and {}",
                prev.display(),
                d.path.display()
            );
        }
        let gate = get("gate");
        assert!(
            (1..=12).any(|i| gate == format!("G{i}")),
            "{}: gate must be G1..G12",
            d.path.display()
        );
        let severity = match get("severity").as_str() {
            "error" => "Error",
            "warning" => "Warning",
            "info" => "Info",
            s => panic!("{}: unknown severity {s}", d.path.display()),
        };
        let status = match d.fields.get("status").map_or("stable", String::as_str) {
            "stable" => "Stable",
            "preview" => "Preview",
            "opt-in" | "optin" => "Optin",
            s => panic!("{}: unknown status {s}", d.path.display()),
        };
        let pack_variant = match d.pack.as_str() {
            "dockerfile" => "Dockerfile",
            "compose" => "Compose",
            "kubernetes" => "Kubernetes",
            "workflow" => "Workflow",
            "prometheus" => "Prometheus",
            "docs" => "Docs",
            "secrets" => "Secrets",
            "policy" => "Policy",
            "project" => "Project",
            p => panic!("{}: unknown pack folder {p}", d.path.display()),
        };
        let module = name.replace('-', "_");
        let src = root
            .join("src/rules")
            .join(&d.pack)
            .join(format!("{module}.rs"));
        let engine = d.fields.get("engine").is_some_and(|v| v == "true");
        let imp = if src.exists() {
            assert!(
                !engine,
                "{}: engine rules have no source file",
                d.path.display()
            );
            format!("Some(&crate::rules::{}::{module}::RULE)", d.pack)
        } else {
            assert!(
                engine,
                "{}: no {} (or set `engine: true`)",
                d.path.display(),
                src.display()
            );
            "None".to_string()
        };
        let aliases: Vec<String> = d
            .fields
            .get("aliases")
            .map(|a| {
                a.trim_matches(['[', ']'])
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let mut e = String::new();
        write!(
            e,
            "RuleEntry {{ meta: RuleMeta {{ code: {code:?}, name: {name:?}, pack: Pack::{pack_variant}, gate: Gate::{gate}, severity: Severity::{severity}, status: Status::{status}, since: {since:?}, aliases: &{aliases:?}, summary: {summary:?}, help: {help:?}, url: {url:?}, doc: include_str!({path:?}) }}, imp: {imp} }}",
            since = d.fields.get("since").cloned().unwrap_or_else(|| "0.1.0".into()),
            summary = get("summary"),
            help = get("help"),
            path = d.path.display().to_string(),
            url = format!("https://github.com/shipgate/shipgate/blob/main/rules/{}/{name}.md", d.pack),
        )
        .expect("write to string");
        entries.push((code, e));
    }
    // every rule source file has a doc
    for pack_dir in read_dir(&root.join("src/rules"))
        .into_iter()
        .filter(|p| p.is_dir())
    {
        let pack = file_name(&pack_dir);
        for f in read_dir(&pack_dir) {
            let stem = file_name(&f).trim_end_matches(".rs").to_string();
            if stem == "mod" || !file_name(&f).ends_with(".rs") {
                continue;
            }
            // helper modules shared by a pack's rules define no RULE
            let is_rule = std::fs::read_to_string(&f).is_ok_and(|t| t.contains("pub static RULE"));
            if !is_rule {
                continue;
            }
            let doc = rules_dir
                .join(&pack)
                .join(format!("{}.md", stem.replace('_', "-")));
            assert!(
                doc.exists(),
                "{}: rule has no doc at {}",
                f.display(),
                doc.display()
            );
        }
    }
    entries.sort();
    let mut out = String::from(
        "use crate::diagnostics::Severity;\nuse crate::rules::meta::{Gate, Pack, RuleMeta, Status};\nuse crate::rules::RuleEntry;\n\n/// Every rule, sorted by code.\npub static RULES: &[RuleEntry] = &[\n",
    );
    for (_, e) in entries {
        out.push_str("    ");
        out.push_str(&e);
        out.push_str(",\n");
    }
    out.push_str("];\n");
    let dest =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("registry.rs");
    std::fs::write(dest, out).expect("write registry");
}

fn read_dir(p: &Path) -> Vec<PathBuf> {
    match std::fs::read_dir(p) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(_) => Vec::new(),
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string()
}

/// `key: value` lines between the leading `---` fences.
fn frontmatter(text: &str) -> Option<BTreeMap<String, String>> {
    let text = text.replace("\r\n", "\n");
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---")?;
    let mut map = BTreeMap::new();
    for line in rest[..end].lines() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let (k, v) = line.split_once(':')?;
        let v = v.trim();
        let v = v
            .strip_prefix('"')
            .and_then(|x| x.strip_suffix('"'))
            .unwrap_or(v);
        map.insert(k.trim().to_string(), v.to_string());
    }
    Some(map)
}

/// FNV-1a over the paths and contents of every file under `dirs` (sorted).
fn source_hash(dirs: &[PathBuf]) -> u64 {
    let mut files = Vec::new();
    let mut stack: Vec<PathBuf> = dirs.to_vec();
    while let Some(d) = stack.pop() {
        for p in read_dir(&d) {
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push(p);
            }
        }
    }
    files.sort();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for f in files {
        let bytes = std::fs::read(&f).unwrap_or_default();
        for b in f.to_string_lossy().bytes().chain(bytes) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}
