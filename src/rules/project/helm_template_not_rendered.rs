use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Project(&HelmTemplateNotRendered);

struct HelmTemplateNotRendered;

impl ProjectRule for HelmTemplateNotRendered {
    fn check(&self, project: &Project, cx: &mut ProjectCtx<'_>) {
        for (dir, count) in &project.helm_groups {
            let what = if *count == 1 {
                "1 Helm template is".to_string()
            } else {
                format!("{count} Helm templates are")
            };
            let d = cx.report_repo(format!("{what} not linted: templates are not plain YAML"));
            d.help(format!(
                "render the chart and lint the output: `helm template {dir} > rendered.yaml && shipgate check rendered.yaml`"
            ));
            d.path = dir.clone();
        }
    }

    fn reports_on(&self) -> &'static [FileKind] {
        reports::REPOSITORY
    }
}
