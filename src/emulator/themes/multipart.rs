//! The `multipart/form-data` bodies of `uploadTheme` and `patchTheme` (`@qlik/api` encodes
//! `{file, data}` as a form: `file` the archive, `data` the `Theme` model as a JSON blob).

use std::collections::BTreeMap;

/// The parts of a form by name (the last of a repeated name wins).
pub type Form = BTreeMap<String, Vec<u8>>;

/// Parses `body` sent with `content_type`; `None` when it is not a well-formed form.
pub fn parse(content_type: &str, body: &[u8]) -> Option<Form> {
    let (kind, params) = content_type.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    let boundary = params.split(';').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case("boundary")).then(|| v.trim().trim_matches('"').to_owned())
    })?;
    let delimiter = format!("--{boundary}").into_bytes();
    let mut form = Form::new();
    let mut rest = &body[find(body, &delimiter)? + delimiter.len()..];
    loop {
        if rest.starts_with(b"--") {
            return Some(form);
        }
        rest = rest.strip_prefix(b"\r\n")?;
        let end = find(rest, &delimiter)?;
        let part = rest[..end].strip_suffix(b"\r\n")?;
        let split = find(part, b"\r\n\r\n")?;
        let headers = String::from_utf8_lossy(&part[..split]);
        let name = headers.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            if !key.trim().eq_ignore_ascii_case("content-disposition") {
                return None;
            }
            value.split(';').find_map(|p| {
                let p = p.trim();
                p.strip_prefix("name=")
                    .map(|n| n.trim_matches('"').to_owned())
            })
        })?;
        form.insert(name, part[split + 4..].to_vec());
        rest = &rest[end + delimiter.len()..];
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_read_by_name() {
        let body = b"--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"t.zip\"\r\nContent-Type: application/octet-stream\r\n\r\nPK\x03\x04\r\n--xyz\r\nContent-Disposition: form-data; name=\"data\"; filename=\"\"\r\nContent-Type: application/json\r\n\r\n{\"name\":\"x\"}\r\n--xyz--\r\n";
        let form = parse("multipart/form-data; boundary=xyz", body).expect("form");
        assert_eq!(form["file"], b"PK\x03\x04");
        assert_eq!(form["data"], b"{\"name\":\"x\"}");
        assert!(parse("application/json", body).is_none());
        assert!(parse("multipart/form-data; boundary=other", body).is_none());
    }
}
