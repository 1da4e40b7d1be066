use super::objects::describe;
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&PrestopExceedsGracePeriod);

struct PrestopExceedsGracePeriod;

/// Seconds a preStop hook sleeps, with the node holding the number (and where the
/// number is inside it): `sleep: {seconds: N}`, `exec: {command: ["sleep", "N"]}` or
/// `["sh", "-c", "sleep N"]`.
type Sleep<'t, 'a> = (i64, &'t Node<'a>, Option<std::ops::Range<usize>>);

fn sleep_seconds<'t, 'a>(pre_stop: &'t Node<'a>) -> Option<Sleep<'t, 'a>> {
    if let Some(n) = pre_stop.path(&["sleep", "seconds"]) {
        return Some((n.as_i64()?, n, None));
    }
    let cmd = pre_stop.path(&["exec", "command"])?.as_seq()?;
    let words: Vec<&str> = cmd.iter().filter_map(Node::as_str).collect();
    if words.len() == cmd.len() && words.first().is_some_and(|w| w.ends_with("sleep")) {
        let n = cmd.get(1)?;
        return Some((n.as_str()?.trim().parse().ok()?, n, None));
    }
    // sh -c "sleep N": only when sleep is the whole script
    let last = cmd.last()?;
    let raw = last.as_str()?;
    let num = raw.trim().strip_prefix("sleep ")?.trim();
    let secs = num.parse().ok()?;
    let start = raw.rfind(num)?;
    Some((secs, last, Some(start..start + num.len())))
}

impl K8sRule for PrestopExceedsGracePeriod {
    fn scope(&self) -> K8sScope {
        K8sScope::LongRunning
    }

    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(pod) = obj.pod_spec() else { return };
        let grace_node = pod.node.get("terminationGracePeriodSeconds");
        let grace = match grace_node {
            Some(n) => match n.as_i64() {
                Some(v) => v,
                None => return,
            },
            None => 30,
        };
        for c in pod
            .containers()
            .filter(|c| c.kind == ContainerKind::Container)
        {
            let Some(pre) = c.node.path(&["lifecycle", "preStop"]) else {
                continue;
            };
            let Some((secs, node, range)) = sleep_seconds(pre) else {
                continue;
            };
            if secs < grace {
                continue;
            }
            let whose = if grace_node.is_some() {
                format!("terminationGracePeriodSeconds {grace}")
            } else {
                format!("the default grace period of {grace}s")
            };
            let span = match range {
                Some(r) => node.value_sub_span(&cx.file.text, r),
                None => node.span,
            };
            cx.report(
                span,
                format!(
                    "preStop of {} in {} sleeps {secs}s, not less than {whose}: the process is killed before it can drain",
                    c.describe(),
                    describe(obj)
                ),
            )
            .help("raise `terminationGracePeriodSeconds` above the preStop sleep plus the application's shutdown time");
        }
    }
}
