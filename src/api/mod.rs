//! The sans-IO Nubefact core: operations, typed documents, amounts, validation, and the
//! exact bytes on the wire.
//!
//! Nothing in here does I/O, reads a clock or spawns a task: the clients, the drivers and
//! the tests all drive it with values. "Today" for date rules is passed in.

pub mod endpoint;
pub mod error;
pub mod key;
pub mod operation;
pub mod request;
pub mod wire;

pub use endpoint::{Endpoint, EndpointError};
pub use error::{ApiError, NubefactCode};
pub use key::{DocumentKey, TipoDeComprobante};
pub use operation::{Family, Operation, UnknownOperation};
pub use request::ApiRequest;

pub mod amounts;
pub mod model;
pub mod validate;

pub use model::{AnyRequest, AnyRequestError};
pub use validate::{FieldError, Rule, ValidationContext};
