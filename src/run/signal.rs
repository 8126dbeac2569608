//! Ctrl-C as a cancellation token, for the async and blocking drivers.
//!
//! Owns [`cancel_on_ctrl_c`]. With the goose driver this is not enough: goose installs its
//! own SIGINT handler on its first run, after which tokio's `ctrl_c` registered earlier
//! never fires; goose's handler trips its killswitch instead, and
//! [`super::goose::drive_goose`] reports that as `interrupted`. Must not exit the process
//! (exit 130 is the CLI's job).

use tokio_util::sync::CancellationToken;

/// Spawns a task that cancels `token` on the first Ctrl-C (SIGINT). Must be called inside
/// a tokio runtime. The task ends when the token is cancelled by anyone.
pub fn cancel_on_ctrl_c(token: &CancellationToken) -> tokio::task::JoinHandle<()> {
    let token = token.clone();
    tokio::spawn(async move {
        tokio::select! {
            result = tokio::signal::ctrl_c() => {
                // If the handler cannot be installed there is no Ctrl-C to wait for; the
                // run is still bounded by its caps.
                if result.is_ok() {
                    token.cancel();
                }
            }
            () = token.cancelled() => {}
        }
    })
}
