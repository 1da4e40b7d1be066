use crate::rules::prelude::*;
use crate::syntax::compose::data_store;

pub static RULE: RuleImpl = RuleImpl::Compose(&DatastorePortPublished);

struct DatastorePortPublished;

impl ComposeRule for DatastorePortPublished {
    fn check_service(
        &self,
        svc: &Service<'_, '_>,
        _file: &ComposeFile<'_, '_>,
        cx: &mut FileCtx<'_>,
    ) {
        let Some(image) = svc.image_resolved() else {
            return;
        };
        let Some((store, _)) = data_store(&image) else {
            return;
        };
        for port in svc.ports() {
            if !port.all_interfaces() {
                continue;
            }
            cx.report(
                port.span,
                format!(
                    "service \"{}\" publishes its {store} port {} on every host interface",
                    svc.name, port.target
                ),
            )
            .help("remove the `ports:` entry (services reach it on the compose network by name), or bind it to `127.0.0.1:` for local tools");
        }
    }
}
