use crate::rules::prelude::*;
use crate::rules::secrets::common::{is_env_template, is_placeholder};
use crate::syntax::dotenv::DotEnv;

pub static RULE: RuleImpl = RuleImpl::DotEnv(&DotenvCommitted);

struct DotenvCommitted;

impl DotEnvRule for DotenvCommitted {
    fn check(&self, env: &DotEnv<'_>, cx: &mut FileCtx<'_>) {
        let name = cx.file.path.rsplit('/').next().unwrap_or("").to_string();
        // `.env`, `.env.local`, `.env.production`: local files by convention; a
        // committed `app.env` for compose `env_file:` is configuration, not this rule's
        if !(name == ".env" || name.starts_with(".env.")) || is_env_template(&name) {
            return;
        }
        // the first setting with a real value: what the repository publishes
        let Some(first) = env.entries.iter().find(|e| !is_placeholder(e.value)) else {
            return;
        };
        let d = cx.report(
            first.key_span,
            format!("`{name}` is not git-ignored: its values are published with the repository"),
        );
        // the snippet shows neighbouring lines: mask every real value of the file
        for e in env.entries.iter().filter(|e| !is_placeholder(e.value)) {
            d.secret(e.value_span);
        }
    }
}
