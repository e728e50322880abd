//! Rollout use cases: start one (it runs in the background, wave by wave), read them, resume
//! a halted one, or roll it back. Progress lives in the store, so any replica can answer.

use crate::provision::{Engine, RolloutRequest};
use crate::store::{Rollout, Store};
use crate::wire::ApiError;

/// What to do with a rollout in the background.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Drive {
    Forward,
    Resume,
    Rollback,
}

/// Starts a rollout and drives it in the background.
pub async fn start(engine: &Engine, request: &RolloutRequest) -> Result<Rollout, ApiError> {
    let rollout = engine.start_rollout(request).await?;
    drive(engine, &rollout.id, Drive::Forward);
    Ok(rollout)
}

/// Every rollout, newest first.
pub async fn list(store: &Store) -> Result<Vec<Rollout>, ApiError> {
    Ok(store.list_rollouts().await?)
}

/// One rollout.
pub async fn get(store: &Store, id: &str) -> Result<Rollout, ApiError> {
    Ok(store.get_rollout(id).await?)
}

/// Resumes a halted rollout in the background; answers it as it was.
pub async fn resume(engine: &Engine, id: &str) -> Result<Rollout, ApiError> {
    let rollout = engine.store().get_rollout(id).await?;
    drive(engine, id, Drive::Resume);
    Ok(rollout)
}

/// Rolls a rollout back in the background; answers it as it was.
pub async fn rollback(engine: &Engine, id: &str) -> Result<Rollout, ApiError> {
    let rollout = engine.store().get_rollout(id).await?;
    drive(engine, id, Drive::Rollback);
    Ok(rollout)
}

fn drive(engine: &Engine, id: &str, how: Drive) {
    let (engine, id) = (engine.clone(), id.to_owned());
    tokio::spawn(async move {
        let result = match how {
            Drive::Forward => engine.drive_rollout(&id).await,
            Drive::Resume => engine.resume_rollout(&id).await,
            Drive::Rollback => engine.rollback_rollout(&id).await,
        };
        if let Err(e) = result {
            tracing::error!(rollout = %id, ?how, error = %e, "rollout stopped");
        }
    });
}
