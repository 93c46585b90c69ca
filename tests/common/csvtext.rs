//! Reading back the CSV the exports write (shared by the export tests).

/// The records of a CSV text (after its BOM), header included, as the `csv` crate reads them.
pub fn records(csv_text: &str) -> Vec<Vec<String>> {
    let body = csv_text.strip_prefix('\u{FEFF}').expect("a BOM first");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes())
        .records()
        .map(|r| {
            r.expect("a valid record")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}
