//! Writes the files the end-to-end tests drop into the page, made from the seeds: a GBK text,
//! .xlsx workbooks (numbers with their formats, merged 一级指标 cells) and a .docx document.
//!
//! `cargo run --example e2e_fixtures -- target/e2e-fixtures`

#[path = "../tests/common/make.rs"]
mod make;

use std::path::PathBuf;

const CHANGSHOU: &str = include_str!("../tests/fixtures/seeds/changshou-target-table.txt");
const LUAN: &str = include_str!("../tests/fixtures/seeds/luan-2021-target-declaration.txt");
const YANCHI: &str = include_str!("../tests/fixtures/seeds/yanchi-2022-target-approval.txt");
const FUSHUN: &str = include_str!("../tests/fixtures/seeds/fushun-2021-self-evaluation.txt");

fn main() -> std::io::Result<()> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "target/e2e-fixtures".into()),
    );
    std::fs::create_dir_all(&dir)?;
    let (gbk, _, unmappable) = encoding_rs::GB18030.encode(CHANGSHOU);
    assert!(!unmappable, "the seed has a character GB18030 cannot write");
    std::fs::write(dir.join("changshou-gbk.txt"), &gbk)?;
    std::fs::write(dir.join("yanchi.xlsx"), make::xlsx_of(&[YANCHI]).0)?;
    std::fs::write(dir.join("fushun.xlsx"), make::xlsx_of(&[FUSHUN]).0)?;
    let mut written = make::DocWritten::default();
    let doc = make::document_xml(LUAN, &mut written);
    std::fs::write(dir.join("luan.docx"), make::docx_of(doc))?;
    println!("wrote the end-to-end fixtures to {}", dir.display());
    Ok(())
}
