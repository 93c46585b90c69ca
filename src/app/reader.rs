//! Long texts read away from the page, in a web worker: `www/worker/read.js` running the
//! `jixiao-worker` build (`src/worker.rs`), so that the page keeps answering while megabytes
//! are read. Texts below [`OFF_PAGE_FROM`] are read on the page, at once. An editor without
//! the worker (the widget), or whose worker cannot start or fails, reads everything on the
//! page, as before; so does a build without the `offpage` feature (the widget's, for its
//! size).

use leptos::prelude::*;

use crate::app::host::Host;
use crate::core::model::Report;
use crate::core::score::Profile;

#[cfg(feature = "offpage")]
pub use off::*;

/// The text's readings, as memos: the text as read (what edits start from), read and checked
/// under the profile, and whether it is being read in the worker (its reports are empty till
/// then).
#[cfg(feature = "offpage")]
pub fn readings(
    text: Memo<String>,
    profile: RwSignal<String>,
    host: StoredValue<Host, LocalStorage>,
) -> (Memo<Report>, Memo<Report>, Memo<bool>) {
    use crate::core::handoff::take;
    use std::sync::Arc;
    // Long texts are read in the worker (the page's, not a widget's): until their reading
    // comes back, their reports are empty and `reading` says so.
    let off_page = RwSignal::new(!host.with_value(|h| h.embedded()));
    let arrived: RwSignal<Option<Arc<Arrived>>> = RwSignal::new(None);
    let away = move |t: &str| t.len() >= OFF_PAGE_FROM && off_page.get();
    let came = move |t: &str| arrived.with(|a| a.as_ref().filter(|a| a.text == t).cloned());
    let parsed = Memo::new(move |_| {
        text.with(|t| {
            if !away(t) {
                return crate::parse(t);
            }
            match came(t) {
                Some(a) => take(&a.parsed).unwrap_or_else(|| crate::parse(t)),
                None => Report::default(),
            }
        })
    });
    let read = Memo::new(move |_| {
        let name = profile.get();
        let p = Profile::parse(&name).unwrap_or_default();
        let off = text.with(|t| away(t).then(|| came(t)));
        match off {
            Some(None) => Report::default(),
            Some(Some(a)) if a.profile == name => {
                take(&a.read).unwrap_or_else(|| parsed.with(|r| crate::check_report(r, &p)))
            }
            _ => parsed.with(|r| crate::check_report(r, &p)),
        }
    });
    let reading = Memo::new(move |_| text.with(|t| away(t) && came(t).is_none()));
    let worker = StoredValue::new_local(None::<OffPage>);
    Effect::new(move |_| {
        let wanted = text.with(|t| {
            let want =
                away(t) && arrived.with_untracked(|a| a.as_ref().is_none_or(|a| a.text != *t));
            want.then(|| t.clone())
        });
        let Some(t) = wanted else {
            if arrived.with_untracked(Option::is_some) && !text.with(|t| away(t)) {
                arrived.set(None);
            }
            return;
        };
        if worker.with_value(Option::is_none) {
            let started = OffPage::start(
                move |a| arrived.set(Some(Arc::new(a))),
                move |why| {
                    leptos::logging::warn!("reading on the page: {why}");
                    off_page.set(false);
                },
            );
            match started {
                Some(w) => worker.set_value(Some(w)),
                None => {
                    off_page.set(false);
                    return;
                }
            }
        }
        let p = profile.get_untracked();
        worker.with_value(|w| {
            if let Some(w) = w {
                w.ask(t, p);
            }
        });
    });
    (parsed, read, reading)
}

/// The text's readings, as memos, all on the page: see the `offpage` build's.
#[cfg(not(feature = "offpage"))]
pub fn readings(
    text: Memo<String>,
    profile: RwSignal<String>,
    _host: StoredValue<Host, LocalStorage>,
) -> (Memo<Report>, Memo<Report>, Memo<bool>) {
    let parsed = Memo::new(move |_| text.with(|t| crate::parse(t)));
    let read = Memo::new(move |_| {
        let p = profile.with(|p| Profile::parse(p).unwrap_or_default());
        parsed.with(|r| crate::check_report(r, &p))
    });
    (parsed, read, Memo::new(|_| false))
}

#[cfg(feature = "offpage")]
mod off {
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;

    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    /// Texts of this many bytes and more are read in the worker: below it, reading on the page
    /// takes a few frames at most.
    pub const OFF_PAGE_FROM: usize = 256 * 1024;

    /// Where the worker's script is, beside the page (Trunk's post-build hook puts it there).
    pub const WORKER_URL: &str = "worker/read.js";

    /// A reading that came back, with the text and the profile it was asked for. The reports are
    /// bytes for [`crate::core::handoff::take`], taken when they are needed.
    #[derive(Debug, PartialEq)]
    pub struct Arrived {
        pub text: String,
        pub profile: String,
        pub parsed: Vec<u8>,
        pub read: Vec<u8>,
    }

    struct Asked {
        id: u32,
        text: String,
        profile: String,
    }

    /// The worker, with the one reading it was last asked for.
    pub struct OffPage {
        worker: web_sys::Worker,
        asked: Rc<RefCell<Option<Asked>>>,
        next: Cell<u32>,
        failed: Rc<dyn Fn(String)>,
        _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
        _on_error: Closure<dyn FnMut(web_sys::Event)>,
    }

    fn field(v: &JsValue, name: &str) -> JsValue {
        js_sys::Reflect::get(v, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    }

    fn bytes(v: &JsValue) -> Option<Vec<u8>> {
        v.dyn_ref::<js_sys::Uint8Array>()
            .map(js_sys::Uint8Array::to_vec)
    }

    impl OffPage {
        /// Starts the worker. `done` gets each reading back (only the one last asked for: an
        /// answer to an older text is dropped); `failed` is told why when the worker cannot read
        /// (its script did not load, or reading a text failed). `None` when no worker can start.
        pub fn start(
            done: impl Fn(Arrived) + 'static,
            failed: impl Fn(String) + 'static,
        ) -> Option<OffPage> {
            let options = web_sys::WorkerOptions::new();
            options.set_type(web_sys::WorkerType::Module);
            let worker = web_sys::Worker::new_with_options(WORKER_URL, &options).ok()?;
            let asked: Rc<RefCell<Option<Asked>>> = Rc::new(RefCell::new(None));
            let failed: Rc<dyn Fn(String)> = Rc::new(failed);
            let on_message = {
                let asked = asked.clone();
                let failed = failed.clone();
                Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                    move |ev: web_sys::MessageEvent| {
                        let data = ev.data();
                        let id = field(&data, "id").as_f64().map(|n| n as u32);
                        let mine = asked.borrow().as_ref().map(|a| a.id) == id && id.is_some();
                        if !mine {
                            return;
                        }
                        let Some(a) = asked.borrow_mut().take() else {
                            return;
                        };
                        match (bytes(&field(&data, "parsed")), bytes(&field(&data, "read"))) {
                            (Some(parsed), Some(read)) => done(Arrived {
                                text: a.text,
                                profile: a.profile,
                                parsed,
                                read,
                            }),
                            _ => {
                                failed(field(&data, "error").as_string().unwrap_or_else(|| {
                                    "the worker's answer holds no reports".into()
                                }))
                            }
                        }
                    },
                )
            };
            let on_error = {
                let failed = failed.clone();
                Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
                    ev.prevent_default();
                    let why = field(&ev, "message")
                        .as_string()
                        .unwrap_or_else(|| format!("the worker ({WORKER_URL}) could not start"));
                    failed(why);
                })
            };
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            Some(OffPage {
                worker,
                asked,
                next: Cell::new(1),
                failed,
                _on_message: on_message,
                _on_error: on_error,
            })
        }

        /// Asks for `text` to be read and checked under `profile`; what was asked before and has
        /// not come back is no longer wanted. Asking again for the reading under way does nothing.
        pub fn ask(&self, text: String, profile: String) {
            if self
                .asked
                .borrow()
                .as_ref()
                .is_some_and(|a| a.text == text && a.profile == profile)
            {
                return;
            }
            let id = self.next.get();
            self.next.set(id.wrapping_add(1));
            let message = js_sys::Object::new();
            let set = |k: &str, v: &JsValue| {
                let _ = js_sys::Reflect::set(&message, &JsValue::from_str(k), v);
            };
            set("id", &JsValue::from(id));
            set("text", &JsValue::from_str(&text));
            set("profile", &JsValue::from_str(&profile));
            *self.asked.borrow_mut() = Some(Asked { id, text, profile });
            if let Err(e) = self.worker.post_message(&message) {
                *self.asked.borrow_mut() = None;
                (self.failed)(format!("the text could not be handed to the worker: {e:?}"));
            }
        }
    }

    impl Drop for OffPage {
        fn drop(&mut self) {
            self.worker.terminate();
        }
    }
}
