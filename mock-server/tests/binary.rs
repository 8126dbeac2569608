//! The `nubefact-mock` binary: ready line, signals, flags, config file, exit codes.
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_nubefact-mock"))
}

fn ready_line(mut cmd: Command) -> (serde_json::Value, std::process::Child) {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    (serde_json::from_str(&line).unwrap_or(serde_json::Value::Null), child)
}

fn terminate(mut child: std::process::Child) -> std::process::ExitStatus {
    let _ = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status();
    child.wait().unwrap()
}

#[test]
fn with_no_arguments_it_prints_one_json_line_with_url_token_and_admin_and_stops_on_sigterm() {
    let (ready, child) = ready_line(bin());
    let url = ready["url"].as_str().unwrap_or_default().to_string();
    assert!(url.starts_with("http://127.0.0.1:") && url.contains("/api/v1/"), "{ready}");
    assert!(ready["token"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(ready["admin"].as_str().unwrap_or_default().ends_with("/__admin"));
    assert_eq!(ready.as_object().map(|o| o.len()), Some(3));
    assert!(terminate(child).success());
}

#[test]
fn flags_and_a_toml_config_file_set_route_token_and_front() {
    let path = std::env::temp_dir().join(format!("nubefact-mock-test-{}.toml", std::process::id()));
    std::fs::write(
        &path,
        "front = \"hyper\"\nseed = 5\n[[accounts]]\nroute = \"from-file\"\ntokens = [\"file-token\"]\n",
    )
    .unwrap();
    let mut cmd = bin();
    cmd.arg("--config").arg(&path).args([
        "--token",
        "flag-token",
        "--latency",
        "fixed:1ms",
        "--faults",
        "error500=every:5",
    ]);
    let (ready, child) = ready_line(cmd);
    let _ = std::fs::remove_file(&path);
    assert!(ready["url"].as_str().unwrap_or_default().ends_with("/api/v1/from-file"), "{ready}");
    assert_eq!(ready["token"], "flag-token");
    assert!(terminate(child).success());
}

#[test]
fn bad_flags_and_bad_config_files_exit_2_with_a_message() {
    for args in [
        vec!["--latency", "fixed:abc"],
        vec!["--faults", "boom=1"],
        vec!["--front", "axum"],
        vec!["--config", "does-not-exist/x.toml"],
    ] {
        let out = bin().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}: a message on stderr");
        assert!(out.stdout.is_empty(), "{args:?}: nothing on stdout");
    }
    let path = std::env::temp_dir().join(format!("nubefact-mock-bad-{}.toml", std::process::id()));
    std::fs::write(&path, "frnt = 1\n").unwrap();
    let out = bin().arg("--config").arg(&path).output().unwrap();
    let _ = std::fs::remove_file(&path);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("frnt"), "the message names the bad key");
}

#[test]
fn a_non_loopback_listen_address_without_allow_remote_exits_2() {
    let out = bin().args(["--listen", "0.0.0.0:0"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("allow-remote"));
}
