//! Keeps stdout for data while a library that prints runs.
//!
//! goose 0.19 prints `N users launched.` with `println!` when its users have started, and
//! no configuration turns that off. The harness's stdout carries only the summary and, as
//! its last line, the run directory, so while goose runs fd 1 points at stderr and is put
//! back when the guard drops (also on an error or a panic). Unix only; elsewhere the
//! guard does nothing and goose's line stays on stdout.

use std::io::Write;

/// While alive, whatever is written to fd 1 goes to stderr.
pub struct StdoutToStderr {
    #[cfg(unix)]
    saved: Option<std::os::fd::OwnedFd>,
}

impl StdoutToStderr {
    /// Points fd 1 at stderr. When the descriptors cannot be duplicated, stdout is left as
    /// it is (goose's line then stays on stdout; nothing else changes).
    pub fn begin() -> Self {
        let _ = std::io::stdout().flush();
        #[cfg(unix)]
        {
            use std::os::fd::AsFd;
            let saved = std::io::stdout()
                .as_fd()
                .try_clone_to_owned()
                .ok()
                .filter(|_| rustix::stdio::dup2_stdout(std::io::stderr()).is_ok());
            StdoutToStderr { saved }
        }
        #[cfg(not(unix))]
        StdoutToStderr {}
    }
}

impl Drop for StdoutToStderr {
    fn drop(&mut self) {
        let _ = std::io::stdout().flush();
        #[cfg(unix)]
        if let Some(saved) = self.saved.take() {
            let _ = rustix::stdio::dup2_stdout(&saved);
        }
    }
}
