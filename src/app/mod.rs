//! The page: paste or drop a form's text, see it read and checked at once.
//!
//! `state` holds the domain state as a plain struct (tested natively, no browser needed);
//! `components` connect signals to it, one component a file. The world outside (localStorage,
//! files) is touched only in effects and event handlers.

pub mod css;
pub mod queue;
pub mod state;

#[cfg(feature = "web")]
pub mod components;
#[cfg(feature = "web")]
pub mod editor;
#[cfg(feature = "web")]
pub mod host;
#[cfg(feature = "web")]
pub mod i18n;
#[cfg(feature = "web")]
pub mod reader;

#[cfg(feature = "web")]
pub use components::app::App;
