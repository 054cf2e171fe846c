//! The cost budget of a request on the read side: SQLite stops working on it when
//! its deadline passes. The web layer runs each request inside [`with_deadline`];
//! every connection the pool hands out within it gets a progress handler (a safe
//! sqlx API) that SQLite calls every [`PROGRESS_STEPS`] virtual-machine steps and
//! that interrupts the statement once the deadline is past. Without it a request
//! answered 503 by the time limit left its query running to the end, holding a
//! connection and a core. Work outside a deadline (ingest, export) is not limited.

use sqlx::pool::PoolConnectionMetadata;
use sqlx::sqlite::{SqliteConnection, SqlitePoolOptions};
use std::future::Future;
use std::time::Instant;

/// SQLite steps between two looks at the clock: a few microseconds of work, so an
/// interrupted statement stops within about a millisecond of its deadline.
const PROGRESS_STEPS: i32 = 10_000;

tokio::task_local! {
    /// When the current request's SQL must stop.
    static DEADLINE: Instant;
}

/// Runs `work` (a request) so that every statement it starts stops at `deadline`
/// with [`super::StoreError::is_over_budget`]. Work spawned onto other tasks is
/// not covered.
pub async fn with_deadline<F: Future>(deadline: Instant, work: F) -> F::Output {
    DEADLINE.scope(deadline, work).await
}

/// `options` with every handed-out connection armed with the deadline of the task
/// that asks for it (or disarmed when that task has none). sqlx runs both hooks
/// in the acquiring task, where the task-local deadline is visible.
pub(super) fn armed(options: SqlitePoolOptions) -> SqlitePoolOptions {
    options
        .after_connect(|conn, _: PoolConnectionMetadata| Box::pin(arm(conn)))
        .before_acquire(|conn, _: PoolConnectionMetadata| {
            Box::pin(async move { arm(conn).await.map(|()| true) })
        })
}

async fn arm(conn: &mut SqliteConnection) -> Result<(), sqlx::Error> {
    let deadline = DEADLINE.try_with(|d| *d).ok();
    let mut handle = conn.lock_handle().await?;
    match deadline {
        Some(deadline) => {
            // A request whose time went by in the queue starts no work at all.
            let steps = if deadline <= Instant::now() {
                1
            } else {
                PROGRESS_STEPS
            };
            handle.set_progress_handler(steps, move || Instant::now() < deadline);
        }
        None => handle.remove_progress_handler(),
    }
    Ok(())
}
