//! The command line: `check`, `rules`, `explain`, `init`.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::time::Instant;

use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::config::{CliOverrides, Config};
use crate::engine::{self, CheckRequest};
use crate::output::{self, Format, RenderOptions};
use crate::rules::registry;

/// Exit codes (stable): 0 clean, 1 findings at or above `fail-on`, 2 usage, config or internal error.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

#[derive(Parser)]
#[command(
    name = "shipgate",
    version,
    about = "The production-readiness gate for infrastructure repositories"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Lint a repository (or files) against the gate.
    Check(Box<CheckArgs>),
    /// Lint and decide: the G1-G12 checklist and APPROVE or VETO (`check --verdict`).
    Gate(Box<CheckArgs>),
    /// List every rule: code, name, pack, gate item, default severity.
    Rules(RulesArgs),
    /// Print a rule's documentation.
    Explain {
        /// Rule code (DF001) or name (missing-user).
        rule: String,
    },
    /// Benchmark: time the parse floor and the full check over the same files.
    Bench {
        /// Files or directories (default: the current directory).
        paths: Vec<PathBuf>,
        /// Repetitions of each measurement (the fastest is reported).
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Worker threads (default: one per CPU).
        #[arg(long, short = 'j', default_value_t = 0)]
        jobs: usize,
        /// Also generate a synthetic monorepo at 1x, 4x and 16x and measure it.
        #[arg(long)]
        synthetic: bool,
        /// Run only one side, `--runs` times, and print nothing: for a profiler
        /// (`valgrind --tool=cachegrind shipgate bench --only check`).
        #[arg(long, value_enum)]
        only: Option<crate::bench::Side>,
    },
    /// Run the language server on stdin/stdout (for editors).
    Lsp,
    /// Print a shell completion script.
    Completions { shell: clap_complete::Shell },
    /// Print the JSON schema of shipgate.toml (for editor completion).
    ConfigSchema,
    /// Write a commented starter shipgate.toml.
    Init {
        /// Directory to write it in.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Args)]
pub struct CheckArgs {
    /// Files or directories to lint (default: the current directory). `-` reads stdin.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Use this config file instead of the nearest shipgate.toml.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Run only these rules (codes, names, packs, gate items, ALL); comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// Run these rules in addition to the selected ones.
    #[arg(long, value_delimiter = ',')]
    pub extend_select: Vec<String>,
    /// Do not run these rules.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Exit 1 when a finding at or above this severity remains: error, warning, info, never.
    #[arg(long)]
    pub fail_on: Option<String>,
    /// Also run preview rules.
    #[arg(long)]
    pub preview: bool,
    /// Worker threads (default: one per CPU).
    #[arg(long, short = 'j', default_value_t = 0)]
    pub jobs: usize,
    /// Colors in human output.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// Write the `--format` output to this file and print human output to stdout.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// With `-` as path: lint standard input as this file.
    #[arg(long)]
    pub stdin_filename: Option<PathBuf>,
    /// When only files are given: also report repository-level findings.
    #[arg(long)]
    pub repo: bool,
    /// Record the current findings in FILE (adopting shipgate on an existing repository).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Report only findings that are not in the baseline FILE.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Do not read or write the result cache.
    #[arg(long)]
    pub no_cache: bool,
    /// Also print the gate verdict (G1-G12 PASS/FAIL/N/A, APPROVE or VETO); the exit
    /// code then follows the verdict: 0 APPROVE, 1 VETO.
    #[arg(long)]
    pub verdict: bool,
    /// Print timing and peak memory to stderr.
    #[arg(long, hide = true)]
    pub stats: bool,
}

#[derive(Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value = "human")]
    pub format: RulesFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Human,
    Json,
    /// The rule reference (docs/rules.md).
    Markdown,
}

/// Run the CLI; returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Check(args) => check(*args),
        Command::Gate(mut args) => {
            args.verdict = true;
            check(*args)
        }
        Command::Rules(args) => rules(&args),
        Command::Explain { rule } => explain(&rule),
        Command::Lsp => crate::lsp::run_stdio(),
        Command::Init { dir, force } => init(&dir, force),
        Command::Bench { ref paths, .. } if !all_exist(paths) => EXIT_ERROR,
        Command::Bench {
            paths,
            runs,
            jobs,
            synthetic,
            only,
        } => match only {
            Some(side) => match crate::bench::run_side(side, or_here(paths), runs, jobs) {
                Ok(()) => EXIT_OK,
                Err(e) => {
                    eprintln!("shipgate: {e}");
                    EXIT_ERROR
                }
            },
            None => bench(paths, runs, jobs, synthetic),
        },
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut cmd, "shipgate", &mut buf);
            stdout_write(&String::from_utf8_lossy(&buf))
        }
        Command::ConfigSchema => stdout_write(crate::config::SCHEMA),
    }
}

fn stdout_write(s: &str) -> i32 {
    let mut out = std::io::stdout().lock();
    wrote_stdout(out.write_all(s.as_bytes()).and_then(|()| out.flush()))
}

/// The exit code of a write to stdout.
fn wrote_stdout(result: std::io::Result<()>) -> i32 {
    match result {
        Ok(()) => EXIT_OK,
        // a closed pipe (`| head`) is not an error of ours
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            eprintln!("shipgate: cannot write output: {e}");
            EXIT_ERROR
        }
    }
}

fn check(args: CheckArgs) -> i32 {
    let cwd = match std::env::current_dir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("shipgate: cannot read the current directory: {e}");
            return EXIT_ERROR;
        }
    };
    let mut paths = args.paths.clone();
    if paths.is_empty() {
        paths.push(PathBuf::from("."));
    }
    let mut stdin = None;
    if paths.iter().any(|p| p.as_os_str() == "-") {
        let Some(name) = args.stdin_filename.clone() else {
            eprintln!("shipgate: reading `-` (stdin) needs --stdin-filename PATH");
            return EXIT_ERROR;
        };
        let mut text = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut text) {
            eprintln!("shipgate: cannot read stdin: {e}");
            return EXIT_ERROR;
        }
        paths.retain(|p| p.as_os_str() != "-");
        stdin = Some((name, text));
    }
    if !all_exist(&paths) {
        return EXIT_ERROR;
    }
    let overrides = CliOverrides {
        select: args.select.clone(),
        extend_select: args.extend_select.clone(),
        ignore: args.ignore.clone(),
        fail_on: args.fail_on.clone(),
        preview: args.preview,
    };
    let start = paths
        .first()
        .cloned()
        .or_else(|| stdin.as_ref().map(|(p, _)| p.clone()))
        .unwrap_or_else(|| PathBuf::from("."));
    let config = match Config::load(args.config.as_deref(), &start, &overrides) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("shipgate: invalid configuration: {e}");
            return EXIT_ERROR;
        }
    };
    let req = CheckRequest {
        paths,
        cwd,
        jobs: args.jobs,
        keep_sources: output::needs_sources(args.format)
            || args.output.is_some()
            || args.baseline.is_some()
            || args.write_baseline.is_some(),
        stdin,
        repo: args.repo,
        context: true,
        cache_dir: if args.no_cache {
            None
        } else {
            crate::engine::default_cache_dir()
        },
        context_root: None,
    };
    let started = Instant::now();
    let mut report = engine::check(&req, &config);
    if args.stats {
        eprintln!(
            "shipgate: {} files, {} findings in {:.1} ms, peak RSS {:.1} MB",
            report.files.len(),
            report.diagnostics.len(),
            started.elapsed().as_secs_f64() * 1000.0,
            crate::bench::peak_rss().unwrap_or(0) as f64 / 1_048_576.0
        );
        let mut prev = 0.0;
        let phases: Vec<String> = report
            .phases
            .iter()
            .map(|(name, at)| {
                let s = format!("{name} {:.1} ms", at - prev);
                prev = *at;
                s
            })
            .collect();
        eprintln!("shipgate: phases: {}", phases.join(", "));
    }
    if let Some(path) = &args.write_baseline {
        match crate::baseline::write(&report, path) {
            Ok(n) => eprintln!(
                "shipgate: wrote {n} findings to the baseline {}",
                path.display()
            ),
            Err(e) => {
                eprintln!("shipgate: cannot write baseline {}: {e}", path.display());
                return EXIT_ERROR;
            }
        }
    }
    if let Some(path) = &args.baseline {
        match crate::baseline::apply(&mut report, path) {
            Ok((suppressed, fixed)) => eprintln!(
                "shipgate: baseline: {suppressed} known findings hidden, {fixed} baseline entries are fixed now"
            ),
            Err(e) => {
                eprintln!("shipgate: {e}");
                return EXIT_ERROR;
            }
        }
    }
    if args.verdict {
        report.verdict = Some(crate::verdict::compute(&report, &config));
    }
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
        }
    };
    let opts = RenderOptions {
        color,
        width: 100,
        jobs: args.jobs,
    };
    // written as it is rendered, in blocks: the whole text is never held
    let to_stdout = |format| {
        wrote_stdout(output::write(
            &report,
            format,
            &opts,
            &config,
            &mut std::io::stdout().lock(),
        ))
    };
    let wrote = match &args.output {
        Some(path) => match std::fs::File::create(path)
            .and_then(|mut f| output::write(&report, args.format, &opts, &config, &mut f))
        {
            Ok(()) => to_stdout(Format::Human),
            Err(e) => {
                eprintln!("shipgate: cannot write {}: {e}", path.display());
                EXIT_ERROR
            }
        },
        None => to_stdout(args.format),
    };
    let code = if wrote != EXIT_OK {
        wrote
    } else {
        exit_code(&report, &config)
    };
    // the process ends here: freeing every finding and the output one by one would
    // only delay the exit (5 M instructions for 9,000 findings)
    std::mem::forget(report);
    code
}

/// The exit code of a written report: 2 for an internal error, then the verdict, then
/// the `--fail-on` threshold.
fn exit_code(report: &crate::engine::Report, config: &Config) -> i32 {
    if report
        .diagnostics
        .iter()
        .any(|d| d.rule.name == "internal-error")
    {
        return EXIT_ERROR;
    }
    if let Some(v) = &report.verdict {
        return match v.decision {
            crate::verdict::Decision::Approve => EXIT_OK,
            crate::verdict::Decision::Veto => EXIT_FINDINGS,
        };
    }
    if report.fails(config.fail_on) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

#[derive(Serialize)]
struct RuleRow {
    code: &'static str,
    name: &'static str,
    pack: &'static str,
    gate: &'static str,
    severity: &'static str,
    enabled: bool,
    status: crate::rules::meta::Status,
    aliases: &'static [&'static str],
    summary: &'static str,
}

fn rules(args: &RulesArgs) -> i32 {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let config = match Config::load(None, &cwd, &CliOverrides::default()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("shipgate: invalid configuration: {e}");
            return EXIT_ERROR;
        }
    };
    let mut rows: Vec<RuleRow> = registry()
        .iter()
        .enumerate()
        .map(|(i, r)| RuleRow {
            code: r.meta.code,
            name: r.meta.name,
            pack: r.meta.pack.as_str(),
            gate: r.meta.gate.as_str(),
            severity: config.severity(i).as_str(),
            enabled: config.is_enabled(i),
            status: r.meta.status,
            aliases: r.meta.aliases,
            summary: r.meta.summary,
        })
        .collect();
    rows.extend(config.policies.iter().map(|p| RuleRow {
        code: p.meta.code,
        name: p.meta.name,
        pack: "policy",
        gate: p.meta.gate.as_str(),
        severity: p.meta.severity.as_str(),
        enabled: true,
        status: p.meta.status,
        aliases: &[],
        summary: p.meta.summary,
    }));
    let text = match args.format {
        RulesFormat::Json => {
            let mut s = serde_json::to_string_pretty(&rows).unwrap_or_default();
            s.push('\n');
            s
        }
        RulesFormat::Markdown => rules_markdown(),
        RulesFormat::Human => {
            let mut s = format!(
                "{:<8} {:<30} {:<11} {:<4} {:<8} {:<3} {}\n",
                "CODE", "NAME", "PACK", "GATE", "SEVERITY", "ON", "ALIASES"
            );
            for r in &rows {
                s.push_str(&format!(
                    "{:<8} {:<30} {:<11} {:<4} {:<8} {:<3} {}\n",
                    r.code,
                    r.name,
                    r.pack,
                    r.gate,
                    r.severity,
                    if r.enabled { "yes" } else { "no" },
                    r.aliases.join(", ")
                ));
            }
            s
        }
    };
    stdout_write(&text)
}

fn explain(rule: &str) -> i32 {
    match crate::rules::find_rule(rule) {
        Some((_, r)) => {
            let m = &r.meta;
            let header = format!(
                "{} {} — pack: {}, gate: {} ({}), default severity: {}{}\n\n",
                m.code,
                m.name,
                m.pack,
                m.gate,
                m.gate.title(),
                m.severity,
                if m.aliases.is_empty() {
                    String::new()
                } else {
                    format!(", aliases: {}", m.aliases.join(", "))
                }
            );
            stdout_write(&(header + m.doc_body()))
        }
        None => {
            eprintln!("shipgate: no rule `{rule}`; `shipgate rules` lists them");
            EXIT_ERROR
        }
    }
}

fn init(dir: &std::path::Path, force: bool) -> i32 {
    let path = dir.join(crate::config::FILE_NAME);
    if path.exists() && !force {
        eprintln!(
            "shipgate: {} exists (use --force to overwrite)",
            path.display()
        );
        return EXIT_ERROR;
    }
    let detected = detect(dir);
    match std::fs::write(&path, format!("{detected}{}", crate::config::STARTER)) {
        Ok(()) => {
            println!("wrote {}", path.display());
            EXIT_OK
        }
        Err(e) => {
            eprintln!("shipgate: cannot write {}: {e}", path.display());
            EXIT_ERROR
        }
    }
}

/// Whether every path exists (a missing one is reported: a usage error).
fn all_exist(paths: &[PathBuf]) -> bool {
    match paths.iter().find(|p| std::fs::symlink_metadata(p).is_err()) {
        Some(p) => {
            eprintln!("shipgate: {}: no such file or directory", p.display());
            false
        }
        None => true,
    }
}

/// The given paths, or the current directory.
fn or_here(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths
    }
}

fn bench(paths: Vec<PathBuf>, runs: usize, jobs: usize, synthetic: bool) -> i32 {
    use crate::bench;
    let mut out = String::new();
    if !synthetic || !paths.is_empty() {
        let paths = or_here(paths);
        let name = paths[0].display().to_string();
        match bench::measure(paths.clone(), runs, jobs) {
            Ok(m) => {
                out.push_str(&bench::table_header());
                out.push_str(&bench::table_row(&name, &m));
                if let Ok(times) = bench::render_times(paths, runs, jobs) {
                    let list: Vec<String> = times
                        .iter()
                        .map(|(name, s)| format!("{name} {:.1} ms", s * 1000.0))
                        .collect();
                    out.push_str(&format!(
                        "rendering its {} findings: {}\n",
                        m.findings,
                        list.join(", ")
                    ));
                }
            }
            Err(e) => {
                eprintln!("shipgate: {e}");
                return EXIT_ERROR;
            }
        }
    }
    if synthetic {
        let base = std::env::temp_dir().join(format!("shipgate-synthetic-{}", std::process::id()));
        out.push_str(&format!(
            "\nsynthetic monorepo (generated under {}):\n",
            base.display()
        ));
        out.push_str(&bench::table_header());
        let self_exe = std::env::current_exe().ok();
        for scale in [1usize, 4, 16] {
            let dir = base.join(format!("x{scale}"));
            if let Err(e) = bench::generate(&dir, scale) {
                eprintln!("shipgate: cannot generate the synthetic repo: {e}");
                return EXIT_ERROR;
            }
            match bench::measure(vec![dir.clone()], runs.min(3), jobs) {
                Ok(m) => out.push_str(&bench::table_row(&format!("synthetic {scale}x"), &m)),
                Err(e) => {
                    eprintln!("shipgate: {e}");
                    return EXIT_ERROR;
                }
            }
            // peak RSS of a real `check` process over the same tree
            if let Some(exe) = &self_exe {
                let o = std::process::Command::new(exe)
                    .args(["check", "--format", "json", "--fail-on", "never", "--stats"])
                    // a cold check, and no cache file left behind for a deleted tree
                    .arg("--no-cache")
                    .arg(&dir)
                    .output();
                if let Ok(o) = o {
                    let err = String::from_utf8_lossy(&o.stderr);
                    if let Some(line) = err.lines().find(|l| l.contains("peak RSS")) {
                        out.push_str(&format!(
                            "  {scale}x check process: {}\n",
                            line.trim_start_matches("shipgate: ")
                        ));
                    }
                }
                if scale == 1 {
                    // before the larger trees are written (their write-back slows it)
                    out.push_str(&precommit_in_repo(exe, &dir));
                }
            }
        }
        let _ = std::fs::remove_dir_all(&base);
    }
    // the pre-commit case: one file, process start included
    if let Ok(exe) = std::env::current_exe() {
        let dir = std::env::temp_dir().join(format!("shipgate-onefile-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join("Dockerfile"), "FROM alpine:3.20\nUSER 10001\n");
        let times: Vec<f64> = (0..21)
            .map(|_| {
                timed_ms(
                    std::process::Command::new(&exe)
                        .args(["check", "Dockerfile", "--no-cache"])
                        .current_dir(&dir),
                )
            })
            .collect();
        out.push_str(&format!(
            "\none-file invocation (process start included): median {:.1} ms over 21 runs\n",
            median(times)
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
    stdout_write(&out)
}

/// The pre-commit case inside a repository: `check` of one Dockerfile and one manifest
/// of the synthetic 1× monorepo made a repository (the rest linted as context), with the
/// result cache warm, process start included; medians of 21 runs.
fn precommit_in_repo(exe: &std::path::Path, repo: &std::path::Path) -> String {
    let cache = repo.join(".shipgate-bench-cache");
    let _ = std::fs::create_dir_all(repo.join(".git"));
    let _ = std::fs::write(repo.join(".gitignore"), ".shipgate-bench-cache/\n");
    let run = |file: &str| {
        timed_ms(
            std::process::Command::new(exe)
                .args(["check", file])
                .env("SHIPGATE_CACHE_DIR", &cache)
                .current_dir(repo),
        )
    };
    let files = [
        "services/svc00000/Dockerfile",
        "services/svc00000/k8s/0.yaml",
    ];
    for f in files {
        run(f);
    }
    // stats are trusted once the files are older than the racy margin (2 s)
    std::thread::sleep(std::time::Duration::from_millis(2200));
    let mut times = [Vec::new(), Vec::new()];
    for _ in 0..22 {
        // interleaved, so that both see the same machine
        for (i, f) in files.iter().enumerate() {
            times[i].push(run(f));
        }
    }
    let mut out = String::new();
    for (f, mut t) in files.iter().zip(times) {
        // the first run of each writes the stats it trusts now into the cache
        t.remove(0);
        out.push_str(&format!(
            "  one file inside the 1x repository ({f}), cache warm, process start included: median {:.1} ms over 21 runs\n",
            median(t)
        ));
    }
    out
}

/// Wall time of a process run to its end, in milliseconds.
fn timed_ms(cmd: &mut std::process::Command) -> f64 {
    let t = Instant::now();
    let _ = cmd.output();
    t.elapsed().as_secs_f64() * 1000.0
}

/// The median of some times (the middle one; 0 for none).
fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times.get(times.len() / 2).copied().unwrap_or(0.0)
}

/// The generated rule reference, committed as docs/rules.md.
pub fn rules_markdown() -> String {
    let mut s = String::from(
        "# Rule reference\n\nGenerated by `shipgate rules --format markdown`; do not edit by hand.\n\n",
    );
    for p in crate::rules::meta::Pack::ALL {
        let rules: Vec<_> = registry().iter().filter(|r| r.meta.pack == p).collect();
        if rules.is_empty() {
            continue;
        }
        s.push_str(&format!("## {p}\n\n| code | name | gate | severity | status | aliases | summary |\n|---|---|---|---|---|---|---|\n"));
        for r in rules {
            let m = &r.meta;
            s.push_str(&format!(
                "| {} | [{}](../rules/{}/{}.md) | {} | {} | {} | {} | {} |\n",
                m.code,
                m.name,
                m.pack,
                m.name,
                m.gate,
                m.severity,
                m.status.as_str(),
                m.aliases.join(", "),
                m.summary.replace('|', "\\|")
            ));
        }
        s.push('\n');
    }
    s
}

/// A comment block saying what `init` found in the repository.
fn detect(dir: &std::path::Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let req = CheckRequest {
        paths: vec![dir.to_path_buf()],
        cwd,
        jobs: 0,
        keep_sources: false,
        stdin: None,
        repo: false,
        context: false,
        cache_dir: None,
        context_root: None,
    };
    let report = engine::check(&req, &Config::default_config());
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for f in &report.files {
        if f.kind != crate::discovery::FileKind::Other {
            *counts.entry(f.kind.as_str()).or_default() += 1;
        }
    }
    let mut s = String::from("# Detected by `shipgate init`:");
    if counts.is_empty() {
        s.push_str(" no infrastructure files yet.");
    }
    for (k, n) in &counts {
        s.push_str(&format!(" {n} {k},"));
    }
    if s.ends_with(',') {
        s.pop();
    }
    s.push_str(&format!(
        "\n# Today: {} findings ({} errors). `shipgate check --write-baseline shipgate-baseline.json`\n# records them so that only new findings fail (`--baseline shipgate-baseline.json`).\n\n",
        report.diagnostics.len(),
        report.count(crate::diagnostics::Severity::Error)
    ));
    s
}
