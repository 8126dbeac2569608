//! `report` and `scenario` stay pure: no clocks, no network, no runtime, and no dependency
//! on the drivers. A scan of their sources, so that erosion fails CI rather than review.

use std::path::Path;

fn sources(dir: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(dir);
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            out.push((name, std::fs::read_to_string(&path).unwrap()));
        }
    }
    assert!(!out.is_empty(), "no sources under {}", dir.display());
    out
}

fn assert_free_of(dir: &str, banned: &[&str], allowed: &[(&str, &str)]) {
    for (file, text) in sources(dir) {
        for b in banned {
            let hits = text.matches(b).count();
            let permitted = allowed.iter().filter(|(f, a)| *f == file && a == b).count();
            assert!(hits == 0 || permitted > 0, "src/{dir}/{file} uses {b}");
        }
    }
}

const IMPURE: &[&str] =
    &["Instant", "SystemTime", "tokio", "reqwest", "std::net", "std::env", "crate::run", "crate::client", "std::fs"];

#[test]
fn report_reads_no_clock_file_network_or_driver() {
    assert_free_of("report", &[IMPURE, &["crate::scenario"]].concat(), &[]);
}

#[test]
fn scenario_reads_only_its_one_file_and_nothing_else() {
    // `Scenario::load` is the one place that reads a file.
    assert_free_of("scenario", IMPURE, &[("mod.rs", "std::fs")]);
}
