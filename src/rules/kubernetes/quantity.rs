//! Kubernetes resource quantities (`500m`, `1.5Gi`, `128974848`, `1e3`), parsed to f64.

/// The value of a quantity in base units (cores, bytes), or `None` when it is not one.
pub fn parse(s: &str) -> Option<f64> {
    let s = s.trim();
    let (num, mult) = split_suffix(s)?;
    if num.is_empty() || num.starts_with('+') && num.len() == 1 {
        return None;
    }
    let ok = num
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'+' | b'-' | b'e' | b'E'));
    if !ok {
        return None;
    }
    let v: f64 = num.parse().ok()?;
    v.is_finite().then_some(v * mult)
}

fn split_suffix(s: &str) -> Option<(&str, f64)> {
    const BIN: &[(&str, f64)] = &[
        ("Ki", 1024.0),
        ("Mi", 1_048_576.0),
        ("Gi", 1_073_741_824.0),
        ("Ti", 1_099_511_627_776.0),
        ("Pi", 1_125_899_906_842_624.0),
        ("Ei", 1_152_921_504_606_846_976.0),
    ];
    for (suf, m) in BIN {
        if let Some(n) = s.strip_suffix(suf) {
            return Some((n, *m));
        }
    }
    // a trailing `E` after digits is exa unless it is an exponent (`1e3` has digits after)
    let dec: &[(char, f64)] = &[
        ('n', 1e-9),
        ('u', 1e-6),
        ('m', 1e-3),
        ('k', 1e3),
        ('M', 1e6),
        ('G', 1e9),
        ('T', 1e12),
        ('P', 1e15),
        ('E', 1e18),
    ];
    let last = s.chars().last()?;
    if let Some((_, m)) = dec.iter().find(|(c, _)| *c == last) {
        return Some((&s[..s.len() - last.len_utf8()], *m));
    }
    Some((s, 1.0))
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn parses_quantities() {
        assert_eq!(parse("500m"), Some(0.5));
        assert_eq!(parse("2"), Some(2.0));
        assert_eq!(parse("1.5"), Some(1.5));
        assert_eq!(parse("128Mi"), Some(134_217_728.0));
        assert_eq!(parse("1Gi"), Some(1_073_741_824.0));
        assert_eq!(parse("1G"), Some(1e9));
        assert_eq!(parse("129e6"), Some(129e6));
        assert_eq!(parse("1k"), Some(1000.0));
        assert_eq!(parse("abc"), None);
        assert_eq!(parse(""), None);
        assert_eq!(parse("Mi"), None);
        assert_eq!(parse("${MEM}"), None);
    }
}
