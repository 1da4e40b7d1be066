//! Kustomize: overlays are rendered and linted, and findings land on the line that
//! produced the value — the base, the patch, or the kustomization.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

use common::write;

fn run(args: &[&str], cwd: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shipgate"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run shipgate")
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn json(args: &[&str], cwd: &std::path::Path) -> serde_json::Value {
    let o = run(args, cwd);
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "exit {:?}: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("JSON output")
}

/// (code, path, line, column, message) of every finding.
fn findings(v: &serde_json::Value) -> Vec<(String, String, u64, u64, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["path"].as_str().unwrap().to_string(),
                f["start"]["line"].as_u64().unwrap_or(0),
                f["start"]["column"].as_u64().unwrap_or(0),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

const P: &str = "fixtures/projects/kustomize";

#[test]
fn json_snapshot_of_the_kustomize_project() {
    let o = run(&["check", P, "--format", "json"], &root());
    let text = String::from_utf8_lossy(&o.stdout).replace(env!("CARGO_PKG_VERSION"), "[version]");
    insta::assert_snapshot!("kustomize_json", text);
}

#[test]
fn findings_land_on_base_patch_and_kustomization_lines() {
    let all = findings(&json(&["check", P, "--format", "json"], &root()));
    let at = |code: &str, path: &str| -> Vec<(u64, u64, String)> {
        all.iter()
            .filter(|f| f.0 == code && f.1 == format!("{P}/{path}"))
            .map(|f| (f.2, f.3, f.4.clone()))
            .collect()
    };
    // `images: newTag: latest` in the dev overlay: the kustomization line
    let dev = at("K8S008", "overlays/dev/kustomization.yaml");
    assert_eq!(dev.len(), 1, "{all:#?}");
    assert_eq!((dev[0].0, dev[0].1), (8, 13));
    // staging keeps the base's `:latest`: the base line, with the overlay named
    let base = at("K8S008", "base/deployment.yaml");
    assert_eq!(base.len(), 1, "{all:#?}");
    assert_eq!((base[0].0, base[0].1), (20, 35));
    assert!(
        base[0].2.ends_with("(only in overlay: overlays/staging)"),
        "{base:?}"
    );
    // production pins `1.4.2` through `images:`: no G4 finding there
    assert!(at("K8S008", "overlays/production/kustomization.yaml").is_empty());
    // the production patch sets a memory limit below its request: the patch line
    let patch = at("K8S023", "overlays/production/resources.yaml");
    assert_eq!(patch.len(), 1, "{all:#?}");
    assert_eq!((patch[0].0, patch[0].1), (16, 23));
    // replicas set by a JSON 6902 patch (staging) and by `replicas:` (production)
    assert_eq!(
        at("K8S044", "overlays/staging/resources.yaml")
            .iter()
            .map(|f| (f.0, f.1))
            .collect::<Vec<_>>(),
        vec![(12, 10)]
    );
    assert_eq!(
        at("K8S044", "overlays/production/kustomization.yaml")
            .iter()
            .map(|f| (f.0, f.1))
            .collect::<Vec<_>>(),
        vec![(8, 12)]
    );
    // every overlay sets resources: the base's missing requests and limits are fixed
    for code in ["K8S004", "K8S005", "K8S006", "K8S007"] {
        assert!(
            all.iter().all(|f| f.0 != code),
            "{code} reported though every overlay sets resources: {all:#?}"
        );
    }
    // a finding every overlay has appears once, at the base, without an overlay note
    let k8s053: Vec<_> = all.iter().filter(|f| f.0 == "K8S053").collect();
    assert_eq!(k8s053.len(), 1, "{k8s053:#?}");
    assert_eq!(k8s053[0].1, format!("{P}/base/deployment.yaml"));
    assert!(!k8s053[0].4.contains("only in"));
    // an inline patch in the dev kustomization: `privileged: true` at its line there
    let inline = at("K8S010", "overlays/dev/kustomization.yaml");
    assert_eq!(
        inline.iter().map(|f| (f.0, f.1)).collect::<Vec<_>>(),
        vec![(22, 31)]
    );
    // the security context the dev patch adds is where dev's container findings point;
    // the other overlays keep the base's container
    let k8s013: Vec<_> = all.iter().filter(|f| f.0 == "K8S013").collect();
    assert_eq!(k8s013.len(), 2, "{k8s013:#?}");
    assert!(k8s013
        .iter()
        .any(|f| f.1 == format!("{P}/base/deployment.yaml")
            && f.4
                .ends_with("(only in overlays: overlays/production, overlays/staging)")));
    assert!(k8s013
        .iter()
        .any(|f| f.1 == format!("{P}/overlays/dev/kustomization.yaml") && (f.2, f.3) == (21, 17)));
    // patches are not objects of their own: no raw finding on them
    assert!(all
        .iter()
        .filter(|f| f.1.ends_with("resources.yaml"))
        .all(|f| ["K8S023", "K8S044"].contains(&f.0.as_str())));
}

#[test]
fn the_base_alone_is_linted_as_plain_files() {
    // without the overlays, the base is the overlay: its own findings are reported
    let all = findings(&json(
        &["check", &format!("{P}/base"), "--format", "json"],
        &root(),
    ));
    assert!(all.iter().any(|f| f.0 == "K8S004"), "{all:#?}");
    assert!(all.iter().any(|f| f.0 == "K8S008"));
}

/// Assert the (code, path, line, column) of every finding of the `select`ed rules in
/// `dir`.
fn assert_located(dir: &std::path::Path, select: &str, want: &[(&str, &str, u64, u64)]) {
    let all = findings(&json(
        &["check", ".", "--format", "json", "--select", select],
        dir,
    ));
    let got: Vec<_> = all
        .iter()
        .map(|f| (f.0.as_str(), f.1.as_str(), f.2, f.3))
        .collect();
    assert_eq!(got, want, "{all:#?}");
}

fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("shipgate-kz-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn hostile_kustomizations_do_not_crash() {
    let d = tempdir("hostile");
    let k = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n";
    // a cycle a → b → a, and a self reference
    write(
        &d,
        "a/kustomization.yaml",
        &format!("{k}resources:\n  - ../b\n  - .\n"),
    );
    write(
        &d,
        "b/kustomization.yaml",
        &format!("{k}resources:\n  - ../a\n"),
    );
    // escapes, absolute paths, missing files, a directory as a patch
    write(
        &d,
        "c/kustomization.yaml",
        &format!(
            "{k}resources:\n  - ../../../../etc\n  - /etc/passwd\n  - missing.yaml\n  - deploy.yaml\npatches:\n  - path: .\n  - path: bomb.yaml\n  - patch: \"[\"\n  - patch: |-\n      - op: remove\n        path: /spec/nope/0\n    target: {{kind: Deployment, name: \"(\"}}\npatchesJson6902:\n  - path: deploy.yaml\n"
        ),
    );
    write(
        &d,
        "c/deploy.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers: [{name: web, image: web}]\n",
    );
    let mut bomb = String::from("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
    let mut prev = "a".to_string();
    for n in ["b", "c", "d", "e", "f", "g", "h", "i"] {
        bomb.push_str(&format!(
            "{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
        prev = n.to_string();
    }
    write(&d, "c/bomb.yaml", &bomb);
    // garbage kustomizations
    write(&d, "d/kustomization.yaml", "[: not yaml\n");
    write(&d, "e/kustomization.yaml", "- just\n- a list\n");
    write(&d, "f/kustomization.yaml", &format!("{k}resources: 7\nimages: {{a: b}}\nreplicas: [1, {{name: x}}]\npatches: [3]\nnamePrefix: [x]\n"));
    // a chain deeper than the nesting limit, and a diamond fan-out that doubles the
    // objects at every level
    for i in 0..40 {
        write(
            &d,
            &format!("chain/l{i}/kustomization.yaml"),
            &format!("{k}resources:\n  - ../l{}\n", i + 1),
        );
    }
    write(
        &d,
        "chain/l40/kustomization.yaml",
        &format!("{k}resources:\n  - ../../c/deploy.yaml\n"),
    );
    for i in 0..16 {
        write(
            &d,
            &format!("fan/l{i}/kustomization.yaml"),
            &format!("{k}resources:\n  - ../l{n}\n  - ../l{n}\n", n = i + 1),
        );
    }
    write(
        &d,
        "fan/l16/kustomization.yaml",
        &format!("{k}resources:\n  - deploy.yaml\n"),
    );
    std::fs::copy(d.join("c/deploy.yaml"), d.join("fan/l16/deploy.yaml")).unwrap();
    let v = json(&["check", ".", "--format", "json"], &d);
    let all = findings(&v);
    assert!(
        all.iter()
            .any(|f| f.0 == "K8S090" && f.4.contains("objects beyond the first")),
        "{all:#?}"
    );
    assert!(
        all.iter().any(|f| f.0 == "K8S090"
            && f.1 == "chain/l0/kustomization.yaml"
            && f.4.contains("nested deeper than")),
        "{all:#?}"
    );
    assert!(
        all.iter()
            .any(|f| f.0 == "K8S091" && f.4.contains("missing.yaml")),
        "{all:#?}"
    );
    assert!(all
        .iter()
        .any(|f| f.0 == "K8S090" && f.4.contains("outside the checked directory")));
    assert!(
        all.iter().all(|f| f.0 != "SG005"),
        "a rule crashed: {all:#?}"
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn lists_deletions_prefixes_and_inline_json_patches() {
    let d = tempdir("render");
    write(
        &d,
        "base/kustomization.yaml",
        "resources:\n  - list.yaml\nnamePrefix: b-\n",
    );
    write(
        &d,
        "base/list.yaml",
        "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: api\n    spec:\n      template:\n        spec:\n          containers:\n            - name: api\n              image: api:1\n            - name: sidecar\n              image: side:latest\n  - apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: gone\n    spec:\n      template:\n        spec:\n          containers:\n            - name: x\n              image: x:latest\n",
    );
    write(
        &d,
        "ov/kustomization.yaml",
        "resources:\n  - ../base\nnameSuffix: -prod\npatches:\n  - patch: |-\n      $patch: delete\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata:\n        name: gone\n  - patch: |-\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata:\n        name: api\n      spec:\n        template:\n          spec:\n            containers:\n              - name: sidecar\n                $patch: delete\n  - target:\n      kind: Deployment\n      name: b-api\n    patch: |-\n      - op: replace\n        path: /spec/template/spec/containers/0/image\n        value: api:latest\n",
    );
    let all = findings(&json(
        &["check", ".", "--format", "json", "--select", "K8S008"],
        &d,
    ));
    // the deleted object and the deleted sidecar are gone; the JSON patch, matched
    // through the base's name prefix, sets `:latest` at its line
    assert_eq!(
        all.iter()
            .map(|f| (f.1.as_str(), f.2, f.3))
            .collect::<Vec<_>>(),
        vec![("ov/kustomization.yaml", 28, 20)],
        "{all:#?}"
    );
    // the editor lints a buffer as a file, with the repository as context: the buffer
    // is what is rendered (here `gone` is renamed, so the delete patch misses it, and
    // the sidecar is still deleted)
    std::fs::create_dir_all(d.join(".git")).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_shipgate"))
        .args([
            "check",
            "-",
            "--stdin-filename",
            "base/list.yaml",
            "--format",
            "json",
            "--select",
            "K8S008",
        ])
        .current_dir(&d)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            let text = std::fs::read_to_string(d.join("base/list.yaml"))?
                .replace("name: gone", "name: kept");
            c.stdin.take().expect("stdin").write_all(text.as_bytes())?;
            c.wait_with_output()
        })
        .expect("run shipgate");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let got: Vec<_> = findings(&v).into_iter().map(|f| (f.1, f.2)).collect();
    assert_eq!(got, vec![("base/list.yaml".to_string(), 25)], "{v:#}");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn namespace_labels_and_targets_point_at_the_kustomization() {
    let d = tempdir("transformers");
    write(
        &d,
        "app/deploy.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    tier: front\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: web:1.0\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: worker\n  labels:\n    tier: back\nspec:\n  selector:\n    matchLabels: {app: worker}\n  template:\n    metadata:\n      labels: {app: worker}\n    spec:\n      containers:\n        - name: worker\n          image: worker:1.0\n",
    );
    write(
        &d,
        "app/kustomization.yaml",
        "resources:\n  - deploy.yaml\nnamespace: default\ncommonLabels:\n  team: shop\npatches:\n  - target:\n      kind: Deployment\n      labelSelector: tier=back\n    patch: |-\n      - op: replace\n        path: /spec/template/spec/containers/0/image\n        value: worker:latest\n",
    );
    // `namespace: default` set by the kustomization, for both objects, at its line;
    // the label-selected JSON patch reaches only the worker; `commonLabels` goes to
    // selectors and templates alike (no selector-template-mismatch, K8S065)
    assert_located(
        &d,
        "K8S008,K8S068,K8S065",
        &[
            ("K8S068", "app/kustomization.yaml", 3, 12),
            ("K8S068", "app/kustomization.yaml", 3, 12),
            ("K8S008", "app/kustomization.yaml", 13, 23),
        ],
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn a_base_replica_count_every_overlay_raises_is_not_reported() {
    let d = tempdir("replicas");
    write(
        &d,
        "base/deploy.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n        - name: web\n          image: web:1.0\n",
    );
    write(
        &d,
        "base/kustomization.yaml",
        "resources:\n  - deploy.yaml\n",
    );
    for env in ["dev", "prod"] {
        write(
            &d,
            &format!("{env}/kustomization.yaml"),
            "resources:\n  - ../base\nreplicas:\n  - name: web\n    count: 3\n",
        );
    }
    let k8s040 = |d: &std::path::Path| {
        findings(&json(
            &["check", ".", "--format", "json", "--select", "K8S040"],
            d,
        ))
    };
    assert!(k8s040(&d).is_empty(), "{:#?}", k8s040(&d));
    // one overlay keeps the base's single replica: reported at the base line
    write(&d, "dev/kustomization.yaml", "resources:\n  - ../base\n");
    let all = k8s040(&d);
    assert_eq!(
        all.iter().map(|f| (f.1.as_str(), f.2)).collect::<Vec<_>>(),
        vec![("base/deploy.yaml", 6)],
        "{all:#?}"
    );
    let _ = std::fs::remove_dir_all(&d);
}

/// Rendering uses the documents the files phase parsed for the files at or below a
/// kustomization's directory, and reads any other referenced file itself: findings on
/// rendered objects land at their text either way, and a patch applies to both.
#[test]
fn parsed_and_self_read_resources_render_alike() {
    let d = tempdir("parsed-once");
    let deployment = |name: &str| {
        format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  selector:\n    matchLabels: {{app: {name}}}\n  template:\n    metadata:\n      labels: {{app: {name}}}\n    spec:\n      containers:\n        - name: {name}\n          image: {name}:latest\n")
    };
    // `app/` holds the kustomization: its file was parsed by the files phase; `shared/`
    // holds none, so the renderer reads `shared/extra.yaml` itself
    write(&d, "app/deploy.yaml", &deployment("web"));
    write(&d, "shared/extra.yaml", &deployment("extra"));
    write(
        &d,
        "app/kustomization.yaml",
        "resources:\n  - deploy.yaml\n  - ../shared/extra.yaml\npatches:\n  - target:\n      kind: Deployment\n    patch: |-\n      - op: add\n        path: /metadata/namespace\n        value: default\n",
    );
    assert_located(
        &d,
        "K8S008,K8S068",
        &[
            // the tag, after `web:` and `extra:`
            ("K8S008", "app/deploy.yaml", 14, 22),
            ("K8S068", "app/kustomization.yaml", 10, 16),
            ("K8S068", "app/kustomization.yaml", 10, 16),
            ("K8S008", "shared/extra.yaml", 14, 24),
        ],
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn a_given_file_gets_the_findings_a_whole_run_gives_it() {
    // a pre-commit run lints the repository around its files as context; rendering's
    // findings are skipped when none could be on a given file, so each file's findings
    // must still be exactly those of the whole run, run once and again (cache warm)
    let d = tempdir("given");
    common::copy_dir(&root().join(P), &d.join("k"));
    std::fs::create_dir_all(d.join(".git")).unwrap();
    write(&d, "Dockerfile", "FROM nginx:latest\nUSER 101\n");
    write(&d, "app/service.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: nope\n  ports:\n    - port: 80\n");
    let cache = d.join(".cache-dir");
    let run_json = |args: &[&str]| -> Vec<(String, String, u64, u64, String)> {
        let o = Command::new(env!("CARGO_BIN_EXE_shipgate"))
            .args(args)
            .current_dir(&d)
            .env("SHIPGATE_CACHE_DIR", &cache)
            .output()
            .expect("run shipgate");
        assert!(matches!(o.status.code(), Some(0 | 1)), "{o:?}");
        findings(&serde_json::from_slice(&o.stdout).expect("JSON output"))
    };
    let whole = run_json(&["check", ".", "--format", "json", "--no-cache"]);
    let mut files = vec!["Dockerfile".to_string(), "app/service.yaml".to_string()];
    let mut dirs = vec![d.join("k")];
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            if e.path().is_dir() {
                dirs.push(e.path());
            } else {
                let rel = e
                    .path()
                    .strip_prefix(&d)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                files.push(rel);
            }
        }
    }
    assert!(
        whole.iter().any(|f| f.1.starts_with("k/overlays/")),
        "{whole:#?}"
    );
    for f in &files {
        let want: Vec<_> = whole.iter().filter(|x| &x.1 == f).cloned().collect();
        for pass in ["first run", "second run"] {
            let got = run_json(&["check", f, "--format", "json"]);
            assert_eq!(got, want, "{f}, {pass}");
        }
    }
    let _ = std::fs::remove_dir_all(&d);
}
