//! Reusable UI pieces, one component per file.

mod customer_table;
mod sign_in_form;
mod status_card;

pub use customer_table::CustomerTable;
pub use sign_in_form::SignInForm;
pub use status_card::StatusCard;
