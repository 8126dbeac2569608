//! Drivers: THE ONLY PLACE WITH CLOCKS AND CONCURRENCY.
//!
//! Owns the samples and flows contract ([`sample`], [`flow`]), the one async pacing loop
//! ([`pacing::drive`], parameterised by a [`Plan`]), the blocking driver
//! ([`blocking::drive_blocking`]), the goose adapter ([`goose`]), the one recorder
//! ([`recorder`]) and the recording [`Session`]. HTTP comes in as a value ([`Transport`],
//! [`BlockingTransport`]). Must not write files itself (that is [`crate::results`]) or
//! render reports.
//!
//! Typical use:
//! 1. `let session = Session::begin(&workload.operations(), Some(RunDir::create(dir)?))?;`
//! 2. `let outcome = drive(transport, endpoint, workload, &plan, &session.recorder(), &cancel).await?;`
//! 3. `let data = session.finish(&manifest, planned_rate, outcome.interrupted)?;`

pub mod bench;
pub mod blocking;
pub mod fixed;
pub mod flow;
pub mod goose;
pub mod pacing;
pub mod plan;
pub mod recorder;
pub mod sample;
pub mod session;
pub mod signal;
pub mod step;
pub mod transport;

pub use blocking::drive_blocking;
pub use fixed::FixedWorkload;
pub use flow::{Flow, Step, StepResult, Workload};
pub use goose::{GooseDriveError, GooseOutcome, GooseSettings, GooseShape, drive_goose};
pub use pacing::{DriveOutcome, drive};
pub use plan::{Plan, PlanError, RampStep, Rate, StopRule};
pub use recorder::{Recorder, RecorderError, RecorderHandle};
pub use sample::{Outcome, Sample, TransportKind, classify};
pub use session::{Session, SessionError};
pub use signal::cancel_on_ctrl_c;
pub use tokio_util::sync::CancellationToken;
pub use transport::{
    AutoTransport, BlockingTransport, HyperTransport, ReqwestBlockingTransport, ReqwestTransport, Transport,
    TransportError,
};
