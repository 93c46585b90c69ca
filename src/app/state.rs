//! The page's domain state: the text being checked and its undo history. A plain struct with
//! methods, so it can be tested without a browser.

use serde::{Deserialize, Serialize};

use crate::core::edit::{Edit, EditError};
use crate::core::model::Form;

/// The seeds offered as examples, embedded at build time: (file stem, Chinese label, English label, text).
pub const EXAMPLES: &[(&str, &str, &str, &str)] = &[
    (
        "changshou-target-table",
        "长寿区 绩效目标表（4 张）",
        "Changshou target tables (4)",
        include_str!("../../tests/fixtures/seeds/changshou-target-table.txt"),
    ),
    (
        "luan-2021-target-declaration",
        "六安 2021 绩效目标申报表",
        "Lu'an 2021 target declarations",
        include_str!("../../tests/fixtures/seeds/luan-2021-target-declaration.txt"),
    ),
    (
        "yanchi-2022-target-approval",
        "盐池 2022 绩效目标批复表",
        "Yanchi 2022 target approvals",
        include_str!("../../tests/fixtures/seeds/yanchi-2022-target-approval.txt"),
    ),
    (
        "fushun-2021-self-evaluation",
        "抚顺 2021 绩效自评表",
        "Fushun 2021 self-evaluations",
        include_str!("../../tests/fixtures/seeds/fushun-2021-self-evaluation.txt"),
    ),
];

/// How many steps the undo history keeps.
const HISTORY: usize = 100;

/// Where the session is kept between visits, on this machine only.
pub const STORAGE_KEY: &str = "jixiao.session.v2";
/// Where the first version kept the bare text.
pub const OLD_STORAGE_KEY: &str = "jixiao.text.v1";
/// Where a saved state that could not be restored is set aside (never deleted unasked).
pub const SET_ASIDE_KEY: &str = "jixiao.session.set-aside";
/// The version of the saved state's shape.
pub const SAVED_VERSION: u32 = 2;

/// What the undo history remembers: a whole document (text and edited forms) that a
/// replacement displaced, or the edit that undoes a field edit.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Doc {
        text: String,
        edited: Option<Vec<Form>>,
    },
    Edit(Box<Edit>),
}

/// The text being checked, the forms as the user edited them (`None` while unedited: the
/// forms are then the text's reading), and the undo and redo histories.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Session {
    pub text: String,
    pub edited: Option<Vec<Form>>,
    undo: Vec<Step>,
    redo: Vec<Step>,
}

impl Session {
    /// A session holding `text`.
    pub fn new(text: String) -> Self {
        Session {
            text,
            ..Session::default()
        }
    }

    /// A session restored from a saved state.
    pub fn restored(saved: Saved) -> Self {
        Session {
            text: saved.text,
            edited: saved.edited,
            ..Session::default()
        }
    }

    /// What autosave writes.
    pub fn saved(&self) -> Saved {
        Saved {
            version: SAVED_VERSION,
            text: self.text.clone(),
            edited: self.edited.clone(),
        }
    }

    fn push_undo(&mut self, step: Step) {
        self.undo.push(step);
        if self.undo.len() > HISTORY {
            self.undo.remove(0);
        }
    }

    /// Typing in the text area. The text area keeps its own undo for keystrokes; but the
    /// first keystroke over edited forms re-reads the text and so drops the edits, and the
    /// document with its edits is kept in the undo history first.
    pub fn edit(&mut self, text: String) {
        if self.edited.is_some() {
            let edited = self.edited.take();
            let old = std::mem::replace(&mut self.text, text);
            self.push_undo(Step::Doc { text: old, edited });
            self.redo.clear();
        } else {
            self.text = text;
        }
    }

    /// Replaces the whole document with a new text (an example, a paste over everything, a
    /// dropped file, clearing), keeping the old document with its edits for undo.
    pub fn replace(&mut self, text: String) {
        if text == self.text && self.edited.is_none() {
            return;
        }
        let edited = self.edited.take();
        let old = std::mem::replace(&mut self.text, text);
        if !old.is_empty() || edited.is_some() {
            self.push_undo(Step::Doc { text: old, edited });
        }
        self.redo.clear();
    }

    /// True when the forms carry edits that the text does not.
    pub fn has_edits(&self) -> bool {
        self.edited.is_some()
    }

    /// Applies an edit to the forms; `read` are the forms as the text reads (the start of the
    /// first edit). One undo step; nothing changes when the edit is refused.
    pub fn apply(&mut self, edit: &Edit, read: &[Form]) -> Result<(), EditError> {
        let had_edits = self.edited.is_some();
        let mut forms = self.edited.take().unwrap_or_else(|| read.to_vec());
        match crate::core::edit::apply(&mut forms, edit) {
            Ok(inverse) => {
                self.edited = Some(forms);
                self.push_undo(Step::Edit(Box::new(inverse)));
                self.redo.clear();
                Ok(())
            }
            Err(e) => {
                // A refused edit changes nothing: the forms go back as they were.
                if had_edits {
                    self.edited = Some(forms);
                }
                Err(e)
            }
        }
    }

    fn swap(&mut self, step: Step) -> Step {
        match step {
            Step::Doc { text, edited } => {
                let old_text = std::mem::replace(&mut self.text, text);
                let old_edited = std::mem::replace(&mut self.edited, edited);
                Step::Doc {
                    text: old_text,
                    edited: old_edited,
                }
            }
            Step::Edit(edit) => {
                let forms = self.edited.get_or_insert_with(Vec::new);
                match crate::core::edit::apply(forms, &edit) {
                    Ok(inverse) => Step::Edit(Box::new(inverse)),
                    // An inverse always applies to the forms it was made from; if not, the
                    // step is dropped rather than the forms damaged.
                    Err(_) => Step::Edit(edit),
                }
            }
        }
    }

    /// Undoes the last step (a replacement or an edit).
    pub fn undo(&mut self) -> bool {
        match self.undo.pop() {
            Some(step) => {
                let back = self.swap(step);
                self.redo.push(back);
                true
            }
            None => false,
        }
    }

    /// Re-applies an undone step.
    pub fn redo(&mut self) -> bool {
        match self.redo.pop() {
            Some(step) => {
                let back = self.swap(step);
                self.undo.push(back);
                true
            }
            None => false,
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

/// The autosaved state: the text and the edited forms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub version: u32,
    pub text: String,
    pub edited: Option<Vec<Form>>,
}

/// Why a saved state was set aside instead of restored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unrestorable {
    /// Saved by another version of the page.
    OtherVersion(u32),
    /// Not a saved state at all (damaged, cut short, edited by hand).
    Corrupt,
}

/// Reads a saved state, or says why it cannot be restored.
pub fn restore(raw: &str) -> Result<Saved, Unrestorable> {
    #[derive(Deserialize)]
    struct Probe {
        version: u32,
    }
    let probe: Probe = serde_json::from_str(raw).map_err(|_| Unrestorable::Corrupt)?;
    if probe.version != SAVED_VERSION {
        return Err(Unrestorable::OtherVersion(probe.version));
    }
    serde_json::from_str(raw).map_err(|_| Unrestorable::Corrupt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacing_keeps_the_old_text_for_undo() {
        let mut s = Session::new("我的表".into());
        s.replace(EXAMPLES[0].3.to_string());
        assert!(s.can_undo());
        assert!(s.undo());
        assert_eq!(s.text, "我的表");
        assert!(s.redo());
        assert_eq!(s.text, EXAMPLES[0].3);
        s.replace(String::new());
        assert!(s.undo());
        assert_eq!(s.text, EXAMPLES[0].3);
    }

    /// changshou's 4th form, 定点医疗机构医保基金使用情况财务专项审计: its first indicator,
    /// 定点医疗机构监督检查覆盖率, has 权重 15 and 本年权重 20 (line 154 of the seed).
    fn changshou() -> (Session, Vec<Form>) {
        let text = EXAMPLES[0].3.to_string();
        let forms = jixiao_forms(&text);
        (Session::new(text), forms)
    }

    fn set(form: usize, indicator: usize, field: &str, value: &str) -> Edit {
        Edit::Set {
            form,
            indicator: Some(indicator),
            field: field.into(),
            value: value.into(),
        }
    }

    #[test]
    fn an_edit_changes_the_forms_and_undo_takes_it_back() {
        let (mut s, read) = changshou();
        assert!(!s.has_edits());
        s.apply(&set(3, 0, "weight_current", "35"), &read).unwrap();
        let edited = s.edited.clone().unwrap();
        assert_eq!(edited[3].indicators[0].weight_current, Some(35.0));
        assert_eq!(s.text, EXAMPLES[0].3, "an edit never touches the text");
        assert!(s.undo());
        assert_eq!(
            s.edited.as_ref().unwrap()[3].indicators[0].weight_current,
            Some(20.0)
        );
        assert_eq!(s.edited.as_deref(), Some(read.as_slice()));
        assert!(s.redo());
        assert_eq!(
            s.edited.as_ref().unwrap()[3].indicators[0].weight_current,
            Some(35.0)
        );
        assert!(!s.can_redo());
    }

    #[test]
    fn a_refused_edit_changes_nothing() {
        let (mut s, read) = changshou();
        let before = s.clone();
        let err = s.apply(&set(3, 0, "weight", "abc"), &read).unwrap_err();
        assert!(err.zh.contains("abc"), "{}", err.zh);
        assert_eq!(s, before);
        assert!(s.apply(&set(9, 0, "weight", "1"), &read).is_err());
        assert_eq!(s, before);
    }

    #[test]
    fn replacing_or_typing_over_edits_keeps_them_in_undo() {
        let (mut s, read) = changshou();
        s.apply(&set(3, 0, "name", "抽查人数"), &read).unwrap();
        let edited = s.edited.clone();
        s.replace("另一张表".into());
        assert!(!s.has_edits());
        assert!(s.undo());
        assert_eq!(s.edited, edited);
        assert_eq!(s.text, EXAMPLES[0].3);
        // Typing into the text over edited forms re-reads the text; the edits wait in undo.
        s.edit(format!("{}\n", EXAMPLES[0].3));
        assert!(!s.has_edits());
        assert!(s.undo());
        assert_eq!(s.edited, edited);
        // Plain typing with no edits is the text area's own undo, not the session's.
        let (mut t, _) = changshou();
        t.edit("x".into());
        assert!(!t.can_undo());
    }

    #[test]
    fn the_saved_state_comes_back_and_a_bad_one_is_refused() {
        let (mut s, read) = changshou();
        s.apply(&set(3, 1, "target", "≥95%"), &read).unwrap();
        let json = serde_json::to_string(&s.saved()).unwrap();
        let back = Session::restored(restore(&json).unwrap());
        assert_eq!(back.text, s.text);
        assert_eq!(back.edited, s.edited);
        assert_eq!(
            restore("{\"version\":1,\"text\":\"x\"}"),
            Err(Unrestorable::OtherVersion(1))
        );
        assert_eq!(
            restore("{\"version\":2,\"text\":"),
            Err(Unrestorable::Corrupt)
        );
        assert_eq!(restore("not json"), Err(Unrestorable::Corrupt));
        assert_eq!(
            restore("{\"version\":2,\"text\":\"x\",\"edited\":[{\"kind\":1}]}"),
            Err(Unrestorable::Corrupt)
        );
    }

    #[test]
    fn every_seed_survives_the_saved_state() {
        for (stem, _, _, text) in EXAMPLES {
            let forms = jixiao::check(text).forms;
            let saved = Saved {
                version: SAVED_VERSION,
                text: text.to_string(),
                edited: Some(forms.clone()),
            };
            let back = restore(&serde_json::to_string(&saved).unwrap()).unwrap();
            assert_eq!(back.edited.as_deref(), Some(forms.as_slice()), "{stem}");
        }
    }

    #[test]
    fn examples_are_the_seeds() {
        for (stem, _, _, text) in EXAMPLES {
            assert!(!jixiao_forms(text).is_empty(), "{stem} reads no form");
        }
    }

    fn jixiao_forms(text: &str) -> Vec<crate::core::model::Form> {
        crate::core::parse::parse(text).forms
    }

    mod jixiao {
        pub use crate::check;
    }
}
