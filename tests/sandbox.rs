//! A lint opens no network connection and runs no other program: checked with strace
//! when it is installed (.ci/run installs it).

use std::process::Command;

#[test]
fn no_network_and_no_exec_during_a_lint() {
    if Command::new("strace").arg("-V").output().is_err() {
        eprintln!("strace is not installed: skipping");
        return;
    }
    let trace = std::env::temp_dir().join(format!("shipgate-strace-{}.txt", std::process::id()));
    let out = Command::new("strace")
        .args([
            "-f",
            "-qq",
            "-e",
            "trace=network,execve,execveat,fork,vfork",
            "-o",
        ])
        .arg(&trace)
        .arg(env!("CARGO_BIN_EXE_shipgate"))
        .args(["check", "fixtures", "--format", "json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    if !out.status.success() && out.status.code() != Some(1) {
        // strace may be denied ptrace in some sandboxes
        eprintln!(
            "strace could not trace: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return;
    }
    let text = std::fs::read_to_string(&trace).unwrap();
    let calls: Vec<&str> = text
        .lines()
        .filter(|l| !l.contains("+++") && !l.contains("---"))
        .collect();
    let execs: Vec<&&str> = calls.iter().filter(|l| l.contains("execve")).collect();
    assert_eq!(
        execs.len(),
        1,
        "only shipgate itself is executed: {execs:#?}"
    );
    for net in ["socket(", "connect(", "sendto(", "bind(", "listen("] {
        assert!(
            !calls.iter().any(|l| l.contains(net)),
            "network call {net} during a lint:\n{text}"
        );
    }
    assert!(
        !calls.iter().any(|l| l.contains("fork(")),
        "no child process:\n{text}"
    );
    let _ = std::fs::remove_file(&trace);
}
