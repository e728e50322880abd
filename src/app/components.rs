//! Reusable UI pieces, one component per file.

mod customer_table;
mod embed_preview;
mod job_progress;
mod onboarding_form;
mod provision_panel;
mod sign_in_form;
mod status_card;

pub use customer_table::CustomerTable;
pub use embed_preview::EmbedPreview;
pub use job_progress::JobProgress;
pub use onboarding_form::OnboardingForm;
pub use provision_panel::ProvisionPanel;
pub use sign_in_form::SignInForm;
pub use status_card::StatusCard;
