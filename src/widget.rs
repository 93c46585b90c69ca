//! The widget for portals: the whole editor inside a shadow root, so that the host page's CSS
//! cannot reach it and its own cannot leak out. Built for wasm32 with the `widget` feature and
//! `wasm-bindgen --target web` (`scripts/build-pkg.sh widget`).
//!
//! Loading the package registers `<jixiao-checker>` (`src/widget/element.js`); hosts that
//! prefer a call use [`mount`]:
//!
//! ```js
//! import init, { mount } from './widget/jixiao_widget.js';
//! await init();
//! const handle = mount(document.querySelector('#check'), { lang: 'zh', profile: '10+90' });
//! handle.setText(text);            // check a text
//! handle.report();                 // the Report (the JSON shape of CONTRACT.md)
//! handle.destroy();                // nothing left behind
//! ```
//!
//! Both send `jixiao-change` (the user changed the form: typed, pasted, edited, undid) and
//! `jixiao-checked` (a check finished, whatever started it) to the host element, with the
//! Report in `detail`. Reports cross as the contract's JSON (`JSON.parse` of what the command
//! line prints), so a host reads the same shape from the widget, the page's JSON export and
//! `jixiao check --json`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::js_sys;

use crate::app::css::shadow_css;
use crate::app::editor::Editor;
use crate::app::host::{provide_host, Host, Ready};
use crate::app::i18n::Lang;
use crate::core::score::Profile;
use crate::js_error::error;

/// The page's stylesheet, made to work inside a shadow root: `rem` (the host page's root font
/// size) becomes the widget's own `--jx-rem`, and the narrow-screen layout follows the
/// widget's width, not the window's.
const CSS: &str = include_str!("../www/style.css");

/// What the frame itself needs: nothing inherited from the host page (`all: initial`, which
/// leaves custom properties alone, so theming still comes through).
const FRAME_CSS: &str = r#"
:host { display: block; }
:host([hidden]) { display: none; }
.jx-frame {
    all: initial;
    display: block;
    container-type: inline-size;
    --jx-rem: var(--jx-font-size, 16px);
    font-size: var(--jx-rem);
    line-height: 1.5;
    font-family: var(--jx-font, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", system-ui, sans-serif);
    color: var(--fg);
    background: var(--bg);
    text-align: left;
}
.jx-frame header.top { border-radius: 8px 8px 0 0; }
.jx-frame .print { display: none; }
"#;

#[wasm_bindgen(module = "/src/widget/element.js")]
extern "C" {
    #[wasm_bindgen(js_name = defineElement)]
    fn define_element(mount_in: &js_sys::Function);
}

/// Registers `<jixiao-checker>`: the widget's `main`, run when the package is initialised.
pub fn start() {
    let mount_in = Closure::<
        dyn Fn(web_sys::ShadowRoot, web_sys::HtmlElement, JsValue) -> Result<Handle, JsValue>,
    >::new(
        |root: web_sys::ShadowRoot, element: web_sys::HtmlElement, options: JsValue| {
            mount_in(root, element, &options, None)
        },
    );
    define_element(mount_in.as_ref().unchecked_ref());
    // The element's class keeps it for as long as the page: custom elements are never undefined.
    mount_in.forget();
}

/// Mounts an editor inside `element`, in a shadow root of its own (on a `<div>` it adds, which
/// `destroy()` takes away again). Options, all optional: `lang` (`"zh"` | `"en"`), `readonly`
/// (bool), `profile` (`"10+90"`, `"20+80"`, `"10+90:60/20/10"`), `value` (a text to check).
/// The widget stores nothing in the browser: its host keeps the work (`value`, the events).
#[wasm_bindgen]
pub fn mount(
    element: web_sys::HtmlElement,
    #[wasm_bindgen(unchecked_param_type = "MountOptions | undefined")] options: JsValue,
) -> Result<Handle, JsValue> {
    let doc = document();
    let shell: web_sys::HtmlElement = doc
        .create_element("div")
        .map_err(|_| error("JX_INTERNAL", "无法创建元素 / cannot create an element"))?
        .unchecked_into();
    let _ = shell.set_attribute("data-jixiao", "");
    let init = web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open);
    let root = shell.attach_shadow(&init).map_err(|_| {
        error(
            "JX_INTERNAL",
            "无法创建影子根 / cannot attach a shadow root",
        )
    })?;
    element
        .append_child(&shell)
        .map_err(|_| error("JX_ELEMENT", "无法放入元素 / cannot add to the element"))?;
    // Whatever fails, the host's element is left as it was.
    mount_in(root, element, &options, Some(shell.clone())).inspect_err(|_| shell.remove())
}

#[wasm_bindgen(typescript_custom_section)]
const MOUNT_OPTIONS: &str = r#"
/** What `mount` takes; every field may be left out. */
export interface MountOptions {
    lang?: "zh" | "en";
    readonly?: boolean;
    /** "10+90" (default), "20+80", "10+90:60/20/10" */
    profile?: string;
    /** A text to check at once. */
    value?: string;
}
"#;

/// What the host's options say (read by hand: the widget carries no serde-wasm-bindgen).
struct Options {
    lang: Option<String>,
    readonly: bool,
    profile: Option<String>,
    value: Option<String>,
}

fn read_options(options: &JsValue) -> Result<Options, JsValue> {
    if !(options.is_undefined() || options.is_null() || options.is_object()) {
        return Err(error(
            "JX_OPTIONS",
            "选项应为对象 / the options are an object",
        ));
    }
    let get = |key: &str| {
        if options.is_object() {
            js_sys::Reflect::get(options, &key.into()).unwrap_or(JsValue::UNDEFINED)
        } else {
            JsValue::UNDEFINED
        }
    };
    let text = |key: &str| -> Result<Option<String>, JsValue> {
        let v = get(key);
        if v.is_undefined() || v.is_null() {
            Ok(None)
        } else {
            v.as_string().map(Some).ok_or_else(|| {
                error(
                    "JX_OPTIONS",
                    &format!("选项 {key} 应为字符串 / option {key} is a string"),
                )
            })
        }
    };
    Ok(Options {
        lang: text("lang")?,
        readonly: get("readonly").is_truthy(),
        profile: text("profile")?,
        value: text("value")?,
    })
}

/// `zh`, `zh-CN`, `en`, `en-GB` …: Chinese unless it says English.
fn lang_of(code: &str) -> Lang {
    if code.trim().to_ascii_lowercase().starts_with("en") {
        Lang::En
    } else {
        Lang::Zh
    }
}

/// A live widget.
struct Live {
    /// Dropping it unmounts the view and cleans up every effect and listener of the editor.
    unmount: Box<dyn std::any::Any>,
    editor: Editor,
    lang: RwSignal<Lang>,
    /// The shadow root's children (style and frame), taken away on destroy.
    nodes: Vec<web_sys::Node>,
    /// `mount()`'s own `<div>` in the host's element, taken away on destroy.
    shell: Option<web_sys::HtmlElement>,
    /// True while the host sets the text: no `jixiao-change` for that.
    quiet: Rc<Cell<bool>>,
}

/// What `mount()` and the element hold to drive one editor.
#[wasm_bindgen]
pub struct Handle {
    live: Rc<RefCell<Option<Live>>>,
}

fn mount_in(
    root: web_sys::ShadowRoot,
    element: web_sys::HtmlElement,
    options: &JsValue,
    shell: Option<web_sys::HtmlElement>,
) -> Result<Handle, JsValue> {
    let opts = read_options(options)?;
    if let Some(Err(why)) = opts.profile.as_deref().map(Profile::parse) {
        return Err(error("JX_PROFILE", &why));
    }
    let doc = document();
    let style = doc
        .create_element("style")
        .map_err(|_| error("JX_INTERNAL", "style"))?;
    style.set_text_content(Some(&format!("{}\n{FRAME_CSS}", shadow_css(CSS))));
    let frame: web_sys::HtmlElement = doc
        .create_element("div")
        .map_err(|_| error("JX_INTERNAL", "div"))?
        .unchecked_into();
    frame.set_class_name("jx-frame");
    let _ = root.append_child(&style);
    let _ = root.append_child(&frame);

    let host = Host::widget(root, frame.clone());
    let ready = Ready::default();
    let slot = ready.clone();
    let quiet = Rc::new(Cell::new(false));
    let quiet_in = quiet.clone();
    let target = element.clone();
    let frame_in = frame.clone();
    let unmount = leptos::mount::mount_to(frame.clone(), move || {
        provide_host(host);
        provide_context(slot.clone());
        let view = view! { <crate::app::App /> };
        if let Some((editor, _)) = *slot.0.lock().unwrap_or_else(|e| e.into_inner()) {
            wire(editor, target, frame_in, quiet_in);
        }
        view
    });
    let (editor, lang) = ready
        .0
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take()
        .ok_or_else(|| error("JX_INTERNAL", "编辑器未启动 / the editor did not start"))?;
    if let Some(code) = &opts.lang {
        lang.set(lang_of(code));
    }
    if let Some(p) = opts.profile {
        editor.profile.set(p);
    }
    editor.readonly.set(opts.readonly);
    let handle = Handle {
        live: Rc::new(RefCell::new(Some(Live {
            unmount: Box::new(unmount),
            editor,
            lang,
            nodes: vec![style.unchecked_into(), frame.unchecked_into()],
            shell,
            quiet,
        }))),
    };
    if let Some(text) = opts.value {
        handle.set_text(text);
    }
    Ok(handle)
}

/// Sends `jixiao-checked` after every check and `jixiao-change` after every change the user
/// makes, and keeps the frame's readonly class.
fn wire(
    editor: Editor,
    target: web_sys::HtmlElement,
    frame: web_sys::HtmlElement,
    quiet: Rc<Cell<bool>>,
) {
    let checked_to = target.clone();
    Effect::new(move |first: Option<()>| {
        let json = editor.report.with(report_json);
        // Mounted blank, nothing was checked yet.
        if first.is_some() || !editor.desk_is_blank() {
            dispatch(&checked_to, "jixiao-checked", &json);
        }
    });
    Effect::new(move |first: Option<()>| {
        editor.session.track();
        // The host's own setText (before the first run too) is not the user's change.
        let by_host = quiet.replace(false);
        if first.is_none() || by_host {
            return;
        }
        let json = editor.report.with_untracked(report_json);
        dispatch(&target, "jixiao-change", &json);
    });
    Effect::new(move |_| {
        let on = editor.readonly.get();
        let _ = frame.class_list().toggle_with_force("readonly", on);
    });
}

/// The Report as the contract's JSON.
fn report_json(report: &crate::Report) -> String {
    serde_json::to_string(report).unwrap_or_default()
}

fn report_value(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap_or(JsValue::NULL)
}

fn dispatch(target: &web_sys::HtmlElement, name: &str, json: &str) {
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&report_value(json));
    if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = target.dispatch_event(&ev);
    }
}

impl Handle {
    fn with<T>(&self, f: impl FnOnce(&Live) -> T) -> Option<T> {
        self.live.borrow().as_ref().map(f)
    }
}

#[wasm_bindgen]
impl Handle {
    /// The current Report (forms as edited, findings, scores), or `null` once destroyed.
    pub fn report(&self) -> JsValue {
        self.with(|l| {
            let json = l.editor.report.with_untracked(report_json);
            report_value(&json)
        })
        .unwrap_or(JsValue::NULL)
    }

    /// The text being checked.
    pub fn text(&self) -> String {
        self.with(|l| l.editor.session.with_untracked(|s| s.text.clone()))
            .unwrap_or_default()
    }

    /// Checks another text (the document in the editor takes it; undo brings the last one
    /// back). Sends `jixiao-checked`, not `jixiao-change`.
    #[wasm_bindgen(js_name = setText)]
    pub fn set_text(&self, text: String) {
        self.with(|l| {
            l.quiet.set(true);
            l.editor.session.update(|s| s.replace(text));
        });
    }

    /// `"zh"` or `"en"`.
    #[wasm_bindgen(js_name = setLang)]
    pub fn set_lang(&self, lang: &str) {
        self.with(|l| l.lang.set(lang_of(lang)));
    }

    /// Shown, never edited.
    #[wasm_bindgen(js_name = setReadonly)]
    pub fn set_readonly(&self, readonly: bool) {
        self.with(|l| l.editor.readonly.set(readonly));
    }

    /// The scoring profile; throws (`JX_PROFILE`) when it does not read.
    #[wasm_bindgen(js_name = setProfile)]
    pub fn set_profile(&self, profile: &str) -> Result<(), JsValue> {
        Profile::parse(profile).map_err(|why| error("JX_PROFILE", &why))?;
        self.with(|l| l.editor.profile.set(profile.to_string()));
        Ok(())
    }

    /// Takes the editor away: its elements, listeners and timers. The handle does nothing
    /// afterwards.
    pub fn destroy(&self) {
        let Some(live) = self.live.borrow_mut().take() else {
            return;
        };
        drop(live.unmount);
        for n in &live.nodes {
            if let Some(parent) = n.parent_node() {
                let _ = parent.remove_child(n);
            }
        }
        if let Some(shell) = live.shell {
            shell.remove();
        }
    }
}
