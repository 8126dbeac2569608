//! The README stays true: its usage block is the binary's `--help`, and the commands it
//! gives for a fresh machine exist.

use assert_cmd::Command;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

#[test]
fn the_readme_usage_block_is_the_binarys_help() {
    let readme = readme();
    let start = readme.find("<!-- help:start -->\n```text\n").expect("help block start")
        + "<!-- help:start -->\n```text\n".len();
    let end = readme[start..].find("```\n<!-- help:end -->").expect("help block end") + start;
    let help = Command::cargo_bin("nubefact-harness").unwrap().arg("--help").output().unwrap();
    assert_eq!(&readme[start..end], String::from_utf8(help.stdout).unwrap(), "re-paste `nubefact-harness --help`");
}

#[test]
fn the_readme_names_the_main_job_and_the_test_command() {
    let readme = readme();
    assert!(readme.contains("cargo run -- run scenarios/smoke.toml"));
    assert!(readme.contains("cargo test --workspace"));
    let ci = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/run")).unwrap();
    assert!(ci.contains("cargo test --workspace"), ".ci/run runs the README's test command");
}
