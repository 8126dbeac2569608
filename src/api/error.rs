//! What a Nubefact answer can say went wrong, as data (§12).
//!
//! Owns [`NubefactCode`] (the `codigo` table) and [`ApiError`], the error of turning a
//! status plus body into a reply. Transport failures are not here: they belong to the
//! clients. Must not do I/O.

use std::fmt;

/// A Nubefact `codigo` (§12.2). Unknown codes are kept, never collapsed.
///
/// ```
/// use nubefact_harness::api::NubefactCode;
/// assert_eq!(NubefactCode::from_u16(23), NubefactCode::Duplicate);
/// assert_eq!(NubefactCode::from_u16(99), NubefactCode::Unknown(99));
/// assert_eq!(NubefactCode::Internal.as_u16(), 40);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NubefactCode {
    /// 10: the token is wrong or was deleted.
    Token,
    /// 11: the route URL is wrong or does not exist.
    Route,
    /// 12: the `Content-Type` header is missing or wrong.
    ContentType,
    /// 20: the body does not match the expected format (also corrupt JSON).
    Format,
    /// 21: the operation could not be completed; the message says why.
    Rejected,
    /// 22: the document was sent outside the allowed time window.
    OutOfWindow,
    /// 23: the document already exists.
    Duplicate,
    /// 24: the document does not exist or was never sent.
    NotFound,
    /// 40: unknown internal error.
    Internal,
    /// 50: the account is suspended.
    Suspended,
    /// 51: the account is suspended for non-payment.
    Unpaid,
    /// Any other code.
    Unknown(u16),
}

impl NubefactCode {
    /// The code for a `codigo` number.
    pub const fn from_u16(n: u16) -> Self {
        match n {
            10 => NubefactCode::Token,
            11 => NubefactCode::Route,
            12 => NubefactCode::ContentType,
            20 => NubefactCode::Format,
            21 => NubefactCode::Rejected,
            22 => NubefactCode::OutOfWindow,
            23 => NubefactCode::Duplicate,
            24 => NubefactCode::NotFound,
            40 => NubefactCode::Internal,
            50 => NubefactCode::Suspended,
            51 => NubefactCode::Unpaid,
            n => NubefactCode::Unknown(n),
        }
    }

    /// The `codigo` number.
    pub const fn as_u16(self) -> u16 {
        match self {
            NubefactCode::Token => 10,
            NubefactCode::Route => 11,
            NubefactCode::ContentType => 12,
            NubefactCode::Format => 20,
            NubefactCode::Rejected => 21,
            NubefactCode::OutOfWindow => 22,
            NubefactCode::Duplicate => 23,
            NubefactCode::NotFound => 24,
            NubefactCode::Internal => 40,
            NubefactCode::Suspended => 50,
            NubefactCode::Unpaid => 51,
            NubefactCode::Unknown(n) => n,
        }
    }

    /// `true` for codes that say the server failed (40), where a query may be retried and
    /// a `generar_*` must be recovered by querying first.
    pub const fn is_server_failure(self) -> bool {
        matches!(self, NubefactCode::Internal)
    }
}

impl fmt::Display for NubefactCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.as_u16())
    }
}

/// The longest body excerpt an error carries, in characters.
pub const SNIPPET_CHARS: usize = 200;

/// Turning a Nubefact answer into a reply failed.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Nubefact answered with `errors`/`codigo`, whatever the HTTP status.
    #[error("nubefact error {code} (http {status}): {message}")]
    Nubefact { status: u16, code: NubefactCode, message: String },
    /// The body is not JSON, for example a proxy's HTML error page.
    #[error("http {status}: body is not JSON: {snippet:?}")]
    NotJson { status: u16, snippet: String },
    /// A non-2xx status with a JSON body that is not a Nubefact error.
    #[error("http {status}: unexpected answer without errors/codigo: {snippet:?}")]
    UnexpectedStatus { status: u16, snippet: String },
    /// A 2xx JSON body that does not have the shape of the operation's reply.
    #[error("http {status}: reply does not have the expected shape")]
    Decode {
        status: u16,
        #[source]
        source: serde_json::Error,
    },
    /// The request could not be serialized.
    #[error("request could not be serialized")]
    Encode(#[source] serde_json::Error),
}

impl ApiError {
    /// The Nubefact code, when the server sent one.
    pub fn code(&self) -> Option<NubefactCode> {
        match self {
            ApiError::Nubefact { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// The HTTP status of the answer, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Nubefact { status, .. }
            | ApiError::NotJson { status, .. }
            | ApiError::UnexpectedStatus { status, .. }
            | ApiError::Decode { status, .. } => Some(*status),
            ApiError::Encode(_) => None,
        }
    }
}

/// At most [`SNIPPET_CHARS`] characters of `body`, lossily decoded, whitespace collapsed.
pub fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out = String::new();
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
        if out.chars().count() >= SNIPPET_CHARS {
            break;
        }
    }
    if out.chars().count() > SNIPPET_CHARS {
        out = out.chars().take(SNIPPET_CHARS).collect();
        out.push('…');
    }
    out
}
