use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Prometheus(&InvalidDuration);

struct InvalidDuration;

/// Prometheus's `<duration>`: `((([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?|0)`,
/// units in that order, each at most once.
pub fn is_duration(s: &str) -> bool {
    s == "0" || (!s.is_empty() && units_in_order(s))
}

/// Whether `s` matches `^(?:[0-9]+y)?(?:[0-9]+w)?(?:[0-9]+d)?(?:[0-9]+h)?(?:[0-9]+m)?(?:[0-9]+s)?(?:[0-9]+ms)?$`,
/// read number by number: `ms` after digits is always the unit (an `s` group needs
/// digits first), and each unit must come after the one before it.
fn units_in_order(s: &str) -> bool {
    const UNITS: [&[u8]; 7] = [b"y", b"w", b"d", b"h", b"m", b"s", b"ms"];
    let mut rest = s.as_bytes();
    let mut next = 0;
    while !rest.is_empty() {
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return false;
        }
        rest = &rest[digits..];
        let unit = if rest.starts_with(b"ms") {
            6
        } else {
            match UNITS.iter().position(|u| rest.first() == u.first()) {
                Some(u) => u,
                None => return false,
            }
        };
        if unit < next {
            return false;
        }
        next = unit + 1;
        rest = &rest[UNITS[unit].len()..];
    }
    true
}

fn check(node: Option<&Node<'_>>, key: &str, cx: &mut FileCtx<'_>) {
    let Some(n) = node else { return };
    // an expression of a templating tool, or a non-scalar (reported by other tools)
    let Some(v) = n.as_str() else { return };
    if is_duration(v) {
        return;
    }
    cx.report(
        n.span,
        format!("`{key}: {v}` is not a Prometheus duration: the file does not load"),
    )
    .help("write a duration like `30s`, `5m`, `1h30m` (units y, w, d, h, m, s, ms, largest first)");
}

impl PrometheusRule for InvalidDuration {
    fn check_rules(&self, rules: &RuleSet<'_, '_>, cx: &mut FileCtx<'_>) {
        for g in &rules.groups {
            check(g.node.get("interval"), "interval", cx);
            for r in &g.rules {
                check(r.for_(), "for", cx);
                check(r.node.get("keep_firing_for"), "keep_firing_for", cx);
            }
        }
    }

    fn check_config(&self, config: &ServerConfig<'_, '_>, cx: &mut FileCtx<'_>) {
        for key in ["scrape_interval", "scrape_timeout", "evaluation_interval"] {
            check(config.root.path(&["global", key]), key, cx);
        }
        for job in config.jobs() {
            for key in ["scrape_interval", "scrape_timeout"] {
                check(job.get(key), key, cx);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_in_order_as_the_regex_decides() {
        let re = regex::Regex::new(
            r"^(?:[0-9]+y)?(?:[0-9]+w)?(?:[0-9]+d)?(?:[0-9]+h)?(?:[0-9]+m)?(?:[0-9]+s)?(?:[0-9]+ms)?$",
        )
        .expect("valid regex");
        let parts = [
            "1", "30", "0", "y", "w", "d", "h", "m", "s", "ms", "x", " ", "\n", "-", "é", "",
        ];
        let matched = crate::test_support::assert_decides_as(
            &re,
            &parts,
            8,
            30_000,
            0x0F1E_2D3C_4B5A_6978,
            units_in_order,
        );
        assert!(matched > 500, "{matched}");
        for d in ["1h30m", "5m", "1y2w3d4h5m6s7ms", "10ms", "0"] {
            assert!(is_duration(d), "{d}");
        }
        for d in ["", "1ms5s", "1m1m", "5", "1h\n", "ms"] {
            assert!(!is_duration(d), "{d}");
        }
    }
}
