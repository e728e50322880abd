//! The attack suite (issue 13): one test per way across a trust boundary that was found open,
//! plus the ones that held, so they stay held. Each file is one boundary.

mod cross_tenant;
mod scopes;
