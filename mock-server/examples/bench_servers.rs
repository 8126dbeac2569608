//! Benchmark servers for `bench/run.sh` (release build): each mode prints one ready line
//! `{"url": ..., "token": ...}` on stdout and serves until killed; `registry N` measures memory
//! per stored document in-process.
//!
//! Modes: `fake-wiremock`, `fake-hyper`, `bare-wiremock`, `bare-hyper`, `registry N`.
//! Servers use one tokio worker thread so each side of the loopback gets about one core.
use std::time::Duration;

use nubefact_mock::config::{DEFAULT_ROUTE, DEFAULT_TOKEN};
use nubefact_mock::engine::{Engine, Request};
use nubefact_mock::{FakeNubefact, Front, MockConfig};

/// A fixed 1 KB JSON reply for the bare baselines, shaped like a consultar reply.
fn fixed_body() -> Vec<u8> {
    let mut s = String::from("{\"tipo_de_comprobante\":1,\"serie\":\"F001\",\"numero\":1,\"padding\":\"");
    while s.len() < 1022 {
        s.push('x');
    }
    s.push_str("\"}");
    s.into_bytes()
}

fn rss_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1).and_then(|p| p.parse::<u64>().ok()))
        .map_or(0, |p| p * 4096)
}

fn factura(numero: u32, serie: &str, date: &str) -> String {
    format!(
        r#"{{"operacion":"generar_comprobante","tipo_de_comprobante":1,"serie":"{serie}","numero":{numero},"sunat_transaction":1,
"cliente_tipo_de_documento":"6","cliente_numero_de_documento":"20100000001","cliente_denominacion":"COMERCIAL EJEMPLO SAC",
"cliente_direccion":"JR. UNO 123","fecha_de_emision":"{date}","moneda":1,"porcentaje_de_igv":18.00,"total_gravada":100.00,
"total_igv":18.00,"total":118.00,"items":[{{"unidad_de_medida":"NIU","descripcion":"CUADERNO","cantidad":4,"valor_unitario":25.00,
"precio_unitario":29.50,"subtotal":100.00,"tipo_de_igv":1,"igv":18.00,"total":118.00}}]}}"#
    )
}

fn post(engine: &Engine, body: &str) -> u16 {
    let auth = format!("Token token=\"{DEFAULT_TOKEN}\"");
    engine
        .handle(&Request {
            method: "POST",
            path: &format!("/api/v1/{DEFAULT_ROUTE}"),
            content_type: Some(b"application/json"),
            authorization: Some(auth.as_bytes()),
            body: body.as_bytes(),
        })
        .status
}

fn registry(n: u32) {
    let engine = Engine::new(&MockConfig::default());
    let t = engine.today();
    let date = format!("{:02}-{:02}-{}", t.day(), t.month() as u8, t.year());
    // Warm up the allocator and code paths before the baseline.
    for i in 1..=1000 {
        post(&engine, &factura(i, "F999", &date));
    }
    let before = rss_bytes();
    let mut ok = 0u64;
    for i in 0..n {
        let serie = format!("F{:03}", i / 10_000_000 % 999 + 1);
        if post(&engine, &factura(i % 10_000_000 + 1, &serie, &date)) == 200 {
            ok += 1;
        }
    }
    let after = rss_bytes();
    println!(
        "{{\"documents\": {ok}, \"rss_before\": {before}, \"rss_after\": {after}, \"bytes_per_document\": {:.1}}}",
        (after.saturating_sub(before)) as f64 / ok.max(1) as f64
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).map(String::as_str).unwrap_or("");
    if mode == "engine" {
        // ns per engine call for a stored-document query, without any HTTP.
        let engine = Engine::new(&MockConfig::default());
        let t = engine.today();
        let date = format!("{:02}-{:02}-{}", t.day(), t.month() as u8, t.year());
        post(&engine, &factura(1, "F001", &date));
        let q = r#"{"operacion":"consultar_comprobante","tipo_de_comprobante":1,"serie":"F001","numero":1}"#;
        let n = 200_000;
        let t0 = std::time::Instant::now();
        for _ in 0..n {
            post(&engine, q);
        }
        println!("{{\"engine_query_ns\": {}}}", t0.elapsed().as_nanos() / n);
        return;
    }
    if mode == "registry" {
        registry(args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1_000_000));
        return;
    }
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("runtime");
    rt.block_on(async move {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        match mode {
            "fake-wiremock" | "fake-hyper" => {
                drop(listener);
                let front = if mode == "fake-hyper" { Front::Hyper } else { Front::Wiremock };
                let fake = FakeNubefact::start(MockConfig { front, ..MockConfig::default() }).await.expect("start");
                let t = fake.engine().today();
                let date = format!("{:02}-{:02}-{}", t.day(), t.month() as u8, t.year());
                assert_eq!(post(fake.engine(), &factura(1, "F001", &date)), 200);
                println!("{{\"url\": \"{}\", \"token\": \"{}\"}}", fake.url(), fake.token());
                loop {
                    tokio::time::sleep(Duration::from_secs(3600)).await;
                }
            }
            "bare-wiremock" => {
                let server =
                    wiremock::MockServer::builder().listener(listener).disable_request_recording().start().await;
                wiremock::Mock::given(wiremock::matchers::any())
                    .respond_with(wiremock::ResponseTemplate::new(200).set_body_raw(fixed_body(), "application/json"))
                    .mount(&server)
                    .await;
                println!("{{\"url\": \"http://{addr}/api/v1/x\", \"token\": \"x\"}}");
                loop {
                    tokio::time::sleep(Duration::from_secs(3600)).await;
                }
            }
            "bare-hyper" => {
                listener.set_nonblocking(true).expect("nonblocking");
                let l = tokio::net::TcpListener::from_std(listener).expect("listener");
                println!("{{\"url\": \"http://{addr}/api/v1/x\", \"token\": \"x\"}}");
                nubefact_mock::serve_fixed_hyper(l, bytes::Bytes::from(fixed_body())).await;
            }
            _ => {
                eprintln!("usage: bench_servers fake-wiremock|fake-hyper|bare-wiremock|bare-hyper|registry N");
                std::process::exit(2);
            }
        }
    });
}
