use crate::rules::prelude::*;
use crate::syntax::dockerfile::Command;

pub static RULE: RuleImpl = RuleImpl::Dockerfile(&ShellFormCmd);

struct ShellFormCmd;

impl DockerfileRule for ShellFormCmd {
    fn check(&self, df: &Dockerfile<'_>, cx: &mut FileCtx<'_>) {
        let Some(last) = df.final_stage() else { return };
        // the final stage and the stages it is built FROM: their CMD/ENTRYPOINT ship
        let mut shipped = vec![last.index];
        let mut cur = last;
        while let Some(p) = cur.parent.and_then(|p| df.stages.get(p)) {
            if shipped.contains(&p.index) {
                break;
            }
            shipped.push(p.index);
            cur = p;
        }
        for stage in df.stages.iter().filter(|s| shipped.contains(&s.index)) {
            for ins in df.instructions(stage) {
                let (keyword, args) = match ins {
                    Instruction::Cmd(c) => ("CMD", &c.arguments),
                    Instruction::Entrypoint(e) => ("ENTRYPOINT", &e.arguments),
                    _ => continue,
                };
                let Command::Shell(s) = args else { continue };
                if s.value.trim().is_empty() {
                    continue;
                }
                cx.report(
                    s.span.clone().into(),
                    format!("`{keyword}` uses the shell form: the process runs under `/bin/sh -c` and does not receive SIGTERM"),
                )
                .help(format!("use the exec form: {keyword} [\"executable\", \"arg\"]"));
            }
        }
    }
}
