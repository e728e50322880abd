//! Reusable UI pieces, one component per file.

mod api_token_form;
mod api_tokens;
mod audit_log;
mod customer_table;
mod embed_preview;
mod field;
mod freshness_view;
mod hybrid_apps;
mod hybrid_panel;
mod job_progress;
mod lifecycle_controls;
mod onboarding_form;
mod provision_panel;
mod rollout_panel;
mod sign_in_form;
mod status_card;
mod templates_view;

pub use api_token_form::ApiTokenForm;
pub use api_tokens::ApiTokens;
pub use audit_log::AuditLog;
pub use customer_table::CustomerTable;
pub use embed_preview::EmbedPreview;
pub use freshness_view::FreshnessView;
pub use hybrid_apps::HybridApps;
pub use hybrid_panel::HybridPanel;
pub use job_progress::JobProgress;
pub use lifecycle_controls::LifecycleControls;
pub use onboarding_form::OnboardingForm;
pub use provision_panel::ProvisionPanel;
pub use rollout_panel::RolloutPanel;
pub use sign_in_form::SignInForm;
pub use status_card::StatusCard;
pub use templates_view::TemplatesView;

/// The problem with a field's `raw` text according to `parse`, if any (nothing while the
/// field is empty, so a form does not scold before the user has typed).
fn problem<T, E: std::fmt::Display>(
    raw: &str,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Option<String> {
    (!raw.is_empty())
        .then(|| parse(raw).err().map(|e| e.to_string()))
        .flatten()
}
