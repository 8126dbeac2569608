//! The hyper 1 front: multi-threaded (on the caller's tokio runtime), HTTP/1.1 keep-alive, no
//! per-request retention, so memory stays flat over long soaks.
//!
//! Owns: the accept loop, body collection with the size limit, delays and cuts.
//! Must not: decide Nubefact semantics.

use std::convert::Infallible;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::engine::{Cut, Engine, Request};

#[derive(Debug, thiserror::Error)]
#[error("connection cut by an injected fault")]
struct Injected;

async fn serve_one(
    engine: Arc<Engine>,
    req: hyper::Request<Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, Injected> {
    // The delay counts from the request's arrival, so the answer comes `delay` after it.
    let received = std::time::Instant::now();
    let (parts, body) = req.into_parts();
    let limit = engine.max_body_bytes();
    let body = match Limited::new(body, limit + 1).collect().await {
        Ok(c) => c.to_bytes(),
        // Over the limit (or a broken body): let the engine answer its documented 413 with a
        // body one byte over the limit, so the check order (route, auth, type, size) is kept.
        Err(_) => Bytes::from(vec![b' '; limit + 1]),
    };
    let header = |name: http::header::HeaderName| parts.headers.get(name).map(|v| v.as_bytes());
    let reply = engine.handle(&Request {
        method: parts.method.as_str(),
        path: parts.uri.path(),
        content_type: header(http::header::CONTENT_TYPE),
        authorization: header(http::header::AUTHORIZATION),
        body: &body,
    });
    if !reply.delay.is_zero() {
        crate::timer::PreciseTimer::new().sleep_until(received + reply.delay).await;
    }
    match reply.cut {
        Some(Cut::Reset | Cut::AfterCommit | Cut::Hang) => Err(Injected),
        None => {
            let mut resp = hyper::Response::new(Full::new(Bytes::from(reply.body)));
            *resp.status_mut() =
                http::StatusCode::from_u16(reply.status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
            resp.headers_mut().insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("application/json"));
            Ok(resp)
        }
    }
}

/// Serves until `shutdown` flips to true.
pub(crate) async fn serve(engine: Arc<Engine>, listener: TcpListener, mut shutdown: watch::Receiver<bool>) {
    loop {
        let accepted = tokio::select! {
            biased;
            _ = shutdown.changed() => break,
            a = listener.accept() => a,
        };
        let Ok((stream, _)) = accepted else { continue };
        let _ = stream.set_nodelay(true);
        let engine = engine.clone();
        let mut stop = shutdown.clone();
        tokio::spawn(async move {
            let svc = service_fn(move |req| serve_one(engine.clone(), req));
            let conn =
                hyper::server::conn::http1::Builder::new().keep_alive(true).serve_connection(TokioIo::new(stream), svc);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stop.changed() => {}
            }
        });
    }
}

/// A bare hyper server answering a fixed body: the baseline for the benchmark ratio.
pub async fn serve_fixed(listener: TcpListener, body: Bytes) {
    loop {
        let Ok((stream, _)) = listener.accept().await else { continue };
        let _ = stream.set_nodelay(true);
        let body = body.clone();
        tokio::spawn(async move {
            let svc = service_fn(move |_req: hyper::Request<Incoming>| {
                let body = body.clone();
                async move { Ok::<_, Infallible>(hyper::Response::new(Full::new(body))) }
            });
            let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), svc).await;
        });
    }
}
