//! The README's documented config file and SPEC examples stay valid.

#[test]
fn the_readme_config_example_parses_into_a_mock_config() {
    let readme = std::fs::read_to_string(format!("{}/README.md", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let start = readme.find("```toml\n").expect("a toml block") + "```toml\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let cfg: nubefact_mock::MockConfig = toml::from_str(&readme[start..end]).unwrap();
    assert_eq!(cfg.front, nubefact_mock::Front::Hyper);
    assert_eq!(cfg.accounts[0].tokens.len(), 2);
    assert_eq!(cfg.sunat.rules.len(), 2);
    assert_eq!(cfg.faults.rules.len(), 2);
}
