//! The file readers on any bytes: the first byte picks the name (an .xlsx workbook, a .docx
//! document, a text file), the rest is the file. Never panics; what reads is checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &["form.xlsx", "form.docx", "form.txt", "form.csv", "form.xls"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[pick as usize % NAMES.len()];
    if let Ok(file) = jixiao::core::files::read_file(name, bytes) {
        let _ = jixiao::check(&file.text);
    }
});
