//! The pure core: text in, report out. No browser, no I/O.

pub mod desk;
pub mod desk_out;
pub mod diagnostic;
pub mod edit;
pub mod export;
pub mod files;
pub mod fix;
pub mod handoff;
pub mod hant;
pub mod layout;
pub mod model;
pub mod order;
pub mod parse;
pub mod quality;
pub mod rules;
pub mod score;
pub mod text;
pub mod value;
pub mod vocab;
#[cfg(feature = "office")]
pub mod xlsx_out;
