//! Packing a theme's files into the zip Qlik's themes API takes (the CLI packs a theme
//! folder this way; tests build archives with it).

use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

/// A deflated zip of `files` (path inside the archive, contents), in the order given.
pub fn pack(files: &[(String, Vec<u8>)]) -> std::io::Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (path, data) in files {
        zip.start_file(path.as_str(), options)
            .map_err(std::io::Error::other)?;
        zip.write_all(data)?;
    }
    let cursor = zip.finish().map_err(std::io::Error::other)?;
    Ok(cursor.into_inner())
}
