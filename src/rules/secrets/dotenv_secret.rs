use crate::rules::prelude::*;
use crate::rules::secrets::common::literal_secret;
use crate::syntax::dotenv::DotEnv;

pub static RULE: RuleImpl = RuleImpl::DotEnv(&DotenvSecret);

struct DotenvSecret;

impl DotEnvRule for DotenvSecret {
    fn check(&self, env: &DotEnv<'_>, cx: &mut FileCtx<'_>) {
        let name = cx.file.path.rsplit('/').next().unwrap_or("").to_string();
        for e in env
            .entries
            .iter()
            .filter(|e| literal_secret(e.key, e.value))
        {
            cx.report(
                e.value_span,
                format!("`{}` has a plaintext value in `{name}`", e.key),
            )
            .secret(e.value_span);
        }
    }
}
