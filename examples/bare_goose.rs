//! A bare goose 0.19 attack, for `bench/drivers.sh`: the reference the goose adapter is
//! measured against. Same goose configuration as the adapter (quiet, no controllers, no
//! metrics print), the same users, and one transaction that posts the same JSON query with
//! the same headers and reads the body, but no core, no classification and no recorder.
//!
//! Usage: `BENCH_TOKEN=... bare_goose ROUTE_URL USERS SECONDS [ITERATIONS]` (with
//! ITERATIONS, each user runs that many transactions and SECONDS only caps the run); prints `<requests> <req/s>`,
//! the rate over the attack's whole wall time (start-up included), as the harness's own
//! summary reports it.
//! Loopback only: the route must be a 127.0.0.1 URL.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use goose::config::GooseConfiguration;
use goose::prelude::{GooseMethod, GooseRequest, GooseUser, Scenario, Transaction, TransactionResult};

static ANSWERED: AtomicU64 = AtomicU64::new(0);

const BODY: &str = r#"{"operacion":"consultar_comprobante","tipo_de_comprobante":1,"serie":"F001","numero":1}"#;

async fn query(user: &mut GooseUser, route: &str, auth: &str) -> TransactionResult {
    let builder = user
        .get_request_builder(&GooseMethod::Post, route)?
        .header("Content-Type", "application/json")
        .header("Authorization", auth)
        .body(BODY);
    let request = GooseRequest::builder()
        .method(GooseMethod::Post)
        .name("consultar_comprobante")
        .set_request_builder(builder)
        .build();
    let goose = user.request(request).await?;
    if let Ok(response) = goose.response {
        let _ = response.bytes().await;
    }
    ANSWERED.fetch_add(1, Ordering::Relaxed);
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(route), Some(users), Some(seconds)) = (args.next(), args.next(), args.next()) else {
        return Err("usage: bare_goose ROUTE_URL USERS SECONDS".into());
    };
    let url = url::Url::parse(&route)?;
    if url.host_str() != Some("127.0.0.1") {
        return Err("bare_goose: the route must be on 127.0.0.1".into());
    }
    let auth = format!("Token token=\"{}\"", std::env::var("BENCH_TOKEN")?);
    let mut config = GooseConfiguration::default();
    config.host = Some(format!("http://127.0.0.1:{}", url.port().unwrap_or(80)));
    config.quiet = 1;
    config.no_telnet = true;
    config.websocket = false;
    config.no_print_metrics = true;
    config.users = Some(users.parse()?);
    config.increase_rate = Some(users.clone());
    match args.next() {
        Some(iterations) => config.iterations = Some(iterations.parse()?),
        None => config.run_time = Some(seconds),
    }
    config.timeout = Some("5".to_owned());
    if let Ok(dir) = std::env::var("BARE_REPORT") {
        config.report_file =
            vec![format!("{dir}/report.html"), format!("{dir}/report.json"), format!("{dir}/report.md")];
    }
    let (route, auth) = (Arc::new(route), Arc::new(auth));
    let transaction = Transaction::new(Arc::new(move |user: &mut GooseUser| {
        let (route, auth) = (Arc::clone(&route), Arc::clone(&auth));
        Box::pin(async move { query(user, &route, &auth).await })
    }));
    let started = Instant::now();
    goose::GooseAttack::initialize_with_config(config)?
        .register_scenario(Scenario::new("bare").register_transaction(transaction))
        .execute()
        .await?;
    let seconds = started.elapsed().as_secs_f64();
    let requests = ANSWERED.load(Ordering::Relaxed);
    eprintln!("bare goose: {requests} requests in {seconds:.2} s");
    println!("{requests} {:.0}", requests as f64 / seconds);
    Ok(())
}
