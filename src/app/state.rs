//! The page's domain state: the text being checked and its undo history. A plain struct with
//! methods, so it can be tested without a browser.

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

/// The largest text the page accepts from a dropped file (bytes).
pub const MAX_FILE_BYTES: f64 = 20.0 * 1024.0 * 1024.0;

/// How many replaced texts the undo history keeps.
const HISTORY: usize = 50;

/// The text being checked, with the texts it replaced (undo) and those undone (redo).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Session {
    pub text: String,
    undo: Vec<String>,
    redo: Vec<String>,
}

impl Session {
    /// A session holding `text`.
    pub fn new(text: String) -> Self {
        Session {
            text,
            undo: Vec::new(),
            redo: Vec::new(),
        }
    }

    /// Typing: the text area already keeps its own undo, so keystrokes are not recorded.
    pub fn edit(&mut self, text: String) {
        self.text = text;
    }

    /// Replaces the whole text (an example, a dropped file, clearing), keeping the old one.
    pub fn replace(&mut self, text: String) {
        if text == self.text {
            return;
        }
        let old = std::mem::replace(&mut self.text, text);
        if !old.is_empty() {
            self.undo.push(old);
            if self.undo.len() > HISTORY {
                self.undo.remove(0);
            }
        }
        self.redo.clear();
    }

    /// Brings back the text before the last replacement.
    pub fn undo(&mut self) -> bool {
        match self.undo.pop() {
            Some(prev) => {
                let cur = std::mem::replace(&mut self.text, prev);
                self.redo.push(cur);
                true
            }
            None => false,
        }
    }

    /// Re-applies an undone replacement.
    pub fn redo(&mut self) -> bool {
        match self.redo.pop() {
            Some(next) => {
                let cur = std::mem::replace(&mut self.text, next);
                self.undo.push(cur);
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

    #[test]
    fn examples_are_the_seeds() {
        for (stem, _, _, text) in EXAMPLES {
            assert!(!jixiao_forms(text).is_empty(), "{stem} reads no form");
        }
    }

    fn jixiao_forms(text: &str) -> Vec<crate::core::model::Form> {
        crate::core::parse::parse(text).forms
    }
}
