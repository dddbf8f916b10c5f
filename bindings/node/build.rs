//! Link settings for a Node addon (undefined N-API symbols resolved by the loading process).

fn main() {
    napi_build::setup();
}
