//! The reader on any text: never panics, and every line it reports lies inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let report = jixiao::parse(&text);
    let last = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .split('\n')
        .count()
        .max(1);
    for f in &report.forms {
        assert!(f.lines[0] >= 1 && f.lines[0] <= f.lines[1] && f.lines[1] <= last);
        for i in &f.indicators {
            assert!(i.line >= f.lines[0] && i.line <= f.lines[1]);
        }
    }
    for d in &report.diagnostics {
        assert!(d.form < report.forms.len().max(1));
        assert!(d.lines[0] >= 1 && d.lines[0] <= d.lines[1] && d.lines[1] <= last);
    }
});
