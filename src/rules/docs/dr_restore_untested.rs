use crate::rules::prelude::*;
use crate::source::is_word_char;

pub static RULE: RuleImpl = RuleImpl::Markdown(&DrRestoreUntested);

struct DrRestoreUntested;

/// "restores are tested quarterly", "DR drill", "we verify the backup by restoring"…:
/// a restore word, then within 80 characters of the same sentence (no `.` or line
/// break between) a test word, or the other way round. This is the regex
///
/// ```text
/// (?i)(restor\w*|recover\w*|backups?|dr)\b[^.\n]{0,80}\b(test\w*|drill\w*|verif\w*|rehears\w*|exercis\w*|game ?days?)\b
///    |\b(test\w*|drill\w*|verif\w*|rehears\w*|exercis\w*|game ?days?)\b[^.\n]{0,80}\b(restor\w*|recover\w*|backups?)\b
/// ```
///
/// (Unicode `\w`, `\b` and case folding) decided over the text's word runs instead of
/// compiled: the Unicode classes and the bounded gaps made it the costliest regex of a
/// run. Every word ends where its word run ends (`\w*` then `\b`), the test words and
/// the second restore words start where one starts (`\b` first), and the closest
/// pair decides whether a gap fits.
fn restore_tested(text: &str) -> bool {
    /// A maximal run of word characters: byte range, character offsets, the number of
    /// `.` and line breaks before it, and its letters folded to ASCII lowercase.
    struct Run {
        end: usize,
        chars: (usize, usize),
        sentence: usize,
        folded: String,
    }
    let mut runs: Vec<Run> = Vec::new();
    let (mut chars, mut sentence) = (0, 0);
    let mut current: Option<(usize, String)> = None;
    for (at, c) in text.char_indices() {
        if is_word_char(c) {
            current
                .get_or_insert_with(|| (chars, String::new()))
                .1
                .push(fold(c));
        } else {
            if let Some((first, folded)) = current.take() {
                runs.push(Run {
                    end: at,
                    chars: (first, chars),
                    sentence,
                    folded,
                });
            }
            if c == '.' || c == '\n' {
                sentence += 1;
            }
        }
        chars += 1;
    }
    if let Some((first, folded)) = current.take() {
        runs.push(Run {
            end: text.len(),
            chars: (first, chars),
            sentence,
            folded,
        });
    }
    let starts = |w: &str, words: &[&str]| words.iter().any(|p| w.starts_with(p));
    const TEST: &[&str] = &["test", "drill", "verif", "rehears", "exercis"];
    const RESTORE: &[&str] = &["restor", "recover"];
    // (start, end) in characters and the sentence of every test word
    let mut tests: Vec<(usize, usize, usize)> = Vec::new();
    for (i, r) in runs.iter().enumerate() {
        let w = r.folded.as_str();
        if starts(w, TEST) || w == "gameday" || w == "gamedays" {
            tests.push((r.chars.0, r.chars.1, r.sentence));
        } else if w == "game" && text.as_bytes().get(r.end) == Some(&b' ') {
            // `game day`: the next run starts right after the one space
            if let Some(next) = runs.get(i + 1) {
                if next.chars.0 == r.chars.1 + 1 && (next.folded == "day" || next.folded == "days")
                {
                    tests.push((r.chars.0, next.chars.1, r.sentence));
                }
            }
        }
    }
    let fits = |from: (usize, usize), to: (usize, usize)| {
        from.1 == to.1 && from.0 <= to.0 && to.0 - from.0 <= 80
    };
    // a restore word (anywhere in its run), then a test word
    let mut t = 0;
    let mut last_restore_end: Option<(usize, usize)> = None;
    for r in &runs {
        // the test words starting at this run pair with the restores before it
        while let Some(&(start, _, s)) = tests.get(t) {
            if start >= r.chars.1 {
                break;
            }
            if last_restore_end.is_some_and(|e| fits(e, (start, s))) {
                return true;
            }
            t += 1;
        }
        let w = r.folded.as_str();
        if RESTORE.iter().any(|p| w.contains(p))
            || ["backup", "backups", "dr"].iter().any(|p| w.ends_with(p))
        {
            last_restore_end = Some((r.chars.1, r.sentence));
        }
    }
    // a test word, then a restore word starting its run
    let mut t = 0;
    let mut last_test_end: Option<(usize, usize)> = None;
    for r in &runs {
        while let Some(&(_, end, s)) = tests.get(t) {
            if end > r.chars.0 {
                break;
            }
            last_test_end = Some((end, s));
            t += 1;
        }
        let w = r.folded.as_str();
        if (starts(w, RESTORE) || w == "backup" || w == "backups")
            && last_test_end.is_some_and(|e| fits(e, (r.chars.0, r.sentence)))
        {
            return true;
        }
    }
    false
}

/// Simple case folding onto ASCII lowercase: the Kelvin sign folds to `k` and the long
/// s to `s`; no other non-ASCII character folds to an ASCII letter.
fn fold(c: char) -> char {
    match c {
        '\u{212A}' => 'k',
        '\u{17F}' => 's',
        c => c.to_ascii_lowercase(),
    }
}

impl MarkdownRule for DrRestoreUntested {
    fn check(&self, doc: &Markdown, role: DocRole, cx: &mut FileCtx<'_>) {
        if role != DocRole::DisasterRecovery || restore_tested(&cx.file.text) {
            return;
        }
        cx.report(
            doc.title_span(&cx.file.text),
            "the disaster-recovery plan does not say that restores are tested",
        )
        .help("state how and how often a restore is rehearsed (e.g. `Restores are tested quarterly in staging; last test: 2026-10-02`)");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The regex this rule used to compile, as the reference.
    fn reference() -> regex::Regex {
        regex::Regex::new(r"(?i)(restor\w*|recover\w*|backups?|dr)\b[^.\n]{0,80}\b(test\w*|drill\w*|verif\w*|rehears\w*|exercis\w*|game ?days?)\b|\b(test\w*|drill\w*|verif\w*|rehears\w*|exercis\w*|game ?days?)\b[^.\n]{0,80}\b(restor\w*|recover\w*|backups?)\b")
            .expect("valid regex")
    }

    #[test]
    fn same_as_the_regex() {
        let re = reference();
        for text in [
            "Restores are tested quarterly in staging.",
            "We run a DR drill every quarter",
            "we verify the backup by restoring it",
            "game day: restore the database",
            "gamedays include a recovery",
            "backup. test",
            "backups are kept\ntested",
            "the backup is not verified",
            "dr",
            "",
            "BACKUP\u{17F} test",
            "re\u{17F}tore then te\u{17F}t",
            "bac\u{212A}up then test",
            "restore \u{e9}t\u{e9} test",
            "test\u{300} restore",
        ] {
            assert_eq!(restore_tested(text), re.is_match(text), "{text:?}");
        }
        // gaps of 79 to 82 characters, in both orders, ASCII and not
        for n in 77..=80 {
            for fill in ["x", "\u{e9}", "-"] {
                let gap = format!(" {} ", fill.repeat(n));
                for text in [
                    format!("backup{gap}test"),
                    format!("dr{gap}game day"),
                    format!("testing{gap}restore"),
                    format!("game days{gap}backups"),
                ] {
                    assert_eq!(restore_tested(&text), re.is_match(&text), "{text:?}");
                }
            }
        }
        // random texts over the words, their near misses and gaps around 80 characters
        let parts = [
            "restor",
            "Restore",
            "RECOVER",
            "recovery",
            "backup",
            "Backups",
            "backupx",
            "dr",
            "DR",
            "hydr",
            "test",
            "Testing",
            "drill",
            "verif",
            "rehears",
            "exercis",
            "game",
            "Game",
            "day",
            "days",
            "gameday",
            "GameDays",
            "games",
            " ",
            " ",
            " ",
            "  ",
            ".",
            "\n",
            "\r",
            "-",
            "_",
            "1",
            "x",
            "\u{e9}",
            "\u{17F}",
            "\u{212A}",
            "\u{300}",
            "\u{2014}",
            "\u{200D}",
            "\u{660}",
            "abcdefghij ",
            "0123456789 ",
            "abcdefghijklmnopqrstuvwxyz ",
            "re",
            "store",
            "te",
            "st",
        ];
        let matched = crate::test_support::assert_decides_as(
            &re,
            &parts,
            24,
            20_000,
            0x9E37_79B9_7F4A_7C15,
            restore_tested,
        );
        assert!(matched > 1000, "{matched}");
    }
}
