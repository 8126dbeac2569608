//! Ctrl-C as a cancellation token, for the async and blocking drivers.
//!
//! Owns [`cancel_on_ctrl_c`]. With the goose driver this is not enough: goose installs its
//! own SIGINT handler on its first run, after which tokio's `ctrl_c` registered earlier
//! never fires; goose's handler trips its killswitch instead, and
//! [`super::goose::drive_goose`] reports that as `interrupted`. Must not exit the process
//! (exit 130 is the CLI's job).

use tokio_util::sync::CancellationToken;

/// Spawns a task that cancels `token` on the first Ctrl-C (SIGINT). Must be called inside
/// a tokio runtime. On Unix the handler is installed before this returns, so a SIGINT that
/// arrives right after can no longer kill the process with its data unwritten. The task
/// ends when the token is cancelled by anyone.
pub fn cancel_on_ctrl_c(token: &CancellationToken) -> tokio::task::JoinHandle<()> {
    let token = token.clone();
    #[cfg(unix)]
    let mut interrupt = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt()).ok();
    tokio::spawn(async move {
        #[cfg(unix)]
        let signalled = async {
            match interrupt.as_mut() {
                Some(signal) => signal.recv().await.is_some(),
                // If the handler cannot be installed there is no Ctrl-C to wait for; the
                // run is still bounded by its caps.
                None => std::future::pending().await,
            }
        };
        #[cfg(not(unix))]
        let signalled = async { tokio::signal::ctrl_c().await.is_ok() };
        tokio::select! {
            fired = signalled => {
                if fired {
                    token.cancel();
                }
            }
            () = token.cancelled() => {}
        }
    })
}
