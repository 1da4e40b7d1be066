use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Compose(&ObsoleteVersionField);

struct ObsoleteVersionField;

impl ComposeRule for ObsoleteVersionField {
    fn check_file(&self, file: &ComposeFile<'_, '_>, cx: &mut FileCtx<'_>) {
        let Some(e) = file.root.entry("version") else {
            return;
        };
        cx.report(
            e.key.span,
            "the top-level `version:` is obsolete: compose ignores it and warns on every run",
        )
        .help("remove the `version:` line; the Compose Specification has no file version");
    }
}
