//! `tactful thread show`: print what tactful understood of a thread.

use super::{GlobalArgs, Status, ThreadArgs};

pub fn run(_global: &GlobalArgs, _args: ThreadArgs) -> anyhow::Result<Status> {
    anyhow::bail!("thread import is not built yet")
}
