use super::probe_port_not_declared::{check, Mode};
use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Kubernetes(&ProbePortNotExposed);

struct ProbePortNotExposed;

impl K8sRule for ProbePortNotExposed {
    fn check(&self, obj: &K8sObject<'_, '_>, cx: &mut FileCtx<'_>) {
        check(obj, cx, Mode::NumberNotDeclared);
    }
}
