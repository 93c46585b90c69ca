//! Where the editor lives: the whole page, or a widget's shadow root inside a portal's page.
//!
//! Everything the components would otherwise take from the global document goes through here,
//! so that several widgets on one page keep to themselves: looking an element up by id, the
//! element that carries the language, where keyboard shortcuts are heard, and the
//! localStorage key of the autosave (none for a widget: its host keeps the work).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The editor's surroundings, provided as context before the editor is mounted.
#[derive(Clone)]
pub struct Host {
    /// What ids are looked up in: the document, or the widget's shadow root.
    root: web_sys::Node,
    /// The widget's own outermost element inside its shadow root (it carries `lang`, the
    /// readonly class and the keyboard listener); `None` for the page.
    pub frame: Option<web_sys::HtmlElement>,
    /// The localStorage key the desk is autosaved under; `None`: no autosave.
    pub storage_key: Option<String>,
}

impl Host {
    /// The whole page: the document, autosaved under [`crate::app::state::STORAGE_KEY`].
    pub fn page() -> Host {
        Host {
            root: document().unchecked_into(),
            frame: None,
            storage_key: Some(crate::app::state::STORAGE_KEY.to_string()),
        }
    }

    /// A widget: ids are looked up in `root` (its shadow root), `frame` is its outermost
    /// element, and it stores nothing (its host keeps the work).
    pub fn widget(root: web_sys::ShadowRoot, frame: web_sys::HtmlElement) -> Host {
        Host {
            root: root.unchecked_into(),
            frame: Some(frame),
            storage_key: None,
        }
    }

    /// True inside a widget.
    pub fn embedded(&self) -> bool {
        self.frame.is_some()
    }

    /// The element of id `id` in this editor (never another widget's).
    pub fn by_id(&self, id: &str) -> Option<web_sys::Element> {
        if let Some(doc) = self.root.dyn_ref::<web_sys::Document>() {
            doc.get_element_by_id(id)
        } else {
            self.root
                .dyn_ref::<web_sys::DocumentFragment>()
                .and_then(|f| f.get_element_by_id(id))
        }
    }

    /// Sets the language of the page (`<html lang>`) or of the widget's frame.
    pub fn set_lang(&self, code: &str) {
        let el = match &self.frame {
            Some(f) => Some(f.clone().unchecked_into::<web_sys::Element>()),
            None => document().document_element(),
        };
        if let Some(el) = el {
            let _ = el.set_attribute("lang", code);
        }
    }
}

/// The editor and the language signal of a mounted editor.
pub type Mounted = (crate::app::editor::Editor, RwSignal<crate::app::i18n::Lang>);

/// Where a widget gets the editor it mounted.
#[derive(Clone, Default)]
pub struct Ready(pub std::sync::Arc<std::sync::Mutex<Option<Mounted>>>);

/// The host from context; the page's when none was provided (the page's own `main`).
pub fn use_host() -> StoredValue<Host, LocalStorage> {
    use_context::<StoredValue<Host, LocalStorage>>().unwrap_or_else(|| provide_host(Host::page()))
}

/// Provides `host` to the components mounted under the current owner.
pub fn provide_host(host: Host) -> StoredValue<Host, LocalStorage> {
    let host = StoredValue::new_local(host);
    provide_context(host);
    host
}
