//! Helpers for unit tests: checking a hand-written matcher against the regex it
//! replaced, on generated texts; the report of every rule on fixture directories.

/// The configuration selecting every rule, and its report on `dirs` (below the
/// crate's root), on one thread; `keep_sources` for output that shows snippets.
pub fn fixtures_report(
    dirs: &[&str],
    keep_sources: bool,
) -> (crate::engine::Report, crate::config::Config) {
    let all = crate::config::CliOverrides {
        select: Some(vec!["ALL".into()]),
        ..Default::default()
    };
    let config = crate::config::Config::from_str("", None, &all).unwrap_or_else(|e| panic!("{e}"));
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let req = crate::engine::CheckRequest {
        paths: dirs.iter().map(|d| root.join(d)).collect(),
        cwd: root.to_path_buf(),
        keep_sources,
        jobs: 1,
        ..Default::default()
    };
    (crate::engine::check(&req, &config), config)
}

/// Every UTF-8 file below `fixtures/`, with its path, in path order.
pub fn fixture_texts() -> Vec<(std::path::PathBuf, String)> {
    let mut dirs = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")];
    let mut out = Vec::new();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                out.push((path, text));
            }
        }
    }
    out.sort();
    out
}

/// xorshift64: deterministic pseudo-random choices for generated test inputs.
pub struct Rng(u64);

impl Rng {
    /// `seed` must not be 0.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// A number below `n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// `runs` texts of 1 to `max_parts` pieces drawn from `parts`: asserts that `decide`
/// answers each as `re.is_match` does, and returns how many matched (so the caller can
/// assert that both answers were exercised).
pub fn assert_decides_as(
    re: &regex::Regex,
    parts: &[&str],
    max_parts: usize,
    runs: usize,
    seed: u64,
    decide: impl Fn(&str) -> bool,
) -> usize {
    let mut rng = Rng::new(seed);
    let mut matched = 0;
    for _ in 0..runs {
        let len = 1 + rng.below(max_parts);
        let text: String = (0..len).map(|_| parts[rng.below(parts.len())]).collect();
        let want = re.is_match(&text);
        assert_eq!(decide(&text), want, "{text:?}");
        matched += usize::from(want);
    }
    matched
}
