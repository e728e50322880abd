//! Test hooks at step boundaries: a test can stop the engine dead at any point (as a killed
//! process would) and check that a fresh engine resumes without duplicating anything.

use crate::domain::CustomerSlug;
use futures::future::BoxFuture;
use std::sync::Arc;

/// Where in a step the engine is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// At the boundary before the step starts.
    Before,
    /// Mid-step: Qlik has done the step's mutating call but the result is not yet recorded.
    AfterCall,
}

/// A point in an apply.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Point {
    pub customer: CustomerSlug,
    /// The step's label, e.g. `create tenant`.
    pub step: String,
    pub phase: Phase,
}

type HookFn = dyn Fn(&Point) -> BoxFuture<'static, ()> + Send + Sync;

/// Called at every point; the returned future is awaited, so a hook that never completes
/// freezes the apply there (and the test then aborts it).
#[derive(Clone, Default)]
pub struct Hooks {
    at: Option<Arc<HookFn>>,
}

impl std::fmt::Debug for Hooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.at.is_some() {
            "Hooks(set)"
        } else {
            "Hooks(none)"
        })
    }
}

impl Hooks {
    /// Hooks calling `at` at every point.
    pub fn new(at: impl Fn(&Point) -> BoxFuture<'static, ()> + Send + Sync + 'static) -> Self {
        Self {
            at: Some(Arc::new(at)),
        }
    }

    pub(crate) async fn reached(&self, point: Point) {
        if let Some(at) = &self.at {
            at(&point).await;
        }
    }
}
