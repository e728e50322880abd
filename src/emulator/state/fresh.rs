//! Resources still propagating (the `propagationMs` knob): what `propagation` refuses
//! requests about until they are visible.

use chrono::{DateTime, Utc};

/// What kind of resource is still propagating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lagging {
    App,
    Space,
}

/// A resource not yet visible everywhere, until `visible_at`.
#[derive(Debug, Clone, Copy)]
pub struct Fresh {
    pub kind: Lagging,
    pub visible_at: DateTime<Utc>,
}
