//! Diagnostics are data: a code, a severity, a message naming the figures, and where it points.
//! How they are drawn (terminal, page) is up to the caller.

use serde::{Deserialize, Serialize};

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "api", derive(tsify::Tsify))]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    /// The identifier used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The Chinese label shown on the page.
    pub fn zh(self) -> &'static str {
        match self {
            Severity::Info => "提示",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }
}

/// One finding about a form, pointing at the indicator or field and the source lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "api", derive(tsify::Tsify))]
#[cfg_attr(feature = "api", tsify(missing_as_null))]
pub struct Diagnostic {
    pub code: String,
    pub severity: Severity,
    /// Chinese, one sentence, naming the figures involved.
    pub message: String,
    /// The same in English, for the English UI.
    #[serde(default)]
    pub message_en: String,
    pub help: Option<String>,
    /// Index into the report's forms.
    pub form: usize,
    pub indicator: Option<usize>,
    pub field: Option<String>,
    pub lines: [usize; 2],
}

impl Diagnostic {
    /// A diagnostic with the given code, severity and messages, pointing at `lines` of `form`.
    pub fn new(
        code: &str,
        severity: Severity,
        message: impl Into<String>,
        message_en: impl Into<String>,
        form: usize,
        lines: [usize; 2],
    ) -> Self {
        Diagnostic {
            code: code.to_string(),
            severity,
            message: message.into(),
            message_en: message_en.into(),
            help: None,
            form,
            indicator: None,
            field: None,
            lines,
        }
    }

    /// Adds what to do about it.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Points at one indicator of the form.
    pub fn at_indicator(mut self, index: usize) -> Self {
        self.indicator = Some(index);
        self
    }

    /// Names the field concerned.
    pub fn at_field(mut self, field: &str) -> Self {
        self.field = Some(field.to_string());
        self
    }
}
