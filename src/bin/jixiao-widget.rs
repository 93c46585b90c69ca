//! The widget's entry: registers `<jixiao-checker>` when the package is initialised; `mount`
//! and the handle come from the library (`src/widget.rs`).

fn main() {
    jixiao::widget::start();
}
