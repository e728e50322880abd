//! Which databases running reloads read, counted while they run: `GET /stats` shows the most
//! reloads ever running at once against each one (`maxReloadsBySource`), so tests can check
//! the hub's per-source cap.

use crate::emulator::EmuState;
use crate::emulator::state::DataConnection;

/// The connect statements (no credentials) of the tenant's connections `script` names in a
/// `LIB CONNECT TO '<name>'`.
pub(super) fn read_by<'c>(
    script: &str,
    connections: impl Iterator<Item = &'c DataConnection>,
) -> Vec<String> {
    let mut sources: Vec<String> = connections
        .filter(|c| script.contains(&format!("'{}'", c.name)))
        .map(|c| c.connect_statement.clone())
        .collect();
    sources.sort();
    sources.dedup();
    sources
}

/// Counts a reload against its sources from creation to drop.
pub(super) struct Running {
    state: EmuState,
    sources: Vec<String>,
}

impl Running {
    /// Starts counting (the caller does not hold the lock).
    pub(super) fn start(state: &EmuState, sources: Vec<String>) -> Self {
        let mut world = state.lock();
        for source in &sources {
            let now = world
                .stats
                .reloads_running_by_source
                .entry(source.clone())
                .or_default();
            *now += 1;
            let now = *now;
            let max = world
                .stats
                .max_reloads_by_source
                .entry(source.clone())
                .or_default();
            *max = (*max).max(now);
        }
        drop(world);
        Self {
            state: state.clone(),
            sources,
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let mut world = self.state.lock();
        for source in &self.sources {
            if let Some(n) = world.stats.reloads_running_by_source.get_mut(source) {
                *n = n.saturating_sub(1);
            }
        }
    }
}
