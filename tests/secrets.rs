//! Never print a secret: every output format, run on the secrets fixtures (many
//! secrets of every kind), must not contain any secret value a finding marks.

mod common;

use std::process::Command;

use shipgate::diagnostics::mask::visible_prefix;

/// Every secret value the secrets rules find in `fixtures/secrets`, read from the files
/// at the spans the findings mark.
fn secret_values() -> Vec<String> {
    let dir = common::root().join("fixtures/secrets");
    let report = common::lint(&[dir], &["secrets".to_string()]);
    let mut values = Vec::new();
    for d in &report.diagnostics {
        for span in &d.secrets {
            let text = std::fs::read_to_string(common::root().join(&d.path)).expect("fixture");
            let value = text[span.start..span.end].to_string();
            // the message never contains the value
            assert!(!d.message.contains(&value), "{}: {}", d.path, d.message);
            // short values (`db`, `api`) occur in any output by chance: not testable
            if value.len() >= 6 {
                values.push(value);
            }
        }
    }
    values.sort();
    values.dedup();
    values
}

#[test]
fn no_output_format_prints_a_secret() {
    let values = secret_values();
    assert!(
        values.len() >= 10,
        "expected many secrets in the fixtures, found {}",
        values.len()
    );
    let cache = std::env::temp_dir().join(format!("shipgate-secrets-cache-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&cache);
    let mut checked = 0;
    // human twice: the second run is served from the result cache
    for format in [
        "human", "human", "concise", "json", "sarif", "github", "markdown",
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_shipgate"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("NO_COLOR", "1")
            .env("SHIPGATE_CACHE_DIR", &cache)
            .args([
                "check",
                "fixtures/secrets",
                "--select",
                "secrets",
                "--format",
                format,
            ])
            .output()
            .expect("run shipgate");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            text.contains("SEC0"),
            "{format}: no secrets finding:\n{text}"
        );
        // SARIF also carries every rule's doc (with its fake example values): check the
        // results, which is where findings are
        let text = if format == "sarif" {
            let v: serde_json::Value = serde_json::from_str(&text).expect("SARIF is JSON");
            let results = &v["runs"][0]["results"];
            assert!(results.as_array().is_some_and(|r| !r.is_empty()));
            results.to_string()
        } else {
            text
        };
        for v in &values {
            // what may show: the visible prefix, never more
            let shown = visible_prefix(v.chars().count());
            let hidden: String = v.chars().skip(shown).collect();
            assert!(
                !text.contains(v.as_str()),
                "--format {format} prints a secret in full"
            );
            if hidden.chars().count() >= 4 {
                assert!(
                    !text.contains(hidden.as_str()),
                    "--format {format} prints the masked part of a secret"
                );
            }
        }
        checked += 1;
    }
    let _ = std::fs::remove_dir_all(&cache);
    assert_eq!(checked, 7);
}
