//! The JS API over the core, the `jixiao-api` binary built for wasm32 with the `api` feature
//! (`scripts/build-pkg.sh`): the same reading, rules and scores as the page and the command
//! line, for hosts that bring their own UI.
//!
//! ```js
//! import init, { parse, check, toTsv, rules } from './pkg/jixiao.js';
//! await init();
//! const report = parse(text, { profile: '10+90' });   // read and checked
//! report.forms[0].indicators[0].weight = 30;           // the host edits it …
//! const again = check(report);                         // … and checks it again
//! const tsv = toTsv(again.forms[0]);                   // pastes back into Excel
//! ```
//!
//! Values cross as plain objects in the shape of `shared/CONTRACT.md` (absent values are
//! `null`); their TypeScript types are generated from the Rust types (tsify). Errors are thrown
//! as JS `Error`s with a `code` property: `JX_PROFILE` (a scoring profile that does not read),
//! `JX_REPORT` / `JX_FORM` (a value that is not a Report / Form), `JX_OPTIONS` (options that
//! are not options).

use serde::{Deserialize, Serialize};
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

use crate::core::export::form_to_tsv;
use crate::core::model::{Form, Report};
use crate::core::score::Profile;

/// What `parse`, `check` and `rules` take (every field may be left out).
#[derive(Debug, Clone, Default, Serialize, Deserialize, Tsify)]
#[serde(default)]
pub struct Options {
    /// The scoring profile: `10+90` (default), `20+80`, `10+90:60/20/10` (budget + indicators,
    /// and the points of 产出 / 效益 / 满意度).
    #[tsify(optional)]
    pub profile: Option<String>,
    /// The language of `rules()`' titles: `zh` (default) or `en`. Findings always carry both
    /// (`message`, `message_en`).
    #[tsify(optional, type = "\"zh\" | \"en\"")]
    pub lang: Option<String>,
}

/// One rule of the catalogue.
#[derive(Debug, Clone, Serialize, Deserialize, Tsify)]
pub struct Rule {
    pub code: String,
    pub severity: crate::Severity,
    /// The title in the language asked for.
    pub title: String,
    pub title_zh: String,
    pub title_en: String,
    /// A cross-form rule (X): it holds a self-evaluation against its target form.
    pub cross_form: bool,
}

/// A JS `Error` with a `code` property.
fn error(code: &str, message: String) -> JsValue {
    crate::js_error::error(code, &message)
}

fn options(options: Option<Ts<Options>>) -> Result<Options, JsValue> {
    match options {
        None => Ok(Options::default()),
        Some(o) => {
            let v: JsValue = o.into();
            if v.is_undefined() || v.is_null() {
                return Ok(Options::default());
            }
            serde_wasm_bindgen::from_value(v).map_err(|e| {
                error(
                    "JX_OPTIONS",
                    format!("选项无法读取 / the options do not read: {e}"),
                )
            })
        }
    }
}

fn profile(o: &Options) -> Result<Profile, JsValue> {
    match o
        .profile
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        None => Ok(Profile::default()),
        Some(p) => Profile::parse(p).map_err(|why| error("JX_PROFILE", why)),
    }
}

fn to_js<T: Tsify + Serialize>(v: &T) -> Result<Ts<T>, JsValue> {
    v.into_ts()
        .map_err(|e| error("JX_INTERNAL", format!("{e}")))
}

/// Reads a text and checks every form in it: forms, findings, scores.
#[wasm_bindgen]
pub fn parse(text: &str, options: Option<Ts<Options>>) -> Result<Ts<Report>, JsValue> {
    let o = self::options(options)?;
    let p = profile(&o)?;
    to_js(&crate::check_with(text, &p))
}

/// Checks a report again after the host edited its forms: the rules and scores run on the
/// forms as they are; the findings of reading (P001, P002, P004, P005, S005, S007) are kept.
#[wasm_bindgen]
pub fn check(report: Ts<Report>, options: Option<Ts<Options>>) -> Result<Ts<Report>, JsValue> {
    let o = self::options(options)?;
    let p = profile(&o)?;
    let report: Report = report
        .to_rust()
        .map_err(|e| error("JX_REPORT", format!("不是 Report / not a Report: {e}")))?;
    to_js(&crate::check_report(&report, &p))
}

/// One form as tab-separated text in its family's layout: pastes back into Excel.
#[wasm_bindgen(js_name = toTsv)]
pub fn to_tsv(form: Ts<Form>) -> Result<String, JsValue> {
    let form: Form = form
        .to_rust()
        .map_err(|e| error("JX_FORM", format!("不是 Form / not a Form: {e}")))?;
    Ok(form_to_tsv(&form))
}

/// Every rule checked, in code order (the cross-form rules X001–X006 included).
#[wasm_bindgen]
pub fn rules(options: Option<Ts<Options>>) -> Result<Vec<Ts<Rule>>, JsValue> {
    let o = self::options(options)?;
    let en = o.lang.as_deref() == Some("en");
    crate::core::rules::RULES
        .iter()
        .map(|r| {
            to_js(&Rule {
                code: r.code.to_string(),
                severity: r.severity,
                title: (if en { r.title_en } else { r.title_zh }).to_string(),
                title_zh: r.title_zh.to_string(),
                title_en: r.title_en.to_string(),
                cross_form: r.cross_form(),
            })
        })
        .collect()
}

/// The package's version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
