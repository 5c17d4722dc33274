//! One module per subcommand.

pub mod analyze;
pub mod diff;
pub mod eval;
pub mod fetch;
pub mod queue;
pub mod search;
pub mod serve;
pub mod views;
pub mod watch;
