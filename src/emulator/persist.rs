//! `--state-file`: the emulator's world saved as a JSON snapshot in a SQLite file, restored
//! at start and re-saved shortly after every change (without it, state lives in memory).

use super::EmuState;
use super::state::World;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};
use std::path::Path;
use std::time::Duration;

/// Why the state file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum PersistError {
    #[error("state file {path}: {message}")]
    Open { path: String, message: String },
    #[error("state file holds an unreadable snapshot: {0}")]
    Corrupt(String),
    #[error("cannot save the emulator state: {0}")]
    Save(String),
}

/// An open state file.
#[derive(Debug, Clone)]
pub struct StateFile {
    pool: SqlitePool,
}

impl StateFile {
    /// Opens (creating when missing) the file and returns the snapshot it holds, if any.
    pub async fn open(path: &Path) -> Result<(Self, Option<World>), PersistError> {
        let open_err = |e: sqlx::Error| PersistError::Open {
            path: path.display().to_string(),
            message: e.to_string(),
        };
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true);
        let pool = SqlitePool::connect_with(options).await.map_err(open_err)?;
        sqlx::query("CREATE TABLE IF NOT EXISTS snapshot (id INTEGER PRIMARY KEY CHECK (id = 1), body TEXT NOT NULL)")
            .execute(&pool)
            .await
            .map_err(open_err)?;
        let body: Option<String> = sqlx::query_scalar("SELECT body FROM snapshot WHERE id = 1")
            .fetch_optional(&pool)
            .await
            .map_err(open_err)?;
        let world = match body {
            Some(text) => Some(
                serde_json::from_str(&text).map_err(|e| PersistError::Corrupt(e.to_string()))?,
            ),
            None => None,
        };
        Ok((Self { pool }, world))
    }

    /// Writes the current world.
    pub async fn save(&self, state: &EmuState) -> Result<(), PersistError> {
        let body =
            serde_json::to_string(&*state.lock()).map_err(|e| PersistError::Save(e.to_string()))?;
        sqlx::query("INSERT INTO snapshot (id, body) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET body = excluded.body")
            .bind(body)
            .execute(&self.pool)
            .await
            .map_err(|e| PersistError::Save(e.to_string()))?;
        Ok(())
    }

    /// Saves every `interval` while the world's revision moves; runs until the task is dropped.
    pub async fn keep_saved(self, state: EmuState, interval: Duration) {
        let mut saved = state.lock().revision;
        loop {
            tokio::time::sleep(interval).await;
            let current = state.lock().revision;
            if current != saved {
                match self.save(&state).await {
                    Ok(()) => saved = current,
                    Err(e) => tracing::error!(error = %e, "emulator state not saved"),
                }
            }
        }
    }
}

/// Middleware: a request that may change state moves the world's revision.
pub async fn track_changes(State(state): State<EmuState>, req: Request, next: Next) -> Response {
    let changes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let response = next.run(req).await;
    if changes {
        state.lock().revision += 1;
    }
    response
}
