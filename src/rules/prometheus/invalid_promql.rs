use crate::rules::prelude::*;

pub static RULE: RuleImpl = RuleImpl::Prometheus(&InvalidPromql);

struct InvalidPromql;

impl PrometheusRule for InvalidPromql {
    fn check_rules(&self, rules: &RuleSet<'_, '_>, cx: &mut FileCtx<'_>) {
        for rule in rules.groups.iter().flat_map(|g| &g.rules) {
            let Some(expr) = rule.expr() else {
                let named = rule.alert().or_else(|| rule.record());
                if let Some(e) = named {
                    let what = if rule.alert().is_some() {
                        "alert"
                    } else {
                        "recording rule"
                    };
                    let name = e.value.as_str().unwrap_or("");
                    cx.report(e.value.span, format!("{what} `{name}` has no `expr`"))
                        .help("add the PromQL expression; Prometheus refuses to load a rule without one");
                }
                continue;
            };
            let Some(query) = expr.as_str() else { continue };
            let Err((message, at)) = promql_parser::parser::parse_located(query) else {
                continue;
            };
            let at = at.filter(|r| r.start < r.end && query.get(r.clone()).is_some());
            // the grammar's generic message: name the token it stopped at
            let message = match &at {
                Some(r) if message == "invalid promql query" => {
                    format!("unexpected `{}`", &query[r.clone()])
                }
                _ => message,
            };
            let span = at
                .and_then(|r| expr.located_sub_span(cx.file.text.as_str(), r))
                .unwrap_or(expr.span);
            let what = rule
                .alert_name()
                .map(|n| format!("alert `{n}`"))
                .or_else(|| {
                    rule.record()
                        .and_then(|r| r.value.as_str())
                        .map(|n| format!("recording rule `{n}`"))
                })
                .unwrap_or_else(|| "rule".into());
            cx.report(span, format!("invalid PromQL in {what}: {message}"))
                .help("fix the expression; Prometheus refuses to load a rule file with an invalid expression (`promtool check rules` shows the same)");
        }
    }
}
