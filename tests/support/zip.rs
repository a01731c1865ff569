//! Hand-made ZIP archives and deflate streams for hostile-input tests
//! (`tests/containers.rs`) and the hostile-input table (`examples/hostile.rs`).

/// Writes a ZIP archive by hand with one deflated entry whose headers
/// declare `declared` uncompressed bytes, for bombs the zip writer would not
/// make.
pub fn hand_zip(name: &str, deflated: &[u8], declared: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let le16 = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
    let le32 = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    let csize = deflated.len() as u32;
    // Local file header.
    le32(&mut out, 0x0403_4b50);
    for x in [20u16, 0, 8, 0, 0x21] {
        le16(&mut out, x);
    }
    for x in [0u32, csize, declared] {
        le32(&mut out, x);
    }
    le16(&mut out, name.len() as u16);
    le16(&mut out, 0);
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(deflated);
    // Central directory.
    let cd = out.len() as u32;
    le32(&mut out, 0x0201_4b50);
    for x in [20u16, 20, 0, 8, 0, 0x21] {
        le16(&mut out, x);
    }
    for x in [0u32, csize, declared] {
        le32(&mut out, x);
    }
    for x in [name.len() as u16, 0, 0, 0, 0] {
        le16(&mut out, x);
    }
    le32(&mut out, 0);
    le32(&mut out, 0);
    out.extend_from_slice(name.as_bytes());
    let cd_size = out.len() as u32 - cd;
    // End of central directory.
    le32(&mut out, 0x0605_4b50);
    for x in [0u16, 0, 1, 1] {
        le16(&mut out, x);
    }
    le32(&mut out, cd_size);
    le32(&mut out, cd);
    le16(&mut out, 0);
    out
}

/// A raw deflate stream of `mib` MiB of zeros, built from one compressed
/// MiB repeated (each copy ends in a full flush, so copies chain), in a few
/// hundred KB and a few milliseconds.
pub fn deflated_zeros(mib: usize) -> Vec<u8> {
    let mut c = flate2::Compress::new(flate2::Compression::best(), false);
    let zeros = vec![0u8; 1 << 20];
    let mut block = Vec::with_capacity(1 << 16);
    c.compress_vec(&zeros, &mut block, flate2::FlushCompress::Full)
        .expect("deflate");
    assert_eq!(c.total_in(), 1 << 20);
    let mut out = Vec::with_capacity(block.len() * mib + 2);
    for _ in 0..mib {
        out.extend_from_slice(&block);
    }
    out.extend_from_slice(&[0x03, 0x00]); // final empty block
    out
}
