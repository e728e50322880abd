//! Reusable UI pieces, one component per file.

mod status_card;

pub use status_card::StatusCard;
