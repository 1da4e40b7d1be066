//! The schema rules over the real-world corpus in `../shared/corpus`: every finding was
//! reviewed by hand and is a true problem (the API server rejects the object, or
//! silently drops the field). A new finding is a possible false positive to review; a
//! finding that disappears is a lost true positive.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

/// (path, line, code, why it is right): every K8S080/K8S081 finding in the corpus.
const REVIEWED: &[(&str, usize, &str, &str)] = &[
    (
        "bridgecrewio__checkov/tests/kubernetes/checks/example_AllowPrivilegeEscalation/pod-runas1000-malformed-PASSED.yaml",
        15,
        "K8S081",
        "list written as a mapping (missing `-`)",
    ),
    (
        "bridgecrewio__checkov/tests/kubernetes/checks/example_DockerSocketVolume/scope-UNKNOWN.yaml",
        9,
        "K8S081",
        "list written as a mapping (missing `-`)",
    ),
    (
        "bridgecrewio__checkov/tests/kubernetes/checks/example_DockerSocketVolume/scope-UNKNOWN.yaml",
        20,
        "K8S081",
        "list written as a mapping (missing `-`)",
    ),
    (
        "bridgecrewio__checkov/tests/kubernetes/checks/example_NginxIngressCVE202125742/annotation1-FAILED.yaml",
        17,
        "K8S080",
        "`paths` not indented under `http:`",
    ),
    (
        "bridgecrewio__checkov/tests/kubernetes/checks/example_NginxIngressCVE202125742/annotation2-nollua-PASSESONEFAILSONE.yaml",
        14,
        "K8S080",
        "`paths` not indented under `http:`",
    ),
    (
        "bridgecrewio__checkov/tests/kubernetes/checks/example_NginxIngressCVE202125742/noannotations-PASSED.yaml",
        10,
        "K8S080",
        "`paths` not indented under `http:`",
    ),
    (
        "bridgecrewio__checkov/tests/kubernetes/checks/example_PeerClientCertAuthTrue/PeerClientCertAuthTrue-FAILED.yaml",
        52,
        "K8S080",
        "`fsType` not indented under `awsElasticBlockStore:`",
    ),
    (
        "bridgecrewio__checkov/tests/kubernetes/checks/example_PeerClientCertAuthTrue/PeerClientCertAuthTrue-FAILED2.yaml",
        51,
        "K8S080",
        "`fsType` not indented under `awsElasticBlockStore:`",
    ),
    (
        "bridgecrewio__checkov/tests/kubernetes/checks/example_PeerClientCertAuthTrue/PeerClientCertAuthTrue-UNKNOWN.yaml",
        51,
        "K8S080",
        "`fsType` not indented under `awsElasticBlockStore:`",
    ),
    (
        "bridgecrewio__checkov/tests/kubernetes/checks/example_Requests_Limits/pod-requests-limits-UNKNOWN.yaml",
        13,
        "K8S081",
        "`resources` written as a list",
    ),
    (
        "bridgecrewio__checkov/tests/kubernetes/checks/example_Requests_Limits/pod-requests-limits-UNKNOWN2.yaml",
        14,
        "K8S081",
        "`requests` written as a list",
    ),
    (
        "bridgecrewio__checkov/tests/kubernetes/checks/example_RootContainers/rootContainersFAILED-malformed-spec.yaml",
        6,
        "K8S081",
        "`spec` written as a list",
    ),
    (
        "bridgecrewio__checkov/tests/kubernetes/checks/example_RootContainers/rootContainersFAILED.yaml",
        66,
        "K8S081",
        "a user name where a UID is required",
    ),
    (
        "bridgecrewio__checkov/tests/kubernetes/checks/example_RootContainers/rootContainersFAILED_2.yaml",
        29,
        "K8S081",
        "`runAsUser:65534` without a space is one string",
    ),
    (
        "bridgecrewio__checkov/tests/kubernetes/checks/example_RootContainersHighUID/rootContainersHighUIDFAILED.yaml",
        66,
        "K8S081",
        "a user name where a UID is required",
    ),
    (
        "bridgecrewio__checkov/tests/kubernetes/checks/example_RootContainersHighUID/rootContainersHighUIDFAILED.yaml",
        82,
        "K8S081",
        "`runAsUser:65534` without a space is one string",
    ),
    (
        "bridgecrewio__checkov/tests/kubernetes/checks/example_Seccomp/cronjob-seccomp-PASSED3.yaml",
        16,
        "K8S080",
        "`seccompProfile` belongs in `securityContext`",
    ),
    (
        "bridgecrewio__checkov/tests/kubernetes/checks/example_Seccomp/pod-seccomp-FAILED2.yaml",
        12,
        "K8S081",
        "quoted number",
    ),
    (
        "bridgecrewio__checkov/tests/kubernetes/checks/example_Seccomp/pod-seccomp-FAILED2.yaml",
        43,
        "K8S081",
        "quoted number",
    ),
    (
        "bridgecrewio__checkov/tests/kubernetes/checks/example_Seccomp/pod-seccomp-FAILED2.yaml",
        50,
        "K8S080",
        "checkov graph attributes pasted into a container",
    ),
    (
        "bridgecrewio__checkov/tests/kubernetes/checks/example_Seccomp/pod-seccomp-FAILED2.yaml",
        51,
        "K8S080",
        "checkov graph attributes pasted into a container",
    ),
    (
        "bridgecrewio__checkov/tests/kubernetes/checks/example_Seccomp/pod-seccomp-FAILED2.yaml",
        52,
        "K8S080",
        "checkov graph attributes pasted into a container",
    ),
    (
        "bridgecrewio__checkov/tests/kubernetes/checks/example_Seccomp/pod-seccomp-FAILED2.yaml",
        53,
        "K8S080",
        "checkov graph attributes pasted into a container",
    ),
    (
        "bridgecrewio__checkov/tests/kubernetes/checks/example_Secrets/pod-secretsEnvironment-UNKNOWN.yaml",
        9,
        "K8S081",
        "`env: env`",
    ),
    (
        "bridgecrewio__checkov/tests/kubernetes/checks/example_SecurityContexts/pod-container-FAILED_malformed_spec.yaml",
        7,
        "K8S081",
        "`spec` written as a list",
    ),
    (
        "bridgecrewio__checkov/tests/kubernetes/checks/example_ServiceAccountTokens/ServiceAccountTokensUNKNOWN.yaml",
        20,
        "K8S081",
        "`spec` written as a list",
    ),
    (
        "bridgecrewio__checkov/tests/kubernetes/graph/checks/resources/PodIsPubliclyAccessibleExample/Failing/Pod.yaml",
        4,
        "K8S080",
        "a label written directly under `metadata`",
    ),
    (
        "bridgecrewio__checkov/tests/kubernetes/graph/checks/resources/PodIsPubliclyAccessibleExample/Passing/Pod.yaml",
        4,
        "K8S080",
        "a label written directly under `metadata`",
    ),
    (
        "bridgecrewio__checkov/tests/kubernetes/graph/resources/faulty_resources/incompatible_selector.yaml",
        6,
        "K8S081",
        "`selector: kill`",
    ),
    (
        "kubernetes__examples/_archived/volumes/fibre_channel/fc.yaml",
        17,
        "K8S081",
        "unfilled placeholder where an integer is required",
    ),
    (
        "kubernetes__examples/_archived/volumes/rbd/rbd.yaml",
        25,
        "K8S080",
        "a StorageClass parameter, not an RBD volume field",
    ),
    (
        "kubernetes__examples/_archived/volumes/rbd/rbd.yaml",
        26,
        "K8S080",
        "a StorageClass parameter, not an RBD volume field",
    ),
    (
        "kubernetes__examples/_archived/volumes/scaleio/pod.yaml",
        17,
        "K8S080",
        "typo of `protectionDomain`",
    ),
    (
        "kubernetes__examples/_archived/volumes/storageos/storageos-pod.yaml",
        35,
        "K8S080",
        "StorageOS volumes have no `pool`",
    ),
    (
        "kubernetes__examples/_archived/volumes/storageos/storageos-pv.yaml",
        22,
        "K8S080",
        "StorageOS uses `secretRef`",
    ),
    (
        "stackrox__kube-linter/tests/checks/dnsconfig-options-ndots.yml",
        25,
        "K8S080",
        "`runAsUser` belongs in `securityContext`",
    ),
    (
        "stackrox__kube-linter/tests/checks/dnsconfig-options-ndots.yml",
        57,
        "K8S080",
        "`runAsUser` belongs in `securityContext`",
    ),
    (
        "stackrox__kube-linter/tests/checks/dnsconfig-options-ndots.yml",
        89,
        "K8S080",
        "`runAsUser` belongs in `securityContext`",
    ),
    (
        "stackrox__kube-linter/tests/checks/dnsconfig-options-ndots.yml",
        94,
        "K8S080",
        "wrong case of `searches`",
    ),
    (
        "stackrox__kube-linter/tests/checks/dnsconfig-options-ndots.yml",
        120,
        "K8S080",
        "`runAsUser` belongs in `securityContext`",
    ),
    (
        "stackrox__kube-linter/tests/checks/kubeconform.yml",
        22,
        "K8S080",
        "DaemonSets have no replicas (the file says so)",
    ),
    (
        "stackrox__kube-linter/tests/checks/kubeconform.yml",
        69,
        "K8S080",
        "the file says so",
    ),
    (
        "stackrox__kube-linter/tests/checks/non-isolated-pod.yml",
        26,
        "K8S080",
        "label written without `matchLabels:`",
    ),
    (
        "stackrox__kube-linter/tests/checks/non-isolated-pod.yml",
        58,
        "K8S080",
        "label written without `matchLabels:`",
    ),
    (
        "stackrox__kube-linter/tests/checks/run-as-non-root.yml",
        14,
        "K8S080",
        "`runAsUser` belongs in `securityContext`",
    ),
    (
        "stackrox__kube-linter/tests/checks/run-as-non-root.yml",
        45,
        "K8S080",
        "`runAsUser` belongs in `securityContext`",
    ),
    (
        "stackrox__kube-linter/tests/checks/unset-cpu-requirements.yml",
        12,
        "K8S080",
        "`requests` belongs in `resources`",
    ),
    (
        "stackrox__kube-linter/tests/checks/unset-memory-requirements.yml",
        12,
        "K8S080",
        "`limit` belongs in `resources.limits`",
    ),
];

#[test]
fn corpus_schema_findings_are_the_reviewed_ones() {
    if !shipgate::syntax::k8s_schema::ENABLED {
        return; // built without the `schema` feature
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !dir.is_dir() {
        eprintln!("../shared/corpus is not present: skipping");
        return;
    }
    let o = Command::new(env!("CARGO_BIN_EXE_shipgate"))
        .args([
            "check",
            ".",
            "--select",
            "K8S080,K8S081",
            "--format",
            "json",
            "--no-cache",
        ])
        .current_dir(&dir)
        .output()
        .expect("run shipgate");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    let got: BTreeSet<(String, usize, String)> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "K8S080" || f["code"] == "K8S081")
        .map(|f| {
            (
                f["path"]
                    .as_str()
                    .unwrap_or("")
                    .trim_start_matches("./")
                    .to_string(),
                f["start"]["line"].as_u64().unwrap_or(0) as usize,
                f["code"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let want: BTreeSet<(String, usize, String)> = REVIEWED
        .iter()
        .map(|(p, l, c, _)| (p.to_string(), *l, c.to_string()))
        .collect();
    let new: Vec<_> = got.difference(&want).collect();
    let lost: Vec<_> = want.difference(&got).collect();
    assert!(
        new.is_empty() && lost.is_empty(),
        "new findings (review each: a false positive is fixed in the checker):\n{new:#?}\nlost findings:\n{lost:#?}"
    );
}
