//! The page's domain state: the text being checked and its undo history. A plain struct with
//! methods, so it can be tested without a browser.

use serde::{Deserialize, Serialize};

use crate::core::edit::{Edit, EditError};
use crate::core::model::Form;
use crate::core::score::Profile;

/// The seeds offered as examples, embedded at build time: (file stem, Chinese label, English label, text).
#[cfg(feature = "examples")]
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

/// Where the desk (every document with its edits) is kept between visits, on this machine only.
pub const STORAGE_KEY: &str = "jixiao.desk.v3";
/// Where the editor of one document kept its session (version 2): read once, then replaced.
pub const SESSION_V2_KEY: &str = "jixiao.session.v2";
/// Where the first version kept the bare text.
pub const OLD_STORAGE_KEY: &str = "jixiao.text.v1";
/// Where a saved state that could not be restored is set aside (never deleted unasked).
pub const SET_ASIDE_KEY: &str = "jixiao.session.set-aside";
/// The version of the saved state's shape.
pub const SAVED_VERSION: u32 = 3;

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

    /// The report of the session: its text read and checked under `profile`, with its edits
    /// (the edited forms checked again, with the reading's own findings carried over).
    pub fn report(&self, profile: &Profile) -> crate::Report {
        let parsed = crate::parse(&self.text);
        match &self.edited {
            None => crate::check_report(&parsed, profile),
            Some(forms) => crate::check_report(
                &crate::Report {
                    forms: forms.clone(),
                    diagnostics: parsed.diagnostics,
                },
                profile,
            ),
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

/// One document of the desk: a file read (or text pasted or typed), its session, and why it
/// could not be read when it could not.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Doc {
    /// Stays the same while the document is on the desk (the table's rows are keyed by it).
    pub id: u64,
    /// The file's name; `None` for text pasted or typed.
    pub name: Option<String>,
    pub session: Session,
    /// Why the file could not be read, (Chinese, English): its row says so.
    pub error: Option<(String, String)>,
}

impl Doc {
    /// True when there is nothing in it: no text, no edits, no error.
    pub fn is_blank(&self) -> bool {
        self.session.text.trim().is_empty() && !self.session.has_edits() && self.error.is_none()
    }

    /// What autosave writes of it.
    pub fn saved(&self) -> SavedDoc {
        SavedDoc {
            name: self.name.clone(),
            text: self.session.text.clone(),
            edited: self.session.edited.clone(),
            error: self.error.clone(),
        }
    }

    /// The document of a saved one (its undo history starts empty).
    pub fn restored(id: u64, saved: SavedDoc) -> Self {
        Doc {
            id,
            name: saved.name,
            session: Session {
                text: saved.text,
                edited: saved.edited,
                ..Session::default()
            },
            error: saved.error,
        }
    }
}

/// The autosaved state: every document of the desk with its text and edited forms, and which
/// one the editor shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub version: u32,
    pub docs: Vec<SavedDoc>,
    pub active: usize,
    /// The tab that wrote it ([`Saved::written_over`]); 0 before tabs were told apart.
    #[serde(default)]
    pub writer: u64,
    /// How many times the desk was saved: each save writes one more than the state it
    /// replaces.
    #[serde(default)]
    pub rev: u64,
}

/// Where a tab's desk is kept when another tab saved the same desk since this one read it
/// ([`Saved::written_over`]): under the desk's key and this suffix with the tab's number.
pub const FORK_SUFFIX: &str = ".tab-";

/// Who wrote a saved state and its revision, read without the documents.
pub fn stamp(raw: &str) -> Option<(u64, u64)> {
    #[derive(Deserialize)]
    struct Stamp {
        #[serde(default)]
        writer: u64,
        #[serde(default)]
        rev: u64,
    }
    serde_json::from_str::<Stamp>(raw)
        .ok()
        .map(|s| (s.writer, s.rev))
}

/// One document as saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedDoc {
    #[serde(default)]
    pub name: Option<String>,
    pub text: String,
    pub edited: Option<Vec<Form>>,
    #[serde(default)]
    pub error: Option<(String, String)>,
}

impl Saved {
    /// The saved state of a desk: `docs` in order, `active` the one shown.
    pub fn of(docs: &[Doc], active: usize) -> Self {
        Saved {
            version: SAVED_VERSION,
            docs: docs.iter().map(Doc::saved).collect(),
            active: active.min(docs.len().saturating_sub(1)),
            writer: 0,
            rev: 0,
        }
    }

    /// True when saving as `tab` over the state `stored` (its writer and revision) would
    /// overwrite what another tab saved after this one last read or wrote revision `known`.
    pub fn written_over(stored: Option<(u64, u64)>, tab: u64, known: u64) -> bool {
        stored.is_some_and(|(writer, rev)| writer != tab && rev != known)
    }

    /// Adds the documents of `other` that this state does not hold already (the same name,
    /// text and edits), after its own: the desk a tab kept apart, taken back.
    pub fn take_in(&mut self, other: Saved) {
        for doc in other.docs {
            if !self.docs.contains(&doc) {
                self.docs.push(doc);
            }
        }
    }

    /// The documents, numbered from 1, and the one shown (at least one document: a blank one
    /// when none was saved).
    pub fn into_docs(self) -> (Vec<Doc>, usize) {
        let mut docs: Vec<Doc> = self
            .docs
            .into_iter()
            .zip(1..)
            .map(|(d, id)| Doc::restored(id, d))
            .collect();
        if docs.is_empty() {
            docs.push(Doc {
                id: 1,
                ..Doc::default()
            });
        }
        let active = self.active.min(docs.len() - 1);
        (docs, active)
    }
}

/// Why a saved state was set aside instead of restored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unrestorable {
    /// Saved by another version of the page.
    OtherVersion(u32),
    /// Not a saved state at all (damaged, cut short, edited by hand).
    Corrupt,
}

/// Reads a saved state, or says why it cannot be restored. The one-document session of
/// version 2 becomes a desk of that one document.
pub fn restore(raw: &str) -> Result<Saved, Unrestorable> {
    #[derive(Deserialize)]
    struct Probe {
        version: u32,
    }
    #[derive(Deserialize)]
    struct V2 {
        text: String,
        edited: Option<Vec<Form>>,
    }
    let probe: Probe = serde_json::from_str(raw).map_err(|_| Unrestorable::Corrupt)?;
    match probe.version {
        SAVED_VERSION => serde_json::from_str(raw).map_err(|_| Unrestorable::Corrupt),
        2 => {
            let v2: V2 = serde_json::from_str(raw).map_err(|_| Unrestorable::Corrupt)?;
            Ok(Saved {
                version: SAVED_VERSION,
                docs: vec![SavedDoc {
                    name: None,
                    text: v2.text,
                    edited: v2.edited,
                    error: None,
                }],
                active: 0,
                writer: 0,
                rev: 0,
            })
        }
        v => Err(Unrestorable::OtherVersion(v)),
    }
}

#[cfg(all(test, feature = "examples"))]
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

    fn doc(id: u64, name: Option<&str>, session: Session) -> Doc {
        Doc {
            id,
            name: name.map(str::to_string),
            session,
            error: None,
        }
    }

    #[test]
    fn the_saved_desk_comes_back_and_a_bad_one_is_refused() {
        let (mut s, read) = changshou();
        s.apply(&set(3, 1, "target", "≥95%"), &read).unwrap();
        let bad = Doc {
            id: 7,
            name: Some("旧表.xls".into()),
            error: Some(("无法读取".into(), "cannot read".into())),
            ..Doc::default()
        };
        let docs = vec![
            doc(3, None, Session::new("粘贴的表".into())),
            doc(5, Some("长寿.xlsx"), s.clone()),
            bad,
        ];
        let json = serde_json::to_string(&Saved::of(&docs, 1)).unwrap();
        let (back, active) = restore(&json).unwrap().into_docs();
        assert_eq!(active, 1);
        assert_eq!(back.len(), 3);
        assert_eq!(back[0].name, None);
        assert_eq!(back[0].session.text, "粘贴的表");
        assert_eq!(back[1].name.as_deref(), Some("长寿.xlsx"));
        assert_eq!(back[1].session.text, s.text);
        assert_eq!(back[1].session.edited, s.edited);
        assert_eq!(back[2].error, docs[2].error);
        // Numbered again, each its own.
        assert_eq!(back.iter().map(|d| d.id).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(
            restore("{\"version\":1,\"text\":\"x\"}"),
            Err(Unrestorable::OtherVersion(1))
        );
        assert_eq!(
            restore("{\"version\":9,\"docs\":[]}"),
            Err(Unrestorable::OtherVersion(9))
        );
        assert_eq!(
            restore("{\"version\":2,\"text\":"),
            Err(Unrestorable::Corrupt)
        );
        assert_eq!(
            restore("{\"version\":3,\"docs\":[{\"text\":1}],\"active\":0}"),
            Err(Unrestorable::Corrupt)
        );
        assert_eq!(restore("not json"), Err(Unrestorable::Corrupt));
        assert_eq!(
            restore("{\"version\":2,\"text\":\"x\",\"edited\":[{\"kind\":1}]}"),
            Err(Unrestorable::Corrupt)
        );
        // An empty desk restores as one blank document; an active past the end is the last.
        let (none, at) = restore("{\"version\":3,\"docs\":[],\"active\":4}")
            .unwrap()
            .into_docs();
        assert_eq!((none.len(), at, none[0].is_blank()), (1, 0, true));
    }

    #[test]
    fn the_one_document_session_of_version_2_becomes_a_desk_of_one() {
        let (mut s, read) = changshou();
        s.apply(&set(3, 1, "target", "≥95%"), &read).unwrap();
        let v2 = serde_json::json!({ "version": 2, "text": s.text, "edited": s.edited });
        let (docs, active) = restore(&v2.to_string()).unwrap().into_docs();
        assert_eq!((docs.len(), active), (1, 0));
        assert_eq!(docs[0].name, None);
        assert_eq!(docs[0].session.text, s.text);
        assert_eq!(docs[0].session.edited, s.edited);
    }

    #[test]
    fn a_session_report_carries_its_edits_and_the_reading_findings() {
        let (mut s, read) = changshou();
        let p = Profile::default();
        let before = s.report(&p);
        assert_eq!(before, crate::check_report(&crate::parse(&s.text), &p));
        // 本年权重 of 定点医疗机构监督检查覆盖率 from 20 to 30.
        s.apply(&set(3, 0, "weight_current", "30"), &read).unwrap();
        let after = s.report(&p);
        assert_eq!(after.forms[3].indicators[0].weight_current, Some(30.0));
        assert_eq!(after.forms.len(), before.forms.len());
    }

    #[test]
    fn every_seed_survives_the_saved_state() {
        for (stem, _, _, text) in EXAMPLES {
            let forms = jixiao::check(text).forms;
            let saved = Saved {
                version: SAVED_VERSION,
                docs: vec![SavedDoc {
                    name: Some(format!("{stem}.txt")),
                    text: text.to_string(),
                    edited: Some(forms.clone()),
                    error: None,
                }],
                active: 0,
                writer: 7,
                rev: 3,
            };
            let back = restore(&serde_json::to_string(&saved).unwrap()).unwrap();
            assert_eq!(
                back.docs[0].edited.as_deref(),
                Some(forms.as_slice()),
                "{stem}"
            );
        }
    }

    #[test]
    fn a_save_over_another_tabs_later_state_is_told_apart() {
        // Nothing saved, or what this tab saved or last read: no conflict.
        assert!(!Saved::written_over(None, 5, 0));
        assert!(!Saved::written_over(Some((5, 4)), 5, 4));
        assert!(!Saved::written_over(Some((9, 4)), 5, 4));
        // Tab 9 saved revision 5 after this tab (5) read revision 4.
        assert!(Saved::written_over(Some((9, 5)), 5, 4));
        // A state saved before tabs were told apart, read as revision 0, then rewritten.
        assert!(Saved::written_over(Some((0, 2)), 5, 0));
        let raw = r#"{"version":3,"docs":[],"active":0,"writer":9,"rev":5}"#;
        assert_eq!(stamp(raw), Some((9, 5)));
        assert_eq!(stamp(r#"{"version":3,"docs":[],"active":0}"#), Some((0, 0)));
        assert_eq!(stamp("{broken"), None);
    }

    #[test]
    fn a_desk_kept_apart_is_taken_back_without_doubles() {
        let doc = |name: &str, text: &str| SavedDoc {
            name: Some(name.into()),
            text: text.into(),
            edited: None,
            error: None,
        };
        let mut main = Saved::of(&[], 0);
        main.docs = vec![doc("a.txt", "甲"), doc("b.txt", "乙")];
        let mut apart = Saved::of(&[], 0);
        apart.docs = vec![doc("b.txt", "乙"), doc("b.txt", "乙改"), doc("c.txt", "丙")];
        main.take_in(apart);
        let texts: Vec<&str> = main.docs.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(texts, ["甲", "乙", "乙改", "丙"]);
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
