use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Compose(&ServiceMemLimitBelowReservation);

struct ServiceMemLimitBelowReservation;

/// Compose byte values: `536870912`, `512m`, `512M`, `1g`, `1gb`, `1.5g`, `64k`, `100b`.
fn bytes(node: &Node<'_>) -> Option<f64> {
    let lower = node.as_str()?.trim().to_ascii_lowercase();
    // `1gb` → `1g`, `100b` → `100`
    let s = lower.strip_suffix('b').unwrap_or(&lower);
    let (num, mult) = match s.chars().last()? {
        'k' => (&s[..s.len() - 1], 1024f64),
        'm' => (&s[..s.len() - 1], 1024f64 * 1024.0),
        'g' => (&s[..s.len() - 1], 1024f64 * 1024.0 * 1024.0),
        't' => (&s[..s.len() - 1], 1024f64 * 1024.0 * 1024.0 * 1024.0),
        _ => (s, 1.0),
    };
    let v: f64 = num.trim().parse().ok()?;
    (v.is_finite() && v >= 0.0).then_some(v * mult)
}

fn cpus(node: &Node<'_>) -> Option<f64> {
    let v: f64 = node.as_str()?.trim().parse().ok()?;
    (v.is_finite() && v >= 0.0).then_some(v)
}

impl ComposeRule for ServiceMemLimitBelowReservation {
    fn check_service(
        &self,
        svc: &Service<'_, '_>,
        _file: &ComposeFile<'_, '_>,
        cx: &mut FileCtx<'_>,
    ) {
        let res = svc.body.path(&["deploy", "resources"]);
        let lim = |k: &str| res.and_then(|r| r.path(&["limits", k]));
        let rsv = |k: &str| res.and_then(|r| r.path(&["reservations", k]));
        // memory: each limit against each reservation (legacy keys and deploy.resources)
        let mem_limits = [svc.get("mem_limit"), lim("memory")];
        let mem_res = [svc.get("mem_reservation"), rsv("memory")];
        for l in mem_limits.into_iter().flatten() {
            let Some(lv) = bytes(l) else { continue };
            if lv == 0.0 {
                continue; // 0 means unlimited
            }
            let worst = mem_res
                .iter()
                .flatten()
                .filter_map(|r| bytes(r).map(|v| (v, *r)))
                .filter(|(v, _)| *v > lv)
                .max_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((_, r)) = worst {
                cx.report(
                    l.span,
                    format!(
                        "service \"{}\" has a memory limit ({}) below its reservation ({})",
                        svc.name,
                        l.as_str().unwrap_or("").trim(),
                        r.as_str().unwrap_or("").trim()
                    ),
                )
                .help("raise the limit to at least the reservation (or lower the reservation): the container is killed before it reaches the memory it reserved");
            }
        }
        let cpu_limits = [svc.get("cpus"), lim("cpus")];
        let cpu_res = rsv("cpus");
        for l in cpu_limits.into_iter().flatten() {
            let (Some(lv), Some(r)) = (cpus(l), cpu_res) else {
                continue;
            };
            if lv == 0.0 {
                continue;
            }
            if cpus(r).is_some_and(|rv| rv > lv) {
                cx.report(
                    l.span,
                    format!(
                        "service \"{}\" has a CPU limit ({}) below its reservation ({})",
                        svc.name,
                        l.as_str().unwrap_or("").trim(),
                        r.as_str().unwrap_or("").trim()
                    ),
                )
                .help("raise the CPU limit to at least the reservation, or lower the reservation");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::yaml;

    #[test]
    fn parses_sizes() {
        let v = |s: &str| {
            let y = yaml::parse(s);
            let n = y.docs[0].root.as_ref().map(|r| bytes(r));
            n.flatten()
        };
        assert_eq!(v("512m"), Some(512.0 * 1024.0 * 1024.0));
        assert_eq!(v("1gb"), Some(1024.0 * 1024.0 * 1024.0));
        assert_eq!(v("1G"), Some(1024.0 * 1024.0 * 1024.0));
        assert_eq!(v("100b"), Some(100.0));
        assert_eq!(v("2048"), Some(2048.0));
        assert_eq!(v("lots"), None);
    }
}
