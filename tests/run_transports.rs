//! The async drivers' transports, side by side: hyper-util for plain HTTP (what the
//! embedded fake is driven with) and reqwest for TLS targets must classify the same
//! failures the same way, return the full answer, and never echo the route or the token.

mod run_support;

use std::io::Read;
use std::time::Duration;

use nubefact_harness::api::{Endpoint, wire};
use nubefact_harness::run::sample::TransportKind;
use nubefact_harness::run::{AutoTransport, HyperTransport, ReqwestTransport, Transport, TransportError};
use run_support::*;

const TIMEOUT: Duration = Duration::from_secs(5);

fn request(endpoint: &Endpoint) -> http::Request<bytes::Bytes> {
    wire::build_raw(endpoint, bytes::Bytes::from_static(br#"{"operacion":"consultar_comprobante"}"#))
}

fn assert_secret_free(err: &TransportError) {
    let text = format!("{err} {err:?}");
    assert!(!text.contains(ROUTE_SECRET) && !text.contains(TOKEN), "{text}");
}

async fn full_answer<T: Transport>(transport: T) {
    let (server, hits) = server(201, OK_BODY, None).await;
    let response = transport.execute(request(&endpoint(&server))).await.expect("answer");
    assert_eq!(response.status(), 201);
    assert_eq!(response.body().as_ref(), OK_BODY.as_bytes());
    assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 1);
}

async fn refused_is_connect<T: Transport>(transport: T) {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let endpoint = Endpoint::new(format!("http://127.0.0.1:{port}/api/v1/{ROUTE_SECRET}"), TOKEN).unwrap();
    let err = transport.execute(request(&endpoint)).await.expect_err("nothing listens");
    assert_eq!(err.kind, TransportKind::Connect, "{err}");
    assert_secret_free(&err);
}

async fn slow_is_timeout<T: Transport>(make: impl FnOnce(Duration) -> T) {
    let (server, _) = server(200, OK_BODY, Some(Duration::from_secs(10))).await;
    let err = make(Duration::from_millis(100)).execute(request(&endpoint(&server))).await.expect_err("too slow");
    assert_eq!(err.kind, TransportKind::Timeout, "{err}");
    assert_secret_free(&err);
}

/// A server that reads the request and closes the connection without answering.
async fn dropped_is_reset<T: Transport>(transport: T) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut buf = [0_u8; 4096];
        let _ = stream.read(&mut buf);
    });
    let endpoint = Endpoint::new(format!("http://127.0.0.1:{port}/api/v1/{ROUTE_SECRET}"), TOKEN).unwrap();
    let err = transport.execute(request(&endpoint)).await.expect_err("closed without an answer");
    server.join().unwrap();
    assert_eq!(err.kind, TransportKind::Reset, "{err}");
    assert_secret_free(&err);
}

macro_rules! both_transports {
    ($($name:ident),*) => {
        mod hyper_transport {
            use super::*;
            $(#[tokio::test] async fn $name() { super::$name(HyperTransport::new(TIMEOUT)).await })*
            #[tokio::test] async fn slow_is_timeout() { super::slow_is_timeout(HyperTransport::new).await }
        }
        mod reqwest_transport {
            use super::*;
            $(#[tokio::test] async fn $name() { super::$name(ReqwestTransport::new(TIMEOUT).unwrap()).await })*
            #[tokio::test] async fn slow_is_timeout() {
                super::slow_is_timeout(|t| ReqwestTransport::new(t).unwrap()).await
            }
        }
    };
}
both_transports!(full_answer, refused_is_connect, dropped_is_reset);

#[test]
fn plain_http_goes_through_hyper_and_tls_through_reqwest() {
    let plain = Endpoint::new(format!("http://127.0.0.1:1/api/v1/{ROUTE_SECRET}"), TOKEN).unwrap();
    let tls = Endpoint::new(format!("https://api.example.pe/api/v1/{ROUTE_SECRET}"), TOKEN).unwrap();
    assert!(matches!(AutoTransport::for_endpoint(&plain, TIMEOUT).unwrap(), AutoTransport::Plain(_)));
    assert!(matches!(AutoTransport::for_endpoint(&tls, TIMEOUT).unwrap(), AutoTransport::Tls(_)));
}
