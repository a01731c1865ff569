//! The number scanner: never a panic, spans in order and inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let n = s.chars().count();
    let mut last = 0;
    for q in zhengbao::numbers::scan(&s) {
        assert!(q.span.0 >= last && q.span.0 <= q.span.1 && q.span.1 <= n);
        assert!(q.span.0 <= q.num_span.0 && q.num_span.1 <= q.span.1);
        last = q.span.1;
        let _ = q.value.to_f64();
    }
});
