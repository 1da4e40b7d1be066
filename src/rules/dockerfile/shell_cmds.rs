//! Shared helpers for the rules that read the shell commands of `RUN`: package-manager
//! invocations (`apt-get install`, `pip install`…), their subcommand, options and
//! package operands, with the words' spans.

use crate::syntax::dockerfile::Dockerfile;
use crate::syntax::shell::{self, basename, Cmd, RunScript, Word};

/// The `RUN`s of the file that a POSIX shell runs (not `SHELL ["powershell", …]`).
pub fn posix_runs<'d>(df: &'d Dockerfile<'_>) -> impl Iterator<Item = &'d RunScript> {
    shell::runs(df).iter().filter(|r| r.is_posix())
}

/// A package-manager (or other tool) invocation inside a command.
pub struct Invocation<'c> {
    pub cmd: &'c Cmd,
    /// The tool's own word (`apt-get`, `pip` in `python -m pip`): where findings point.
    pub tool: &'c Word,
    /// The subcommand (`install`), if any.
    pub sub: Option<&'c Word>,
    /// Every argument after the tool word (options and operands, subcommand included).
    pub args: &'c [Word],
    /// Options of the tool that take a separate value (`-o X`, `-r file`).
    takes_value: &'static [&'static str],
}

impl<'c> Invocation<'c> {
    /// Whether any of `flags` is present (long `--x`/`--x=v`, short `-y` also in a
    /// cluster like `-qy`).
    pub fn has_any(&self, flags: &[&str]) -> bool {
        self.find_any(flags).is_some()
    }

    pub fn find_any(&self, flags: &[&str]) -> Option<&'c Word> {
        self.args
            .iter()
            .find(|w| flags.iter().any(|f| flag_matches(&w.text, f)))
    }

    /// Operands after the subcommand: arguments that are neither options nor option
    /// values.
    pub fn operands(&self) -> Vec<&'c Word> {
        let mut out = Vec::new();
        let mut skip_next = false;
        let mut seen_sub = self.sub.is_none();
        let mut only_operands = false;
        for w in self.args {
            if skip_next {
                skip_next = false;
                continue;
            }
            let t = w.text.as_str();
            if !only_operands && t == "--" {
                only_operands = true;
                continue;
            }
            if !only_operands && t.starts_with('-') && t.len() > 1 {
                if !t.contains('=') && self.takes_value.contains(&t) {
                    skip_next = true;
                }
                continue;
            }
            if !seen_sub {
                seen_sub = true;
                continue;
            }
            out.push(w);
        }
        out
    }
}

/// `-y` matches `-y`, `-qy`; `--yes` matches `--yes` and `--yes=…`.
pub fn flag_matches(word: &str, flag: &str) -> bool {
    if word == flag {
        return true;
    }
    if flag.starts_with("--") {
        return word.strip_prefix(flag).is_some_and(|r| r.starts_with('='));
    }
    if let Some(short) = flag.strip_prefix('-') {
        if short.len() == 1 && word.starts_with('-') && !word.starts_with("--") && word.len() > 2 {
            let cluster = &word[1..];
            return cluster.chars().all(|c| c.is_ascii_alphabetic()) && cluster.contains(short);
        }
    }
    false
}

fn first_operand<'c>(args: &'c [Word], takes_value: &[&str]) -> Option<&'c Word> {
    let mut skip_next = false;
    for w in args {
        if skip_next {
            skip_next = false;
            continue;
        }
        let t = w.text.as_str();
        if t.starts_with('-') && t.len() > 1 {
            if !t.contains('=') && takes_value.contains(&t) {
                skip_next = true;
            }
            continue;
        }
        return Some(w);
    }
    None
}

const APT_VALUE_OPTS: &[&str] = &[
    "-o",
    "-t",
    "-c",
    "--option",
    "--target-release",
    "--config-file",
];
const APK_VALUE_OPTS: &[&str] = &[
    "-X",
    "--repository",
    "-t",
    "--virtual",
    "-p",
    "--root",
    "--repositories-file",
    "--keys-dir",
    "--arch",
    "--cache-dir",
];
const PIP_VALUE_OPTS: &[&str] = &[
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-i",
    "--index-url",
    "--extra-index-url",
    "--trusted-host",
    "-f",
    "--find-links",
    "-t",
    "--target",
    "--prefix",
    "--root",
    "--src",
    "--platform",
    "--python-version",
    "--implementation",
    "--abi",
    "--no-binary",
    "--only-binary",
    "--progress-bar",
    "--cache-dir",
    "--upgrade-strategy",
    "--log",
    "--proxy",
    "--retries",
    "--timeout",
    "--exists-action",
    "--cert",
    "--client-cert",
    "-e",
    "--editable",
    "--config-settings",
    "-C",
    "--global-option",
    "--install-option",
    "--report",
];
const NPM_VALUE_OPTS: &[&str] = &[
    "--prefix",
    "-C",
    "--registry",
    "--cache",
    "-w",
    "--workspace",
];
const YUM_VALUE_OPTS: &[&str] = &[
    "-c",
    "--config",
    "--enablerepo",
    "--disablerepo",
    "--setopt",
    "--installroot",
    "--releasever",
    "-x",
    "--exclude",
    "--repo",
    "--repofrommetadata",
];
const GEM_VALUE_OPTS: &[&str] = &[
    "-v",
    "--version",
    "-i",
    "--install-dir",
    "-n",
    "--bindir",
    "-s",
    "--source",
    "-P",
    "--trust-policy",
];

fn invocation<'c>(cmd: &'c Cmd, takes_value: &'static [&'static str]) -> Option<Invocation<'c>> {
    let argv = cmd.argv();
    let tool = argv.first()?;
    let args = argv.get(1..).unwrap_or(&[]);
    Some(Invocation {
        cmd,
        tool,
        sub: first_operand(args, takes_value),
        args,
        takes_value,
    })
}

/// `apt-get …` (name `apt-get`), or `apt …` when `apt` is given.
pub fn apt<'c>(cmd: &'c Cmd, names: &[&str]) -> Option<Invocation<'c>> {
    let name = cmd.name()?;
    if !names.contains(&name) {
        return None;
    }
    invocation(cmd, APT_VALUE_OPTS)
}

/// `apt-get <sub>` / `apt <sub>` with one of `subs`.
pub fn apt_sub<'c>(cmd: &'c Cmd, names: &[&str], subs: &[&str]) -> Option<Invocation<'c>> {
    apt(cmd, names).filter(|i| i.sub.is_some_and(|s| subs.contains(&s.text.as_str())))
}

pub fn apk<'c>(cmd: &'c Cmd) -> Option<Invocation<'c>> {
    if cmd.name()? != "apk" {
        return None;
    }
    invocation(cmd, APK_VALUE_OPTS)
}

/// `pip`, `pip3`, `pip3.12`, `python -m pip`, `python3 -m pip`, `uv pip`.
pub fn pip<'c>(cmd: &'c Cmd) -> Option<Invocation<'c>> {
    let argv = cmd.argv();
    let name = basename(&argv.first()?.text);
    let is_pip = |n: &str| {
        n == "pip"
            || n.strip_prefix("pip")
                .is_some_and(|r| r.chars().all(|c| c.is_ascii_digit() || c == '.'))
    };
    let is_python = |n: &str| {
        n == "python"
            || n.strip_prefix("python")
                .is_some_and(|r| r.chars().all(|c| c.is_ascii_digit() || c == '.'))
    };
    let at = if is_pip(name) {
        0
    } else if is_python(name) {
        // python [-u -B …] -m pip
        let m = argv.iter().position(|w| w.text == "-m")?;
        let tool = argv.get(m + 1)?;
        if !is_pip(&tool.text) {
            return None;
        }
        m + 1
    } else {
        return None;
    };
    let tool = argv.get(at)?;
    let args = argv.get(at + 1..).unwrap_or(&[]);
    Some(Invocation {
        cmd,
        tool,
        sub: first_operand(args, PIP_VALUE_OPTS),
        args,
        takes_value: PIP_VALUE_OPTS,
    })
}

pub fn npm<'c>(cmd: &'c Cmd) -> Option<Invocation<'c>> {
    if cmd.name()? != "npm" {
        return None;
    }
    invocation(cmd, NPM_VALUE_OPTS)
}

/// `yum`, `dnf`, `microdnf` (returns which).
pub fn yum<'c>(cmd: &'c Cmd) -> Option<Invocation<'c>> {
    if !matches!(cmd.name()?, "yum" | "dnf" | "microdnf" | "tdnf") {
        return None;
    }
    invocation(cmd, YUM_VALUE_OPTS)
}

pub fn gem<'c>(cmd: &'c Cmd) -> Option<Invocation<'c>> {
    if cmd.name()? != "gem" {
        return None;
    }
    invocation(cmd, GEM_VALUE_OPTS)
}

/// Any command by name with no option knowledge.
pub fn named<'c>(cmd: &'c Cmd, names: &[&str]) -> Option<Invocation<'c>> {
    if !names.contains(&cmd.name()?) {
        return None;
    }
    let mut inv = invocation(cmd, &[])?;
    inv.sub = None;
    Some(inv)
}

/// Whether any command of `cmds` runs `rm` on one of `paths` or a parent of it
/// (`rm -rf /var/lib/apt/lists/*`; `cd /var/lib && rm -rf apt` too).
pub fn removes_any(cmds: &[Cmd], paths: &[&str]) -> bool {
    let mut cwd: Option<String> = None;
    for c in cmds {
        if let Some(cd) = named(c, &["cd"]) {
            cwd = cd
                .operands()
                .first()
                .map(|w| w.text.clone())
                .filter(|d| d.starts_with('/'));
            continue;
        }
        let Some(rm) = named(c, &["rm"]) else {
            continue;
        };
        let hit = rm.operands().iter().any(|w| {
            let abs = match (&cwd, w.text.starts_with('/')) {
                (_, true) => w.text.clone(),
                (Some(d), false) => format!("{}/{}", d.trim_end_matches('/'), w.text),
                (None, false) => return false,
            };
            let t = abs.trim_end_matches('*').trim_end_matches('/');
            paths.iter().any(|p| {
                let p = p.trim_end_matches('/');
                crate::source::is_path_within(p, t)
            })
        });
        if hit {
            return true;
        }
    }
    false
}

/// Per stage index: whether the stage ends up in the final image (the final stage and
/// the stages it is built `FROM`).
pub fn shipped_stages(df: &Dockerfile<'_>) -> Vec<bool> {
    let mut out = vec![false; df.stages.len()];
    let mut current = df.final_stage();
    let mut hops = 0;
    while let Some(st) = current {
        if let Some(slot) = out.get_mut(st.index) {
            if *slot {
                break;
            }
            *slot = true;
        }
        hops += 1;
        current = st
            .parent
            .and_then(|p| df.stages.get(p))
            .filter(|_| hops < 64);
    }
    out
}

/// Whether the RUN mounts a cache (or tmpfs) on one of `paths` (or a parent), so what
/// is written there never reaches the layer.
pub fn run_mounts_over(df: &Dockerfile<'_>, run: &RunScript, paths: &[&str]) -> bool {
    let Some(crate::syntax::dockerfile::Instruction::Run(r)) =
        df.ast.instructions.get(run.instruction)
    else {
        return false;
    };
    r.options.iter().any(|f| {
        if f.name.value != "mount" {
            return false;
        }
        let Some(v) = &f.value else { return false };
        let mut is_cache = false;
        let mut target = None;
        for part in v.value.split(',') {
            let (k, val) = part.split_once('=').unwrap_or((part, ""));
            match k.trim() {
                "type" => is_cache = matches!(val.trim(), "cache" | "tmpfs"),
                "target" | "dst" | "destination" => target = Some(val.trim().trim_end_matches('/')),
                _ => {}
            }
        }
        is_cache
            && target.is_some_and(|t| paths.iter().any(|p| crate::source::is_path_within(p, t)))
    })
}
