//! Memory: repeated queries against the hyper front grow neither the registry nor the RSS.
mod common;

use std::time::Duration;

use common::*;
use nubefact_mock::{FakeNubefact, Front, MockConfig};

/// Resident set size of this process in bytes (Linux), or None elsewhere.
fn rss_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_queries_grow_neither_the_registry_nor_the_rss_of_the_hyper_front() {
    let fake = FakeNubefact::start(MockConfig { front: Front::Hyper, ..MockConfig::default() }).await.unwrap();
    let client = reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(10)).build().unwrap();
    let today = nubefact_mock::Engine::new(&MockConfig::default()).today();
    for n in 1..=100u32 {
        let mut v = dated(fixture("factura_4_6"), today);
        v["numero"] = n.into();
        v["codigo_unico"] = "".into();
        let r = client
            .post(fake.url())
            .header("Authorization", fake.token())
            .header("Content-Type", "application/json")
            .body(v.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
    }
    let round = |count: u32| {
        let client = client.clone();
        let url = fake.url();
        let token = fake.token().to_string();
        async move {
            let mut tasks = Vec::new();
            for w in 0..8u32 {
                let (client, url, token) = (client.clone(), url.clone(), token.clone());
                tasks.push(tokio::spawn(async move {
                    for i in 0..count / 8 {
                        let body = query("consultar_comprobante", Some(1), "F001", (w * 7 + i) % 100 + 1).to_string();
                        let r = client
                            .post(&url)
                            .header("Authorization", &token)
                            .header("Content-Type", "application/json")
                            .body(body)
                            .send()
                            .await
                            .unwrap();
                        assert_eq!(r.status().as_u16(), 200);
                        let _ = r.bytes().await.unwrap();
                    }
                }));
            }
            for t in tasks {
                t.await.unwrap();
            }
        }
    };
    round(2_000).await; // warm-up: connection pools, allocator arenas
    let rss_warm = rss_bytes();
    round(4_000).await;
    let rss_after = rss_bytes();
    let stats = fake.stats();
    assert_eq!(stats.documents, 100, "queries never add documents");
    assert_eq!(stats.operations["consultar_comprobante"].outcomes["ok"], 6_000);
    if let (Some(a), Some(b)) = (rss_warm, rss_after) {
        // wiremock would retain several MB for 4,000 requests; the hyper front must stay flat.
        assert!(b.saturating_sub(a) < 4 * 1024 * 1024, "rss grew from {a} to {b} bytes");
    }
    fake.shutdown().await;
}
