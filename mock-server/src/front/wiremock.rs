//! The wiremock 0.6.5 front: one catch-all `Respond` into the engine, request recording off.
//!
//! Three mocks, in priority order:
//! 1. `/__admin/*` → the engine's admin API;
//! 2. a matcher that runs the engine for every API request. When the reply is a connection
//!    cut (reset, drop-after-commit) it matches, and its mock answers with
//!    `respond_with_err`, which makes wiremock's hyper service fail and close the connection.
//!    Otherwise it parks the reply in a one-slot mailbox and does not match;
//! 3. the catch-all responder, which takes the parked reply. Latency, pauses and hangs go
//!    through `ResponseTemplate::set_delay`, which wiremock awaits outside its lock.
//!
//! The mailbox is sound because wiremock holds one server-wide write lock around matching and
//! responding, so no other request can run between steps 2 and 3 (measured and read from
//! wiremock 0.6.5's `bare_server.rs`/`hyper.rs`).
//! Must not: be used for long soaks: see the crate docs on its per-request memory growth.

use std::sync::{Arc, Mutex};

use wiremock::matchers::path_regex;
use wiremock::{Match, Mock, MockServer, Request as WmRequest, ResponseTemplate};

use crate::engine::{Cut, Engine, Reply, Request};

fn to_engine<'a>(req: &'a WmRequest, path: &'a str) -> Request<'a> {
    Request {
        method: req.method.as_str(),
        path,
        content_type: req.headers.get(http::header::CONTENT_TYPE).map(|v| v.as_bytes()),
        authorization: req.headers.get(http::header::AUTHORIZATION).map(|v| v.as_bytes()),
        body: &req.body,
    }
}

fn template(reply: Reply) -> ResponseTemplate {
    let status = if reply.cut.is_some() { 500 } else { reply.status };
    let mut t = ResponseTemplate::new(status).set_body_raw(reply.body, "application/json");
    if !reply.delay.is_zero() {
        t = t.set_delay(reply.delay);
    }
    t
}

#[derive(Clone)]
struct Shared {
    engine: Arc<Engine>,
    parked: Arc<Mutex<Option<Reply>>>,
}

impl Shared {
    fn park(&self, reply: Option<Reply>) {
        *self.parked.lock().unwrap_or_else(|e| e.into_inner()) = reply;
    }
    fn take(&self) -> Option<Reply> {
        self.parked.lock().unwrap_or_else(|e| e.into_inner()).take()
    }
}

struct CutMatcher(Shared);

impl Match for CutMatcher {
    fn matches(&self, request: &WmRequest) -> bool {
        let path = request.url.path().to_string();
        let reply = self.0.engine.handle(&to_engine(request, &path));
        match reply.cut {
            Some(Cut::Reset | Cut::AfterCommit) => {
                self.0.park(None);
                true
            }
            _ => {
                self.0.park(Some(reply));
                false
            }
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("connection cut by an injected fault")]
struct Injected;

/// Starts the wiremock front on `listener`.
pub(crate) async fn start(engine: Arc<Engine>, listener: std::net::TcpListener) -> MockServer {
    let server = MockServer::builder().listener(listener).disable_request_recording().start().await;
    let shared = Shared { engine: engine.clone(), parked: Arc::new(Mutex::new(None)) };

    let admin_engine = engine.clone();
    Mock::given(path_regex("^/__admin/"))
        .respond_with(move |req: &WmRequest| {
            let path = req.url.path().to_string();
            template(admin_engine.handle(&to_engine(req, &path)))
        })
        .with_priority(1)
        .mount(&server)
        .await;

    Mock::given(CutMatcher(shared.clone()))
        .respond_with_err(|_: &WmRequest| std::io::Error::new(std::io::ErrorKind::ConnectionReset, Injected))
        .with_priority(2)
        .mount(&server)
        .await;

    let fallback = shared.clone();
    Mock::given(wiremock::matchers::any())
        .respond_with(move |req: &WmRequest| {
            let reply = fallback.take().unwrap_or_else(|| {
                let path = req.url.path().to_string();
                fallback.engine.handle(&to_engine(req, &path))
            });
            template(reply)
        })
        .with_priority(3)
        .mount(&server)
        .await;
    server
}
