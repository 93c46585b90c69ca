//! The page's components, one a file.

pub mod app;
pub mod cell;
pub mod desk;
pub mod diagnostics;
pub mod export_bar;
pub mod form_card;
pub mod indicator_table;
pub mod input_panel;
pub mod intro;
pub mod quality_card;
pub mod score_card;
