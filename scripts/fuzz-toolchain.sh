# The nightly toolchain and cargo-fuzz the fuzz targets are built with (sourced).
FUZZ_TOOLCHAIN=nightly-2026-05-20
CARGO_FUZZ_VERSION=0.13.1
