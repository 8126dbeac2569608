//! The account's endpoint: the route URL ("RUTA") and the token, both secrets (§1.1).
//!
//! Owns secret handling for the core: the values are held in [`secrecy::SecretString`] and
//! only [`Endpoint::expose_route`]/[`Endpoint::expose_token`] reveal them, which the wire
//! builder calls and nothing that logs or reports should. `Debug` and `Display` show the
//! scheme and host only, so that a run can say *where* it went without saying *what* the
//! route id is. Must not do I/O.

use std::fmt;
use std::net::IpAddr;

use secrecy::{ExposeSecret, SecretString};
use url::Url;

/// A Nubefact route URL plus token.
///
/// ```
/// use nubefact_harness::api::Endpoint;
/// let ep = Endpoint::new("https://api.nubefact.com/api/v1/0f1e2d3c-route", "s3cr3t").unwrap();
/// assert_eq!(ep.to_string(), "https://api.nubefact.com/…");
/// assert!(!format!("{ep:?}").contains("s3cr3t"));
/// assert!(!format!("{ep:?}").contains("0f1e2d3c"));
/// assert!(!ep.is_loopback());
/// ```
#[derive(Clone)]
pub struct Endpoint {
    route: SecretString,
    token: SecretString,
    redacted: String,
    loopback: bool,
    /// The route and the `Authorization` value, parsed once: the wire builder clones them
    /// for every request (both are reference-counted), instead of parsing the URI and
    /// formatting the header each time. They hold the secrets; nothing prints them.
    uri: http::Uri,
    authorization: http::HeaderValue,
    /// Searchers for the route (without a trailing slash) and the token, built once:
    /// `scrub` runs on every failed request of a run, and almost never finds anything.
    route_finder: memchr::memmem::Finder<'static>,
    token_finder: memchr::memmem::Finder<'static>,
}

/// The route or token given for an [`Endpoint`] is unusable. Messages never quote the
/// secret values themselves.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EndpointError {
    #[error("route URL is not a valid URL: {reason}")]
    InvalidRoute { reason: String },
    #[error("route URL must use http or https, not {scheme:?}")]
    UnsupportedScheme { scheme: String },
    #[error("route URL has no host")]
    NoHost,
    #[error("token is empty")]
    EmptyToken,
    #[error("token contains characters that cannot go in an HTTP header")]
    InvalidToken,
}

impl Endpoint {
    /// Builds an endpoint from a route URL and a token.
    ///
    /// # Errors
    /// [`EndpointError`] if the route is not an absolute http(s) URL with a host, or the
    /// token is empty or blank.
    pub fn new(route: impl Into<String>, token: impl Into<String>) -> Result<Self, EndpointError> {
        let route = route.into();
        let token = token.into();
        let url = Url::parse(route.trim()).map_err(|e| EndpointError::InvalidRoute { reason: e.to_string() })?;
        if url.scheme() != "http" && url.scheme() != "https" {
            return Err(EndpointError::UnsupportedScheme { scheme: url.scheme().to_owned() });
        }
        let host = url.host_str().ok_or(EndpointError::NoHost)?;
        if token.trim().is_empty() {
            return Err(EndpointError::EmptyToken);
        }
        let loopback = match url.host() {
            Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
            Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
            Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
            None => false,
        };
        let redacted = match url.port() {
            Some(p) => format!("{}://{}:{}/…", url.scheme(), host, p),
            None => format!("{}://{}/…", url.scheme(), host),
        };
        let uri = http::Uri::try_from(route.trim())
            .map_err(|_| EndpointError::InvalidRoute { reason: "not a valid HTTP request target".to_owned() })?;
        let mut authorization = http::HeaderValue::try_from(format!("Token token=\"{}\"", token.trim()))
            .map_err(|_| EndpointError::InvalidToken)?;
        authorization.set_sensitive(true);
        let route_finder = memchr::memmem::Finder::new(route.trim().trim_end_matches('/')).into_owned();
        let token_finder = memchr::memmem::Finder::new(token.trim()).into_owned();
        Ok(Endpoint {
            route: SecretString::from(route.trim().to_owned()),
            token: SecretString::from(token.trim().to_owned()),
            redacted,
            loopback,
            uri,
            authorization,
            route_finder,
            token_finder,
        })
    }

    /// The route URL. Only the wire builder should need this.
    pub fn expose_route(&self) -> &str {
        self.route.expose_secret()
    }

    /// The token. Only the wire builder should need this.
    pub fn expose_token(&self) -> &str {
        self.token.expose_secret()
    }

    /// The route as a request URI (a secret, like [`Endpoint::expose_route`]).
    pub fn expose_uri(&self) -> &http::Uri {
        &self.uri
    }

    /// The `Authorization` header value carrying the token (marked sensitive).
    pub fn authorization(&self) -> &http::HeaderValue {
        &self.authorization
    }

    /// `scheme://host[:port]/…`: safe to log, print and put in a manifest.
    pub fn redacted(&self) -> &str {
        &self.redacted
    }

    /// `true` when the host is `localhost` or a loopback address (127.0.0.0/8, ::1).
    pub fn is_loopback(&self) -> bool {
        self.loopback
    }

    /// Removes every occurrence of the route and the token from `text`. Used on anything
    /// that might echo a request back (error snippets, transport error messages).
    pub fn scrub(&self, text: &str) -> String {
        let haystack = text.as_bytes();
        if self.route_finder.find(haystack).is_none() && self.token_finder.find(haystack).is_none() {
            return text.to_owned();
        }
        let mut out = text.replace(self.expose_route(), "<route>");
        let route_no_slash = self.expose_route().trim_end_matches('/');
        if !route_no_slash.is_empty() {
            out = out.replace(route_no_slash, "<route>");
        }
        out.replace(self.expose_token(), "<token>")
    }
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Endpoint").field("route", &self.redacted).field("token", &"<redacted>").finish()
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_is_detected_for_ipv4_ipv6_and_localhost() {
        for r in ["http://127.0.0.1:8080/api/v1/x", "http://[::1]:1/x", "http://localhost/x", "http://127.9.9.9/x"] {
            assert!(Endpoint::new(r, "t").unwrap().is_loopback(), "{r}");
        }
        assert!(!Endpoint::new("http://10.0.0.1/x", "t").unwrap().is_loopback());
    }

    #[test]
    fn bad_routes_and_tokens_are_rejected_without_echoing_them() {
        assert_eq!(
            Endpoint::new("ftp://h/x", "t").unwrap_err(),
            EndpointError::UnsupportedScheme { scheme: "ftp".into() }
        );
        assert_eq!(Endpoint::new("http://h/x", "  ").unwrap_err(), EndpointError::EmptyToken);
        assert_eq!(Endpoint::new("http://h/x", "to\nken").unwrap_err(), EndpointError::InvalidToken);
        let err = Endpoint::new("not a url SECRETROUTE", "t").unwrap_err().to_string();
        assert!(!err.contains("SECRETROUTE"), "{err}");
    }

    #[test]
    fn scrub_removes_route_and_token() {
        let ep = Endpoint::new("http://127.0.0.1:9/api/v1/ROUTEID/", "TOKENX").unwrap();
        let s = ep.scrub("posted to http://127.0.0.1:9/api/v1/ROUTEID with TOKENX");
        assert!(!s.contains("ROUTEID") && !s.contains("TOKENX"), "{s}");
    }
}
