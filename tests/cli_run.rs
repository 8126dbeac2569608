//! `nubefact-harness run` end to end against the embedded fake: files, invariants and exit
//! codes. Never latencies: these machines are noisy.

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use nubefact_harness::api::Operation;
use predicates::prelude::*;

fn harness() -> Command {
    let mut cmd = Command::cargo_bin("nubefact-harness").expect("binary is built");
    cmd.env("NO_PROXY", "127.0.0.1,localhost");
    cmd
}

/// Runs a scenario into `out`; returns (exit code, stdout lines).
fn run(args: &[&str], out: &Path) -> (i32, Vec<String>) {
    let output = harness().arg("run").args(args).arg("--out").arg(out).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (output.status.code().unwrap_or(-1), stdout.lines().map(str::to_owned).collect())
}

/// Checks the run directory's invariants and returns the per-operation sent counts.
fn check_invariants(dir: &Path) -> BTreeMap<Operation, u64> {
    let loaded = nubefact_harness::results::load(dir).unwrap();
    let data = &loaded.data;
    let mut sent = BTreeMap::new();
    for (op, d) in &data.operations {
        let failed: u64 = d.failed.values().sum();
        assert_eq!(d.sent, d.ok + failed, "{op}: sent = ok + failed");
        // Histograms merged back from the .hlog intervals hold every response.
        assert_eq!(d.response_time_us.len(), d.sent, "{op}: response-time histogram count");
        assert_eq!(d.service_time_us.len(), d.sent, "{op}: service-time histogram count");
        sent.insert(*op, d.sent);
    }
    let per_second: u64 = data.per_second.iter().map(|s| s.sent).sum();
    assert_eq!(per_second, sent.values().sum::<u64>(), "per-second counts add up to the total");
    // The fake saw exactly what we recorded: nothing lost or doubled.
    let stats: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("fake_stats.json")).unwrap()).unwrap();
    for (op, n) in &sent {
        assert_eq!(stats["operations"][op.id()]["requests"].as_u64().unwrap_or(0), *n, "fake requests for {op}");
    }
    let fake_total: u64 =
        stats["operations"].as_object().unwrap().values().map(|o| o["requests"].as_u64().unwrap_or(0)).sum();
    assert_eq!(fake_total, sent.values().sum::<u64>(), "the fake saw no request we did not record");
    // No secret in any file.
    for entry in walk(dir) {
        let text = String::from_utf8_lossy(&std::fs::read(&entry).unwrap()).into_owned();
        assert!(!text.contains(nubefact_mock::config::DEFAULT_TOKEN), "token in {}", entry.display());
        assert!(!text.contains(nubefact_mock::config::DEFAULT_ROUTE), "route in {}", entry.display());
    }
    sent
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() { out.extend(walk(&path)) } else { out.push(path) }
    }
    out
}

#[test]
fn the_smoke_scenario_runs_every_operation_and_leaves_a_consistent_run_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("smoke");
    let (code, stdout) = run(&["scenarios/smoke.toml"], &out);
    assert_eq!(code, 0, "{stdout:?}");
    assert_eq!(stdout.last().map(String::as_str), Some(out.to_str().unwrap()), "the run directory is the last line");
    for file in
        ["manifest.json", "response_time.hlog", "service_time.hlog", "counts.csv", "errors.json", "summary.json"]
    {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    assert!(out.join("goose").read_dir().unwrap().count() > 0, "goose reports are in goose/");
    let sent = check_invariants(&out);
    for op in Operation::ALL {
        assert!(sent.get(&op).copied().unwrap_or(0) > 0, "{op} was never sent");
    }
    // Results are data: rendering the directory again gives the same summary, byte for byte.
    let before = std::fs::read(out.join("summary.json")).unwrap();
    harness().arg("report").arg(&out).args(["--scenario", "scenarios/smoke.toml"]).assert().code(0);
    assert_eq!(std::fs::read(out.join("summary.json")).unwrap(), before);
    let hlog = std::fs::read_to_string(out.join("response_time.hlog")).unwrap();
    assert!(hlog.contains("#[Histogram log format version 1.3]") && hlog.contains("Tag=generar_comprobante,"));
}

#[test]
fn without_out_the_run_goes_to_reports_runs_under_the_working_directory() {
    let cwd = tempfile::tempdir().unwrap();
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/smoke.toml");
    let output = harness()
        .current_dir(cwd.path())
        .arg("run")
        .arg(&scenario)
        .args(["--driver", "async", "--duration", "1s"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let printed = Path::new(stdout.lines().last().unwrap());
    assert_eq!(printed.parent(), Some(Path::new("reports/runs")), "printed: {}", printed.display());
    let name = printed.file_name().unwrap().to_str().unwrap();
    assert!(name.ends_with("Z-smoke"), "{name}");
    assert!(cwd.path().join(printed).join("manifest.json").is_file());
}

#[test]
fn the_smoke_scenario_runs_on_the_async_and_blocking_drivers_too() {
    for driver in ["async", "blocking"] {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join(driver);
        let (code, stdout) = run(&["scenarios/smoke.toml", "--driver", driver, "--duration", "2s"], &out);
        assert_eq!(code, 0, "{driver}: {stdout:?}");
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
        assert_eq!(manifest["driver"], driver);
        let sent = check_invariants(&out);
        assert!(sent.values().sum::<u64>() > 0, "{driver} sent nothing");
    }
}

#[test]
fn seed_replay_against_a_fake_that_fails_everything_is_invalid_and_says_so_first() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("replay");
    let (code, stdout) = run(&["scenarios/seed-replay.toml", "--faults", "error500=1"], &out);
    assert_eq!(code, 3, "{stdout:?}");
    // goose 0.19 prints "N users launched." itself; the CLI sends it to stderr, so stdout
    // is the summary alone and its very first line says INVALID.
    assert!(stdout[0].starts_with("INVALID: "), "{stdout:?}");
    assert!(!stdout.iter().any(|l| l.ends_with("users launched.")), "{stdout:?}");
    let sent = check_invariants(&out);
    assert_eq!(sent.get(&Operation::GenerarComprobante), Some(&50));
    let summary: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["verdict"], "invalid");
}

#[test]
fn a_broken_scenario_exits_2_naming_the_file_and_key() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("broken.toml");
    std::fs::write(&file, "name = \"x\"\nseed = 1\nbogus = 2\n").unwrap();
    harness()
        .arg("run")
        .arg(&file)
        .arg("--out")
        .arg(tmp.path().join("out"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("broken.toml"));
}

#[test]
fn a_remote_target_is_refused_without_allow_remote_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    harness()
        .args([
            "run",
            "scenarios/smoke.toml",
            "--target",
            "https://api.example.invalid/api/v1/SECRETROUTE",
            "--token-env",
            "PATH",
        ])
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--allow-remote").and(predicate::str::contains("SECRETROUTE").not()));
    assert!(!out.exists());
}

#[test]
fn ctrl_c_stops_the_run_writes_what_was_recorded_and_exits_130() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("interrupted");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("nubefact-harness"))
        .env("NO_PROXY", "127.0.0.1,localhost")
        .args(["run", "scenarios/bench-accuracy.toml", "--rate", "200", "--duration", "15s", "--out"])
        .arg(&out)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The run says "running …" on stderr once its Ctrl-C handler is installed and the load
    // is about to start.
    let stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let started = std::io::BufRead::lines(stderr).map_while(Result::ok).any(|l| l.starts_with("running "));
    assert!(started, "the run never started");
    let killed = std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["interrupted"], true);
    let loaded = nubefact_harness::results::load(&out).unwrap();
    let sent: u64 = loaded.data.operations.values().map(|d| d.sent).sum();
    assert!(sent < 3000, "the run stopped early, not at its planned 3000 flows: {sent}");
}
